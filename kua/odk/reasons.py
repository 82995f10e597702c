"""Why a Collect submission was not stored, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _


def reason_text(code: str) -> str:
    texts = {
        "": _("Waiting for the vault to be unsealed."),
        "bad_signature": _(
            "The signature does not match: the submission was changed after the phone sealed it."
        ),
        "damaged": _("A part of the submission is damaged or was encrypted with another key."),
        "unreadable": _("The submission cannot be read as an interview of this form."),
        "mismatch": _("The sealed interview does not match its envelope (form or instanceID)."),
        "unknown_form_version": _("The form version it was filled in is not installed here."),
        "invalid_answers": _("The answers do not pass the form's checks."),
        "duplicate": _("An interview with this instanceID is already stored."),
        "minor": _("The respondent is under 18: nothing was stored. Follow the child-protection referral."),
    }
    return texts.get(code, code)
