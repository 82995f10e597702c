"""What the offline browser channel keeps: the organisation's RSA key for it (private half
sealed) and each interview or refusal as the phone sealed it, until the next unseal."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kua.accounts.models import Organisation
from kua.interviews.models import Interview
from kua.vault.models import DataKey


class OfflineKey(models.Model):
    """The public key the entry page seals to (RSA-OAEP-256); the private key (PKCS#8 DER) is
    encrypted under a data key sealed to the vault's public key, like Collect's form key."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="offline_key")
    public_key = models.BinaryField()
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT)
    sealed_private_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("sealed_private_key",)

    def associated_data(self, field: str) -> bytes:
        return b"kua-offline-rsa:" + str(self.organisation_id).encode("ascii")


class OfflineSubmission(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for unseal")
        STORED = "stored", _("stored")
        FAILED = "failed", _("not stored")  # refused, or a respondent under 18: which one is sealed

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offline_submissions"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    # HMAC-SHA256 (keyed with the server's secret) of the id the phone made: never the id itself.
    client_hash = models.CharField(max_length=64)
    # SHA-256 of the envelope as received: a resend with other bytes is a conflict.
    digest = models.CharField(max_length=64)
    # The envelope as the phone sealed it (JSON: RSA-OAEP-wrapped AES key, IV, AES-GCM ciphertext).
    envelope = models.BinaryField(null=True)
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # Why it was not stored ({"outcome", "reason", "detail"}: field names and error codes, never an
    # answer), sealed to the organisation's key (kua.vault.services.sealed_note): a copy of the
    # database cannot tell a minor from a refused form.
    outcome = models.TextField(blank=True, default="")
    processed_at = models.DateTimeField(null=True)
    interview = models.ForeignKey(Interview, on_delete=models.SET_NULL, null=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "client_hash"], name="one_offline_entry_per_org")
        ]

    @property
    def audit_id(self) -> str:
        return str(self.pk)
