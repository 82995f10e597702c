"""Photographs and documents sent with a Collect interview: sealed, opened one at a time for a
person who may read that interview (the same consent rule as its narrative), audited."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from django.db import transaction

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.interviews.models import Interview
from kua.interviews.services import interview_read
from kua.odk import crypto, keys
from kua.odk.manifest import parse_manifest
from kua.odk.models import OdkKey, OdkPart, OdkSubmission
from kua.odk.sealing import open_sealed, submission_key
from kua.vault.selectors import vault_for


class MediaMissing(Exception):
    """No such media part for this interview."""


@dataclass(frozen=True)
class Media:
    name: str
    content_type: str
    data: bytes


def media_names(interview: Interview) -> list[str]:
    """The clear names of the interview's sealed media (no decryption, no answer)."""
    names = OdkPart.objects.filter(submission__interview=interview)
    return sorted(name.removesuffix(".enc") for name in names.values_list("name", flat=True))


def odk_media_read(*, user: User, interview: Interview, name: str) -> Media:
    """Decrypt one media file; raises PermissionDenied where the interview may not be read."""
    interview_read(user=user, interview=interview)  # the consent rule of the narrative, audited
    submission = OdkSubmission.objects.filter(interview=interview).first()
    part = OdkPart.objects.filter(submission=submission, name=f"{name}.enc").first()
    if submission is None or part is None:
        raise MediaMissing()
    vault = vault_for(interview.organisation_id)
    private = keys.open_private_key(vault, OdkKey.objects.get(organisation_id=interview.organisation_id))
    manifest = parse_manifest(open_sealed(submission, submission_key(vault, submission)).manifest)
    data = crypto.decrypt_media(private, manifest, part.name, bytes(part.data))
    with transaction.atomic():
        audit_record(AuditAction.ODK_MEDIA_READ, actor=user, obj=interview, file=name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Media(name, content_type, data)
