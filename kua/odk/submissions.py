"""Receiving a Collect submission: stored as sent (ciphertext), opened at the next unseal."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.odk.crypto import Manifest
from kua.odk.manifest import ManifestError, parse_manifest
from kua.odk.models import OdkPart, OdkSubmission

MANIFEST_PART = "xml_submission_file"


class SubmissionRefused(Exception):
    """The request is not an encrypted submission Kua can keep; `code` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


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


def odk_submission_receive(*, user: User, manifest_bytes: bytes, files: Mapping[str, bytes]) -> Received:
    """Keep an encrypted submission of `user` (works while sealed).

    The same instanceID with the same bytes is a success that stores nothing new; with
    other bytes it is a SubmissionConflict. Raises SubmissionRefused for what is not an
    encrypted submission with every part it names."""
    manifest, parts = _check(manifest_bytes, files)
    digest = _digest(manifest_bytes, parts)
    organisation_id = user.org_id
    earlier = OdkSubmission.objects.filter(
        organisation_id=organisation_id, instance_id=manifest.instance_id
    ).first()
    if earlier is not None:
        return _replayed(earlier, digest)
    try:
        with transaction.atomic():
            submission = OdkSubmission.objects.create(
                organisation_id=organisation_id,
                user=user,
                instance_id=manifest.instance_id,
                form_id=manifest.form_id,
                form_version=manifest.version or "",
                digest=digest,
            )
            OdkPart.objects.bulk_create(
                [OdkPart(submission=submission, name=MANIFEST_PART, data=manifest_bytes)]
                + [OdkPart(submission=submission, name=name, data=data) for name, data in parts.items()]
            )
            audit_record(
                AuditAction.ODK_SUBMISSION_RECEIVE, actor=user, obj=submission, parts=len(parts), via="odk"
            )
    except IntegrityError:  # the same instance arrived at the same moment
        return _replayed(
            OdkSubmission.objects.get(organisation_id=organisation_id, instance_id=manifest.instance_id),
            digest,
        )
    return Received(submission, created=True)


def _replayed(earlier: OdkSubmission, digest: str) -> Received:
    if earlier.digest != digest:
        raise SubmissionConflict()
    return Received(earlier, created=False)
