"""Session limits and the two-factor requirement."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from kua.accounts.selectors import passed_two_factor

LOGIN_AT = "kua_login_at"
SEEN_AT = "kua_seen_at"
# The last-seen time is written at most this often: a session write per request would cost
# a database write per request, and a minute is nothing against a 30-minute idle limit.
SEEN_RESOLUTION_SECONDS = 60

# Paths a half-logged-in user (password given, code not yet) may reach.
_TWO_FACTOR_OPEN = ("/accounts/2fa/", "/accounts/logout/", "/i18n/", "/static/")


class SessionLimitsMiddleware:
    """Log out after 30 idle minutes and after 12 hours in any case."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self._expired(request):
            logout(request)
            messages.info(request, _("Your session ended. Please log in again."))
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)

    def _expired(self, request: HttpRequest) -> bool:
        now = time.time()
        login_at = request.session.get(LOGIN_AT, now)
        seen_at = request.session.get(SEEN_AT, now)
        if now - login_at > settings.SESSION_ABSOLUTE_SECONDS:
            return True
        if now - seen_at > settings.SESSION_IDLE_SECONDS:
            return True
        if LOGIN_AT not in request.session:
            request.session[LOGIN_AT] = login_at
        if now - seen_at >= SEEN_RESOLUTION_SECONDS or SEEN_AT not in request.session:
            request.session[SEEN_AT] = now
        return False


class TwoFactorRequiredMiddleware:
    """Coordinators and lawyers reach nothing until they confirm a one-time code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "needs_two_factor", False)
            and not passed_two_factor(user)
            and not request.path.startswith(_TWO_FACTOR_OPEN)
        ):
            return redirect("two_factor")
        return self.get_response(request)
