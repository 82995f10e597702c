from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kua.accounts import policy, roles


def kua_context(request: HttpRequest) -> dict[str, Any]:
    # Each language named in itself: settings.LANGUAGES as written, not run through gettext
    # as {% get_available_languages %} does (which would show "Английский").
    languages = {"language_buttons": settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return languages
    return {
        **languages,
        "can_enter": roles.can_enter_interviews(user.role),
        "can_list": roles.can_list_interviews(user.role),
        "can_manage_vault": roles.can_manage_vault(user.role),
        "can_read_counts": user.role in (roles.Role.COORDINATOR, roles.Role.ANALYST, roles.Role.LAWYER),
        "can_export": user.role in (roles.Role.COORDINATOR, roles.Role.LAWYER),
        "can_list_cases": policy.may_list_cases(user),
    }
