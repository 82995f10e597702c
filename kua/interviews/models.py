"""Interviews as stored: clear columns say nothing about the respondent.

Everything the respondent said, the client code included, is in `payload`, encrypted
under a data key that only the organisation's private key opens.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kua.accounts.models import Organisation
from kua.interviews import payload as payload_codec
from kua.questionnaires.models import FormVersion
from kua.vault.models import DataKey


class ImportBatch(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)
    rows_stored = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    # A streaming import writes its rows under a pending batch; one final write makes them
    # visible. `owner` (host:pid) lets the next start remove what a crashed import left.
    pending = models.BooleanField(default=False)
    owner = models.CharField(max_length=120, blank=True)
    # In clear, so an import report can say "line 14 was imported on 12.03.2026 from
    # kobo-march.xlsx": a file name and a date say nothing about a respondent.
    filename = models.CharField(max_length=255, blank=True)


class VisibleInterviews(models.Manager["Interview"]):
    """Interviews of completed imports and single entries: never rows of a pending import."""

    def get_queryset(self) -> models.QuerySet[Interview]:
        pending = ImportBatch.objects.filter(pending=True).values("pk")
        return super().get_queryset().exclude(import_batch__in=pending)


class Interview(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="interviews")
    form_version = models.ForeignKey(FormVersion, on_delete=models.PROTECT)
    documenter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    import_batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, null=True)
    # An ODK/Kobo instance id, so that importing the same file twice adds nothing.
    instance_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT)
    payload = models.BinaryField()
    # HMAC of the validated answers and client code under the vault's fingerprint key: the
    # same row imported again (with or without ids) is recognised. Empty (NULL) for a row
    # stored as a genuine repeat (`--allow-duplicates`).
    fingerprint = models.CharField(max_length=64, null=True, blank=True)

    objects = VisibleInterviews()
    all_objects = models.Manager()  # noqa: DJ012 (the visible ones are the default)

    # Not a column: the questions whose answers `interview_create` dropped because they do
    # not apply with the other answers, for the page to name them after saving.
    discarded: tuple[str, ...] = ()

    class Meta:
        base_manager_name = "all_objects"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "instance_id"],
                condition=~models.Q(instance_id=""),
                name="one_instance_per_org",
            ),
            models.UniqueConstraint(fields=["organisation", "fingerprint"], name="one_fingerprint_per_org"),
        ]
        # Counting an organisation's interviews (the view checks its blocks against it) reads
        # this index only, not the table and its payloads.
        indexes = [
            models.Index(fields=["organisation", "import_batch", "status"], name="interview_org_batch"),
        ]

    # The ciphertext fields, and their associated data (the key rotation re-encrypts them).
    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("payload",)

    def associated_data(self, field: str) -> bytes:
        return payload_codec.associated_data(self.uuid)

    @property
    def audit_id(self) -> str:
        return str(self.uuid)


class Refusal(models.Model):
    """Someone declined to be interviewed. No personal data: only what the methodology counts."""

    class Reason(models.TextChoices):
        NO_TIME = "no_time", _("no time")
        FEAR_POLICE = "fear_police", _("fear of the police")
        FEAR_DISCLOSURE = "fear_disclosure", _("fear that others learn about her work or health")
        DISTRUST = "distrust", _("distrust of the organisation or the documenter")
        NOT_INTERESTED = "not_interested", _("not interested")
        OTHER = "other", _("other")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="refusals")
    documenter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    refused_on = models.DateField()
    district = models.CharField(max_length=60, blank=True)
    venue = models.CharField(max_length=30, blank=True)
    reason = models.CharField(max_length=30, choices=Reason.choices)
    migrant = models.BooleanField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)


class ErasedRecords(models.Model):
    """The record ids of one erasure, sealed: the organisation's erasure list.

    Kept so that `kua erase --list-out` can hand a restored laptop the erasures made after its
    backup (`kua restore --erasures`), without the list naming a record: the ids are encrypted
    under a data key sealed to the organisation's key, 16 bytes each, and the file written from
    them holds keyed references only. A copy of the database shows how many erasures there were
    (as the audit log does), not of what."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    sealed = models.BinaryField()

    # The key rotation re-encrypts it like every sealed field (kua.vault.services.rotation).
    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("sealed",)

    def associated_data(self, field: str) -> bytes:
        return b"kua-erased-records:" + str(self.organisation_id).encode("ascii")
