"""Why a Collect submission was not stored, in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from kua.odk.models import OdkSubmission
from kua.odk.sealing import open_sealed
from kua.vault.selectors import VaultSealed, vault_for
from kua.vault.services import KeyRing


def outcomes(
    submissions: Iterable[OdkSubmission], organisation_id: int
) -> list[tuple[OdkSubmission, str, bool]]:
    """Each submission with its reason in words and whether it is a child-protection referral
    (both sealed: while the vault is sealed the reason says so)."""
    try:
        ring: KeyRing | None = KeyRing(vault_for(organisation_id))
    except VaultSealed:
        ring = None
    rows = []
    for submission in submissions:
        if submission.status == OdkSubmission.Status.PENDING:
            rows.append((submission, reason_text(""), False))
            continue
        if ring is None or submission.data_key_id is None:
            rows.append((submission, reason_text("sealed"), False))
            continue
        sealed = open_sealed(submission, ring.key(submission.data_key_id))
        rows.append((submission, reason_text(sealed.reason), sealed.status == "referred"))
    return rows


def reason_text(code: str) -> str:
    texts = {
        "": _("Waiting for the vault to be unsealed."),
        "sealed": _("Sealed: unseal the vault to see the reason."),
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
