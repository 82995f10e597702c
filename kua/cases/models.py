"""Cases and their actions, sealed like interviews; the referral directory, in clear.

Clear columns hold only ids, dates of change and the assigned user. Status, follow-up
date, every action's facts and the lawyer's notes are in `payload`, encrypted under a
data key sealed to the organisation's public key (rotation protocol: `data_key`,
`SEALED_FIELDS`, `associated_data`).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kua.accounts.models import Organisation
from kua.cases import codes
from kua.interviews.models import ImportBatch, Interview
from kua.vault.models import DataKey


class Case(models.Model):
    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("payload",)

    # Indexed with the time of the last change (Meta.indexes), not alone: no extra index per row.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="case")
    record_id = models.UUIDField(unique=True, editable=False)  # the interview's record id
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    payload = models.BinaryField()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        # The case index's marker (the last changed case, how many) and its refresh read this.
        indexes = [models.Index(fields=["organisation", "updated_at", "id"], name="cases_case_org_changed")]

    @property
    def audit_id(self) -> str:
        return str(self.record_id)

    def associated_data(self, field: str) -> bytes:
        return Case.associated_for(self.record_id, field)

    @staticmethod
    def associated_for(record_id: uuid.UUID, field: str) -> bytes:
        """The associated data of a case's sealed field (also for rows read without a model)."""
        return b"kua-case:" + field.encode() + b":" + record_id.bytes


class CaseAction(models.Model):
    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("payload",)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    # The import's action_id (or this row's uuid hex): importing a file twice adds nothing.
    action_id = models.CharField(max_length=100)
    # A keyed hash of a row imported without action_id (the whole row keeps it idempotent).
    fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    payload = models.BinaryField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "action_id"], name="one_action_id_per_case"),
        ]

    @property
    def audit_id(self) -> str:
        return str(self.uuid)

    def associated_data(self, field: str) -> bytes:
        return b"kua-case-action:" + field.encode() + b":" + self.uuid.bytes


class ReferralService(models.Model):
    """A service of the referral directory: public facts about a place, nothing about respondents."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="referral_services")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=30, choices=[(c, codes.SERVICE_LABELS[c]) for c in codes.SERVICES]
    )
    district = models.CharField(_("district"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    hours = models.CharField(_("hours"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    public = models.BooleanField(_("list in the public report"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["district", "kind", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class CaseLedger(models.Model):
    """Many cases' statuses in one sealed entry, so counting opens a few entries, not every case.

    Append-only: opening cases (an import chunk, a web or ODK entry) writes one entry for all of
    them, sealed to the organisation's public key like the cases, so it is written while sealed
    too; every later status change appends an entry with that case. The latest entry for a record
    wins (`position`). While unsealed, counting merges the entries into one and rebuilds them from
    the cases' own payloads (the record of truth) when they disagree with the case rows. Clear
    columns say nothing about any case: how many rows, when, for which import batch."""

    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("payload",)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # A crashed import's pending batch is deleted with its cases, and its entries with it.
    import_batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, null=True, related_name="+")
    # A merged entry takes the place of the newest entry it replaces; a fresh entry its own id.
    after = models.BigIntegerField(null=True)
    rows = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    payload = models.BinaryField()

    @property
    def position(self) -> int:
        return self.after if self.after is not None else self.pk

    def associated_data(self, field: str) -> bytes:
        if field != "payload":
            raise ValueError(field)
        return f"kua-case-ledger:1:{self.organisation_id}:{self.uuid.hex}".encode("ascii")
