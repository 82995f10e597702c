"""Turning received Collect submissions into interviews, at unseal (and on arrival if unsealed).

Each one is decrypted, its signature checked, its answers read and stored through
`interview_create`, the path of every web entry. What fails stays sealed, listed for the
coordinator with its reason (sealed); a respondent under 18 is not stored and her ciphertext is
deleted. Whatever did not become an interview loses its parts: in clear a failure and a referral
look alike.
"""

from __future__ import annotations

import logging
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction
from django.utils import timezone

from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.interviews.intake import Erased
from kua.interviews.models import Interview
from kua.interviews.services import InterviewInvalid, MinorRespondent, interview_create
from kua.odk import crypto, keys
from kua.odk.answers import InstanceUnreadable, raw_answers, read_instance
from kua.odk.manifest import ManifestError, parse_manifest
from kua.odk.models import OdkKey, OdkPart, OdkSubmission
from kua.odk.sealing import Sealed, open_sealed, seal
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import spec_for
from kua.vault.linkage import instance_key
from kua.vault.models import Vault
from kua.vault.selectors import VaultSealed, is_unsealed, vault_for
from kua.vault.services import KeyRing

logger = logging.getLogger("kua.odk")
Status = OdkSubmission.Status


class _Failed(Exception):
    def __init__(self, reason: str, detail: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail or {}


def forget_erased(event: Erased) -> None:
    """Consent withdrawn: what the phone sent for these interviews (the manifest and the sealed
    photographs and documents) goes with them, inside the erasing transaction (intake step)."""
    OdkSubmission.objects.filter(interview_id__in=event.interview_ids).delete()


def process_on_unseal(sender: object, *, vault: Vault, **kwargs: object) -> None:
    try:
        process_pending(vault)
    except Exception:  # an unseal never fails because of a submission; they stay pending
        logger.warning("Collect submissions were left pending after unseal", exc_info=False)


def process_if_unsealed(organisation_id: int) -> None:
    vault = vault_for(organisation_id)
    if is_unsealed(vault):
        process_pending(vault)


def process_pending(vault: Vault) -> int:
    """Process every pending submission of the vault's organisation; returns how many were done."""
    pending = list(
        OdkSubmission.objects.filter(organisation_id=vault.organisation_id, status=Status.PENDING).order_by(
            "pk"
        )
    )
    if not pending:
        return 0
    key = OdkKey.objects.filter(organisation_id=vault.organisation_id).first()
    if key is None:
        return 0
    try:
        private = keys.open_private_key(vault, key)
        ring = KeyRing(vault)
    except VaultSealed:
        return 0
    for submission in pending:
        try:
            _process(_Opened(submission, ring.key(submission.data_key_id or 0)), private)
        except Exception:  # one broken row must not stop the others; it stays pending
            logger.warning("a Collect submission could not be processed (id %s)", submission.pk)
    return len(pending)


class _Opened:
    """A submission with its data key and what is sealed in it, while it is processed."""

    def __init__(self, submission: OdkSubmission, key: bytes) -> None:
        self.submission = submission
        self.key = key
        self.sealed = open_sealed(submission, key)


def _parts(submission: OdkSubmission) -> dict[str, bytes]:
    return {name: bytes(data) for name, data in submission.parts.values_list("name", "data")}


def _process(opened: _Opened, private: rsa.RSAPrivateKey) -> None:
    submission = opened.submission
    try:
        version, raw, instance_id = _open(opened, private)
    except _Failed as failed:
        _fail(opened, failed)
        return
    try:
        interview = interview_create(
            actor=submission.user,
            form_version=version,
            raw=raw,
            today=timezone.localdate(),
            instance_id=instance_id,
            via="odk",
        )
    except MinorRespondent:
        _refer(opened)
    except InterviewInvalid as invalid:
        codes = {name: [error.code for error in errors] for name, errors in invalid.errors.items()}
        _fail(opened, _Failed("invalid_answers", {"fields": codes}))
    except IntegrityError:
        _already_stored(opened, instance_id)
    else:
        _stored(opened, interview)


def _open(opened: _Opened, private: rsa.RSAPrivateKey) -> tuple[FormVersion, dict[str, Any], str]:
    submission = opened.submission
    parts = _parts(submission)
    try:
        manifest = parse_manifest(opened.sealed.manifest)
    except ManifestError:
        raise _Failed("unreadable") from None
    version = FormVersion.objects.filter(
        organisation_id=submission.organisation_id, form_id=manifest.form_id, version=manifest.version or ""
    ).first()
    if version is None:
        raise _Failed("unknown_form_version")
    try:
        decrypted = crypto.decrypt_submission(private, manifest, parts)
    except crypto.OdkDecryptionFailed as error:
        raise _Failed("bad_signature" if str(error) == "signature" else "damaged") from None
    try:
        instance = read_instance(decrypted.xml)
    except InstanceUnreadable:
        raise _Failed("unreadable") from None
    if (instance.form_id, instance.version, instance.instance_id) != (
        manifest.form_id,
        manifest.version or "",
        manifest.instance_id,
    ):
        raise _Failed("mismatch")
    return version, raw_answers(spec_for(version), instance), manifest.instance_id


def _finish(opened: _Opened, status: str, sealed: Sealed) -> None:
    submission = opened.submission
    submission.status = Status.STORED if status == "stored" else Status.FAILED
    seal(submission, opened.key, sealed)
    submission.processed_at = timezone.now()
    submission.save(update_fields=["status", "sealed", "processed_at", "interview"])


def _fail(opened: _Opened, failed: _Failed) -> None:
    """Not stored: the reason is sealed, and what the phone sent is deleted."""
    with transaction.atomic():
        OdkPart.objects.filter(submission=opened.submission).delete()
        _finish(opened, "failed", opened.sealed.finished("failed", failed.reason, **failed.detail))
        # The same row as a failure: a copy of the audit chain must not single out a minor.
        audit_record(AuditAction.ODK_SUBMISSION_FAIL, actor=opened.submission.user, obj=opened.submission)


def _refer(opened: _Opened) -> None:
    with transaction.atomic():
        OdkPart.objects.filter(submission=opened.submission).delete()
        _finish(opened, "referred", opened.sealed.finished("referred", "minor"))
        audit_record(AuditAction.ODK_SUBMISSION_FAIL, actor=opened.submission.user, obj=opened.submission)


def _stored(opened: _Opened, interview: Interview) -> None:
    """The answers now live in the interview's sealed payload; only media parts stay."""
    submission = opened.submission
    with transaction.atomic():
        submission.interview = interview
        _drop_answer_parts(opened)
        _finish(opened, "stored", opened.sealed.finished("stored"))
        audit_record(
            AuditAction.ODK_SUBMISSION_STORE,
            actor=submission.user,
            obj=submission,
        )


def _drop_answer_parts(opened: _Opened) -> None:
    try:
        kept = set(parse_manifest(opened.sealed.manifest).media)
    except ManifestError:
        kept = set()
    OdkPart.objects.filter(submission=opened.submission).exclude(name__in=kept).delete()


def _already_stored(opened: _Opened, instance_id: str) -> None:
    """Another process stored it a moment ago, or the instance was imported before."""
    submission = opened.submission
    submission.refresh_from_db()
    if submission.status != Status.PENDING:
        return
    stored_as = instance_key(vault_for(submission.organisation_id), instance_id)
    interview = Interview.objects.filter(
        organisation_id=submission.organisation_id, instance_id=stored_as
    ).first()
    if interview is None:
        _fail(opened, _Failed("duplicate"))
    else:
        _stored(opened, interview)
