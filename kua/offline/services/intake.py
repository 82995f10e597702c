"""Turning entries sealed on phones into interviews and refusals, at unseal (and on arrival if
unsealed), through `interview_create`, the path of every web entry and Collect submission.

What fails stays listed with its reason (the envelope stays sealed); a respondent under 18 is
never stored: her envelope is replaced by a decoy of the same size, so that her entry looks like
any other failure in a copy of the database.
"""

from __future__ import annotations

import logging
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction
from django.utils import timezone

from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.interviews.forms import refusal_form
from kua.interviews.intake import Erased
from kua.interviews.models import Interview
from kua.interviews.services import InterviewInvalid, MinorRespondent, interview_create, refusal_create
from kua.offline import envelope
from kua.offline.keys import offline_private_key
from kua.offline.models import OfflineKey, OfflineSubmission
from kua.offline.services import client_hash, valid_client_id
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import current_form, spec_for
from kua.vault.models import Vault
from kua.vault.selectors import VaultSealed, is_unsealed, vault_for
from kua.vault.services import sealed_note

logger = logging.getLogger("kua.offline")
Status = OfflineSubmission.Status
INSTANCE_PREFIX = "kua-offline:"


class _Failed(Exception):
    def __init__(self, reason: str, detail: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail or {}


def forget_erased(event: Erased) -> None:
    """What the phone sent for erased interviews goes with them (intake step)."""
    OfflineSubmission.objects.filter(interview_id__in=event.interview_ids).delete()


def process_on_unseal(sender: object, *, vault: Vault, **kwargs: object) -> None:
    try:
        process_pending(vault)
    except Exception:  # an unseal never fails because of an entry; they stay pending
        logger.warning("offline entries were left pending after unseal", exc_info=False)


def process_if_unsealed(organisation_id: int) -> None:
    vault = vault_for(organisation_id)
    if is_unsealed(vault):
        process_pending(vault)


def process_pending(vault: Vault) -> int:
    """Process every pending entry of the vault's organisation; returns how many were done."""
    pending = list(
        OfflineSubmission.objects.filter(organisation_id=vault.organisation_id, status=Status.PENDING)
        .select_related("user")
        .order_by("pk")
    )
    if not pending:
        return 0
    try:
        private = offline_private_key(vault)
    except VaultSealed:
        return 0
    if private is None:
        return 0
    for submission in pending:
        try:
            _process(submission, private)
        except Exception:  # one broken row must not stop the others; it stays pending
            logger.warning("an offline entry could not be processed (id %s)", submission.pk)
    return len(pending)


def _open(submission: OfflineSubmission, private: rsa.RSAPrivateKey) -> tuple[str, dict[str, Any]]:
    try:
        entry = envelope.open_envelope(private, bytes(submission.envelope or b""))
    except envelope.EnvelopeDamaged:
        raise _Failed("damaged") from None
    client_id = entry.get("id")
    if not isinstance(client_id, str) or not valid_client_id(client_id):
        raise _Failed("mismatch")
    if client_hash(submission.organisation_id, client_id) != submission.client_hash:
        raise _Failed("mismatch")
    return client_id, entry


def _process(submission: OfflineSubmission, private: rsa.RSAPrivateKey) -> None:
    try:
        client_id, entry = _open(submission, private)
        if entry.get("kind") == "refusal":
            _store_refusal(submission, entry)
        else:
            _store_interview(submission, client_id, entry)
    except _Failed as failed:
        _fail(submission, failed)


def _form_version(submission: OfflineSubmission, entry: dict[str, Any]) -> FormVersion:
    version = FormVersion.objects.filter(
        organisation_id=submission.organisation_id,
        form_id=str(entry.get("form_id", "")),
        version=str(entry.get("version", "")),
    ).first()
    if version is None:
        raise _Failed("unknown_form_version")
    return version


def _raw(version: FormVersion, answers: Any) -> dict[str, Any]:
    if not isinstance(answers, dict):
        raise _Failed("unreadable")
    names = {field.name for field in spec_for(version).fields}
    raw: dict[str, Any] = {}
    for name, value in answers.items():
        if name not in names or value in ("", [], None):
            continue
        raw[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return raw


def _store_interview(submission: OfflineSubmission, client_id: str, entry: dict[str, Any]) -> None:
    version = _form_version(submission, entry)
    try:
        interview = interview_create(
            actor=submission.user,
            form_version=version,
            raw=_raw(version, entry.get("answers")),
            today=timezone.localdate(),
            instance_id=INSTANCE_PREFIX + client_id,
            via="offline",
        )
    except MinorRespondent:
        _refer(submission)
    except InterviewInvalid as invalid:
        codes = {name: [error.code for error in errors] for name, errors in invalid.errors.items()}
        raise _Failed("invalid_answers", {"fields": codes}) from None
    except IntegrityError:
        raise _Failed("duplicate") from None
    else:
        _stored(submission, interview)


def _store_refusal(submission: OfflineSubmission, entry: dict[str, Any]) -> None:
    data = entry.get("refusal")
    if not isinstance(data, dict):
        raise _Failed("unreadable")
    form = refusal_form(spec_for(current_form(submission.organisation_id)), data)
    if not form.is_valid():
        raise _Failed("invalid_answers", {"fields": {name: ["invalid"] for name in form.errors}})
    with transaction.atomic():
        refusal_create(actor=submission.user, **form.cleaned_data)
        _finish(submission, "stored")
        audit_record(AuditAction.OFFLINE_STORE, actor=submission.user, obj=submission)


def _finish(submission: OfflineSubmission, outcome: str, reason: str = "", **detail: Any) -> None:
    """outcome: stored, failed or referred; in clear only stored or failed, the rest sealed."""
    submission.status = Status.STORED if outcome == "stored" else Status.FAILED
    submission.outcome = ""
    if outcome != "stored":
        note = {"outcome": outcome, "reason": reason, "detail": detail}
        submission.outcome = sealed_note(submission.organisation_id, note)
    submission.processed_at = timezone.now()
    if outcome == "stored":
        submission.envelope = None  # stored in the vault's own sealing now
    elif outcome == "referred":
        submission.envelope = _decoy(submission)  # never to be kept, nor to be told apart
    submission.save(update_fields=["status", "outcome", "processed_at", "interview", "envelope"])


def _decoy(submission: OfflineSubmission) -> bytes:
    public = OfflineKey.objects.values_list("public_key", flat=True).get(
        organisation_id=submission.organisation_id
    )
    return envelope.decoy(bytes(public), bytes(submission.envelope or b""))


def _fail(submission: OfflineSubmission, failed: _Failed) -> None:
    with transaction.atomic():
        _finish(submission, "failed", failed.reason, **failed.detail)
        audit_record(AuditAction.OFFLINE_FAIL, actor=submission.user, obj=submission)


def _refer(submission: OfflineSubmission) -> None:
    with transaction.atomic():
        _finish(submission, "referred", "minor")
        audit_record(AuditAction.OFFLINE_FAIL, actor=submission.user, obj=submission)


def _stored(submission: OfflineSubmission, interview: Interview) -> None:
    with transaction.atomic():
        submission.interview = interview
        _finish(submission, "stored")
        audit_record(AuditAction.OFFLINE_STORE, actor=submission.user, obj=submission)
