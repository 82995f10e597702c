"""What the ODK server keeps: the RSA key (private half sealed), links, and submissions as
received (ciphertext) until the next unseal turns them into interviews."""

from __future__ import annotations

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


class OdkLink(models.Model):
    """One Collect link per person: only the SHA-256 of its 256-bit token is kept."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="odk_link")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class OdkSubmission(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for unseal")
        STORED = "stored", _("stored")
        FAILED = "failed", _("not stored")
        REFERRED = "referred", _("referred")  # a respondent under 18: nothing kept but the referral

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="odk_submissions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    instance_id = models.CharField(max_length=100)
    form_id = models.CharField(max_length=100)
    form_version = models.CharField(max_length=50, blank=True)
    # SHA-256 over the manifest and every part as received: a replay with other bytes is a conflict.
    digest = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=40, blank=True)
    # Field names and error codes only (never an answer), for a refused interview.
    detail = models.JSONField(default=dict, blank=True)
    processed_at = models.DateTimeField(null=True)
    interview = models.ForeignKey(Interview, on_delete=models.SET_NULL, null=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "instance_id"], name="one_odk_instance_per_org")
        ]

    @property
    def audit_id(self) -> str:
        return str(self.pk)


class OdkPart(models.Model):
    """One file of a submission as Collect sent it: the manifest or an encrypted part."""

    submission = models.ForeignKey(OdkSubmission, on_delete=models.CASCADE, related_name="parts")
    name = models.CharField(max_length=200)
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "name"], name="one_odk_part_name")]
