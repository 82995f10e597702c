"""Receiving a Collect submission: stored as sent (ciphertext), opened at the next unseal."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.odk.crypto import Manifest
from kua.odk.manifest import ManifestError, parse_manifest
from kua.odk.models import OdkPart, OdkSubmission
from kua.odk.sealing import Sealed, instance_ref, seal
from kua.vault.selectors import vault_for
from kua.vault.services import new_data_key

MANIFEST_PART = "xml_submission_file"


class SubmissionRefused(Exception):
    """The request is not an encrypted submission Kua can keep; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class SubmissionTooLarge(SubmissionRefused):
    """A file over the per-file limit ("file") or over the link's 24-hour quota ("quota")."""


class SubmissionConflict(Exception):
    """The same instanceID arrived before with other bytes."""


@dataclass(frozen=True)
class Received:
    submission: OdkSubmission
    created: bool


def _digest(manifest: bytes, parts: Mapping[str, bytes]) -> str:
    hasher = hashlib.sha256()
    for name, data in sorted({MANIFEST_PART: manifest, **parts}.items()):
        for chunk in (name.encode("utf-8"), len(data).to_bytes(8, "big"), data):
            hasher.update(chunk)
    return hasher.hexdigest()


def _check(manifest_bytes: bytes, files: Mapping[str, bytes]) -> tuple[Manifest, dict[str, bytes]]:
    try:
        manifest = parse_manifest(manifest_bytes)
    except ManifestError as error:
        raise SubmissionRefused(error.code) from None
    wanted = (*manifest.media, manifest.xml_file)
    missing = [name for name in wanted if name not in files]
    if missing:
        raise SubmissionRefused("missing_part")
    return manifest, {name: files[name] for name in wanted}


def _check_quota(user: User, parts: Mapping[str, bytes], size: int) -> None:
    if any(len(data) > settings.ODK_MAX_FILE_BYTES for data in parts.values()):
        raise SubmissionTooLarge("file")
    since = timezone.now() - datetime.timedelta(hours=24)
    sent = OdkSubmission.objects.filter(user=user, received_at__gte=since).aggregate(total=Sum("size"))
    if (sent["total"] or 0) + size > settings.ODK_LINK_DAILY_BYTES:
        raise SubmissionTooLarge("quota")


def odk_submission_receive(*, user: User, manifest_bytes: bytes, files: Mapping[str, bytes]) -> Received:
    """Keep an encrypted submission of `user` (works while sealed).

    The same instanceID with the same bytes is a success that stores nothing new; with
    other bytes it is a SubmissionConflict. Raises SubmissionRefused for what is not an
    encrypted submission with every part it names, SubmissionTooLarge over a limit."""
    manifest, parts = _check(manifest_bytes, files)
    digest = _digest(manifest_bytes, parts)
    organisation_id = user.org_id
    reference = instance_ref(organisation_id, manifest.instance_id)
    earlier = OdkSubmission.objects.filter(organisation_id=organisation_id, instance_ref=reference).first()
    if earlier is not None:
        return _replayed(earlier, digest)
    size = len(manifest_bytes) + sum(len(data) for data in parts.values())
    _check_quota(user, parts, size)
    try:
        with transaction.atomic():
            submission = _create(user, manifest, manifest_bytes, reference, digest, size)
            OdkPart.objects.bulk_create(
                [OdkPart(submission=submission, name=name, data=data) for name, data in parts.items()]
            )
            audit_record(
                AuditAction.ODK_SUBMISSION_RECEIVE, actor=user, obj=submission, parts=len(parts), via="odk"
            )
    except IntegrityError:  # the same instance arrived at the same moment
        return _replayed(
            OdkSubmission.objects.get(organisation_id=organisation_id, instance_ref=reference), digest
        )
    return Received(submission, created=True)


def _create(
    user: User, manifest: Manifest, manifest_bytes: bytes, reference: str, digest: str, size: int
) -> OdkSubmission:
    key_row, key = new_data_key(vault_for(user.org_id))
    submission = OdkSubmission(
        organisation_id=user.org_id,
        user=user,
        instance_ref=reference,
        form_id=manifest.form_id,
        form_version=manifest.version or "",
        digest=digest,
        size=size,
        data_key=key_row,
    )
    seal(submission, key, Sealed(manifest_bytes))
    submission.save()
    return submission


def _replayed(earlier: OdkSubmission, digest: str) -> Received:
    if earlier.digest != digest:
        raise SubmissionConflict()
    return Received(earlier, created=False)
