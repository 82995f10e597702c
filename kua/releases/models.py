"""What the releases keep: the release-signing keys, the ε budgets and the sealed ledger.

No table here holds a count of a release: the ledger entry's payload (sealed to the vault's
public key) holds what the spec lists (id, created, by whom, kind, method, ε, scope, SHA-256)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from kua.accounts.models import Organisation
from kua.vault.models import DataKey


class SigningKey(models.Model):
    """An Ed25519 release-signing key. Its 32-byte seed is encrypted under a data key sealed
    to the vault's public key (re-encrypted by a key rotation like every sealed field). A
    rotation retires it: the seed is wiped, the public half is kept to name old releases."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signing_keys")
    public_key = models.BinaryField()
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, null=True, related_name="+")
    sealed_seed = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True)

    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("sealed_seed",)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(retired_at__isnull=True),
                name="one_signing_key_in_use",
            )
        ]

    def associated_data(self, field: str) -> bytes:
        return b"kua-release-signing:" + str(self.organisation_id).encode("ascii")


class Budget(models.Model):
    """The ε of one study, or of the organisation where no study is set (study_id null).
    ε is no secret and `spent` reveals no count, so both are kept in clear."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="release_budgets")
    study_id = models.PositiveIntegerField(null=True)
    epsilon = models.FloatField(default=0.0)
    spent = models.FloatField(default=0.0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "study_id"], name="one_budget_per_study"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(study_id__isnull=True),
                name="one_budget_per_organisation",
            ),
        ]


class LedgerEntry(models.Model):
    """One release that left. Only its time is in clear; the rest is sealed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="release_ledger")
    created_at = models.DateTimeField()
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, related_name="+")
    payload = models.BinaryField()

    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("payload",)

    class Meta:
        ordering = ["created_at", "pk"]

    def associated_data(self, field: str) -> bytes:
        return b"kua-release-ledger:" + str(self.organisation_id).encode("ascii")
