"""Why the server did not take an entry, in the documenter's language (codes are fixed)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def reason_texts() -> dict[str, str]:
    """Every code the page may show, in the active language (the page keeps them offline)."""
    return {
        "session": _("Your session has ended or this account is blocked: log in again to send."),
        "forbidden": _("This account may not enter interviews."),
        "unreadable": _("The server could not read this entry; it stays on this phone."),
        "too_large": _("This entry is too large to send."),
        "conflict": _("An entry with the same id arrived before with other content."),
        "damaged": _("The entry does not open with the organisation's key."),
        "mismatch": _("The entry does not open with the organisation's key."),
        "unknown_form_version": _("This entry was made with a questionnaire the server no longer knows."),
        "invalid_answers": _("The server refused some answers: correct them in a new interview."),
        "duplicate": _("This interview was stored before."),
        "minor": _("The respondent is under 18: nothing is kept; see the child-protection referral."),
        "server": _("The server did not answer; it will be tried again."),
    }


def reason_text(code: str) -> str:
    texts = reason_texts()
    return texts.get(code, texts["unreadable"])
