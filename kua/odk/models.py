"""What the ODK server keeps: the RSA key (private half sealed), links, and submissions as
received (ciphertext) until the next unseal turns them into interviews."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kua.accounts.models import Organisation
from kua.interviews.models import Interview
from kua.vault.models import DataKey


class OdkKey(models.Model):
    """The organisation's RSA key for Collect. The private key (PKCS#8 DER) is encrypted
    under a data key sealed to the vault's public key: it opens only while unsealed."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="odk_key")
    public_key = models.BinaryField()
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT)
    sealed_private_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    # The key rotation re-encrypts it like every sealed field (kua.vault.services.rotation).
    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("sealed_private_key",)

    def associated_data(self, field: str) -> bytes:
        return b"kua-odk-rsa:" + str(self.organisation_id).encode("ascii")


class OdkLink(models.Model):
    """One Collect link per person: only the SHA-256 of its 256-bit token is kept."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="odk_link")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class OdkSubmission(models.Model):
    """A submission as received. Clear columns tell only who sent what form version when and
    whether it is still waiting: the instanceID is kept as a keyed hash (`instance_ref`, under a
    key derived from SECRET_KEY, not in the database) and the manifest, the outcome (stored,
    failed or referred) and its reason are in `sealed`, under a data key sealed to the
    organisation's public key (written while sealed too)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for unseal")
        STORED = "stored", _("stored")
        # Not stored: a failure, or a respondent under 18 (which of the two is sealed).
        FAILED = "failed", _("not stored")

    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("sealed",)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="odk_submissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    instance_ref = models.CharField(max_length=100)
    form_id = models.CharField(max_length=100)
    form_version = models.CharField(max_length=50, blank=True)
    # SHA-256 over the manifest and every part as received: a replay with other bytes is a conflict.
    digest = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # Bytes received (manifest and parts), for the per-link quota.
    size = models.PositiveBigIntegerField(default=0)
    processed_at = models.DateTimeField(null=True)
    interview = models.ForeignKey(Interview, on_delete=models.SET_NULL, null=True)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT, null=True, related_name="+")
    sealed = models.BinaryField(default=b"")

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "instance_ref"], name="one_odk_instance_per_org")
        ]

    @property
    def audit_id(self) -> str:
        return str(self.pk)

    def associated_data(self, field: str) -> bytes:
        return submission_associated_data(field, self.organisation_id, self.instance_ref)


def submission_associated_data(field: str, organisation_id: int, instance_ref: str) -> bytes:
    return f"kua-odk-submission:{field}:{organisation_id}:{instance_ref}".encode()


class OdkPart(models.Model):
    """One encrypted file of a submission as Collect sent it (the manifest is sealed in the row)."""

    submission = models.ForeignKey(OdkSubmission, on_delete=models.CASCADE, related_name="parts")
    name = models.CharField(max_length=200)
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "name"], name="one_odk_part_name")]
