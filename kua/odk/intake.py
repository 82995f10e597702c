"""Turning received Collect submissions into interviews, at unseal (and on arrival if unsealed).

Each one is decrypted, its signature checked, its answers read and stored through
`interview_create`, the path of every web entry. What fails stays sealed, listed for the
coordinator with its reason; a respondent under 18 is not stored and her ciphertext is deleted.
"""

from __future__ import annotations

import logging
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from django.db import IntegrityError, transaction
from django.utils import timezone

from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.interviews.models import Interview
from kua.interviews.services import InterviewInvalid, MinorRespondent, interview_create
from kua.interviews.signals import interviews_erased
from kua.odk import crypto, keys
from kua.odk.answers import InstanceUnreadable, raw_answers, read_instance
from kua.odk.manifest import ManifestError, parse_manifest
from kua.odk.models import OdkKey, OdkPart, OdkSubmission
from kua.odk.submissions import MANIFEST_PART
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import spec_for
from kua.vault.linkage import instance_key
from kua.vault.models import Vault
from kua.vault.services import VaultSealed, is_unsealed, vault_for
from kua.vault.signals import vault_unsealed

logger = logging.getLogger("kua.odk")
Status = OdkSubmission.Status


class _Failed(Exception):
    def __init__(self, reason: str, detail: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail or {}


def connect() -> None:
    vault_unsealed.connect(_on_unsealed, dispatch_uid="kua.odk.process_on_unseal")
    interviews_erased.connect(_forget_erased, dispatch_uid="kua.odk.erased")


def _forget_erased(sender: object, *, interview_ids: list[int], **kwargs: object) -> None:
    """Consent withdrawn: what the phone sent for these interviews (the manifest and the sealed
    photographs and documents) goes with them, inside the erasing transaction."""
    OdkSubmission.objects.filter(interview_id__in=interview_ids).delete()


def _on_unsealed(sender: object, *, vault: Vault, **kwargs: object) -> None:
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
    except VaultSealed:
        return 0
    for submission in pending:
        try:
            _process(submission, private)
        except Exception:  # one broken row must not stop the others; it stays pending
            logger.warning("a Collect submission could not be processed (id %s)", submission.pk)
    return len(pending)


def _parts(submission: OdkSubmission) -> dict[str, bytes]:
    return {name: bytes(data) for name, data in submission.parts.values_list("name", "data")}


def _process(submission: OdkSubmission, private: rsa.RSAPrivateKey) -> None:
    try:
        version, raw = _open(submission, private)
    except _Failed as failed:
        _fail(submission, failed)
        return
    try:
        interview = interview_create(
            actor=submission.user,
            form_version=version,
            raw=raw,
            today=timezone.localdate(),
            instance_id=submission.instance_id,
            via="odk",
        )
    except MinorRespondent:
        _refer(submission)
    except InterviewInvalid as invalid:
        codes = {name: [error.code for error in errors] for name, errors in invalid.errors.items()}
        _fail(submission, _Failed("invalid_answers", {"fields": codes}))
    except IntegrityError:
        _already_stored(submission)
    else:
        _stored(submission, interview)


def _open(submission: OdkSubmission, private: rsa.RSAPrivateKey) -> tuple[FormVersion, dict[str, Any]]:
    parts = _parts(submission)
    try:
        manifest = parse_manifest(parts.pop(MANIFEST_PART, b""))
    except ManifestError:
        raise _Failed("unreadable") from None
    version = FormVersion.objects.filter(
        organisation_id=submission.organisation_id, form_id=manifest.form_id, version=manifest.version or ""
    ).first()
    if version is None:
        raise _Failed("unknown_form_version")
    try:
        opened = crypto.decrypt_submission(private, manifest, parts)
    except crypto.OdkDecryptionFailed as error:
        raise _Failed("bad_signature" if str(error) == "signature" else "damaged") from None
    try:
        instance = read_instance(opened.xml)
    except InstanceUnreadable:
        raise _Failed("unreadable") from None
    if (instance.form_id, instance.version, instance.instance_id) != (
        manifest.form_id,
        manifest.version or "",
        manifest.instance_id,
    ):
        raise _Failed("mismatch")
    return version, raw_answers(spec_for(version), instance)


def _finish(submission: OdkSubmission, status: str, reason: str = "", **detail: Any) -> None:
    submission.status = status
    submission.reason = reason
    submission.detail = detail
    submission.processed_at = timezone.now()
    submission.save(update_fields=["status", "reason", "detail", "processed_at", "interview"])


def _fail(submission: OdkSubmission, failed: _Failed) -> None:
    with transaction.atomic():
        _finish(submission, Status.FAILED, failed.reason, **failed.detail)
        audit_record(
            AuditAction.ODK_SUBMISSION_FAIL, actor=submission.user, obj=submission, reason=failed.reason
        )


def _refer(submission: OdkSubmission) -> None:
    with transaction.atomic():
        OdkPart.objects.filter(submission=submission).delete()
        _finish(submission, Status.REFERRED, "minor")
        audit_record(AuditAction.ODK_SUBMISSION_REFER, actor=submission.user, obj=submission)


def _stored(submission: OdkSubmission, interview: Interview) -> None:
    """The answers now live in the interview's sealed payload; only media parts stay."""
    with transaction.atomic():
        submission.interview = interview
        _drop_answer_parts(submission)
        _finish(submission, Status.STORED)
        audit_record(
            AuditAction.ODK_SUBMISSION_STORE,
            actor=submission.user,
            obj=submission,
            interview=interview.audit_id,
        )


def _drop_answer_parts(submission: OdkSubmission) -> None:
    kept = set()
    try:
        manifest = parse_manifest(bytes(submission.parts.get(name=MANIFEST_PART).data))
        kept = {*manifest.media, MANIFEST_PART}
    except (OdkPart.DoesNotExist, ManifestError):
        pass
    OdkPart.objects.filter(submission=submission).exclude(name__in=kept).delete()


def _already_stored(submission: OdkSubmission) -> None:
    """Another process stored it a moment ago, or the instance was imported before."""
    submission.refresh_from_db()
    if submission.status != Status.PENDING:
        return
    stored_as = instance_key(vault_for(submission.organisation_id), submission.instance_id)
    interview = Interview.objects.filter(
        organisation_id=submission.organisation_id, instance_id=stored_as
    ).first()
    if interview is None:
        _fail(submission, _Failed("duplicate"))
    else:
        _stored(submission, interview)
