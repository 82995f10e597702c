"""What the vault stores: only public keys, wrapped private keys and sealed data keys."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kua.accounts.models import Organisation


class Vault(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="vault")
    public_key = models.BinaryField()
    # Keys the client-code HMAC; needed while sealed, so it is not wrapped. The codes it
    # makes exist only inside sealed payloads and exports.
    linkage_key = models.BinaryField()
    # Raised by "seal now" from any process; a process holding an older key drops it.
    seal_generation = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)


class Keyholder(models.Model):
    vault = models.ForeignKey(Vault, on_delete=models.CASCADE, related_name="keyholders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    salt = models.BinaryField()
    opslimit = models.PositiveIntegerField()
    memlimit = models.PositiveBigIntegerField()
    wrapped_key = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vault", "user"], name="one_wrap_per_user")]


class DataKey(models.Model):
    """A random key that encrypts payloads, sealed to the organisation's public key.

    A web entry gets one of its own; an import batch shares one.
    """

    vault = models.ForeignKey(Vault, on_delete=models.PROTECT, related_name="data_keys")
    sealed = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
