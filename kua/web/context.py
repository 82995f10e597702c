from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kua.accounts import policy


def kua_context(request: HttpRequest) -> dict[str, Any]:
    """The menus and buttons this person may be offered, as the access policy decides."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return policy.template_permissions(user)
