"""What the vault stores: only public keys, wrapped private keys and sealed data keys."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from kua.accounts.models import Organisation


class Vault(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="vault")
    public_key = models.BinaryField()
    # Keys the client-code HMAC; needed while sealed, so it is not wrapped. The codes it
    # makes exist only inside sealed payloads and exports.
    linkage_key = models.BinaryField()
    # Keys the duplicate fingerprints of interviews (an HMAC of a row's normalised content);
    # needed while sealed (imports check duplicates), so not wrapped either.
    fingerprint_key = models.BinaryField(default=b"")
    # The linkage key of the network this organisation belongs to (network.md), empty if none:
    # keys the linkage token sealed in each payload stored after joining. Needed while sealed
    # (Collect and imports store sealed), so not wrapped, like `linkage_key`.
    network_key = models.BinaryField(default=b"")
    # Raised by "seal now" from any process; a process holding an older key drops it.
    seal_generation = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # The key pair's number: 1 at creation, one more at each rotation.
    epoch = models.PositiveIntegerField(default=1)
    # The public half of the recovery key (its private half is on the sheet in the safe), and
    # the organisation's private key sealed to it. Empty on a vault made before recovery keys.
    recovery_public = models.BinaryField(null=True)
    recovery_sealed = models.BinaryField(null=True)
    # Only while a rotation is unfinished: the new public key (new data keys are sealed to it)
    # and the new private key sealed to the old public key (whoever can open the old key can
    # finish the rotation).
    next_public_key = models.BinaryField(null=True)
    next_private_sealed = models.BinaryField(null=True)

    @property
    def rotating(self) -> bool:
        return self.next_public_key is not None


class Keyholder(models.Model):
    """A keyholder has her own key pair: its private half wrapped under her passphrase
    (Argon2id), its public half in clear, and the organisation's private key sealed to it.
    A rotation seals the new organisation key to every keyholder's public key, so nobody
    needs another's passphrase. `public_key` empty: a wrap made before key pairs per
    keyholder (`wrapped_key` is then the organisation key itself), upgraded at her next unseal.
    """

    vault = models.ForeignKey(Vault, on_delete=models.CASCADE, related_name="keyholders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    salt = models.BinaryField()
    opslimit = models.PositiveIntegerField()
    memlimit = models.PositiveBigIntegerField()
    wrapped_key = models.BinaryField()
    public_key = models.BinaryField(default=b"")
    sealed_org_key = models.BinaryField(default=b"")
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
    # The vault epoch whose public key sealed it (a rotation re-seals every older one).
    epoch = models.PositiveIntegerField(default=1)


def data_key_relations() -> list[Any]:
    """Every relation pointing at DataKey, hidden ones (related_name="+") included: the models
    whose ciphertext a key rotation re-seals and an erasure must look at."""
    return [
        field
        for field in DataKey._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]
