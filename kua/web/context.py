from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kua.accounts import policy


def kua_context(request: HttpRequest) -> dict[str, Any]:
    """The menus and buttons this person may be offered, as the access policy decides.

    Each language is named in itself: settings.LANGUAGES as written, not run through gettext
    as {% get_available_languages %} does (which would show "Английский").
    """
    languages = {"language_buttons": settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return languages
    return {
        **languages,
        **policy.template_permissions(user),
        "can_see_study": policy.may_see_study_progress(user),
        "can_list_cases": policy.may_list_cases(user),
        "can_read_audit": policy.may_read_audit_log(user),
        "can_read_help": policy.may_read_help(user),
    }
