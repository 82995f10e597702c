"""django-axes, keeping only what the lockout needs.

The lockout counts failed logins per username (AXES_LOCKOUT_PARAMETERS). Axes would also store
the client's IP address, user agent, Accept header, path and the submitted form fields, and a
row per successful login: a copy of the database would then tell where and on which phone each
staff member works. Here the failure row holds the username, the failure count and the time
only, and no access log is kept (AXES_DISABLE_ACCESS_LOG)."""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.http import HttpRequest


def no_client_address(request: HttpRequest) -> None:
    """AXES_CLIENT_IP_CALLABLE: the address is not recorded (lockout is by username)."""
    return None


class UsernameOnlyHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """The database handler with the client's identifying details blanked before they are stored."""

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        if request is not None:
            request.axes_ip_address = None
            request.axes_user_agent = ""
            request.axes_http_accept = ""
            request.axes_path_info = ""
        super().user_login_failed(sender, credentials, request, **kwargs)
        AccessAttempt.objects.filter(ip_address=None).exclude(get_data="", post_data="").update(
            get_data="", post_data=""
        )
