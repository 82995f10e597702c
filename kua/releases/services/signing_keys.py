"""The organisation's release-signing key: made on first use, seed sealed like the vault's
other keys; a key rotation retires it (seed wiped, public half kept) and makes a new one."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.releases import signing
from kua.releases.models import SigningKey
from kua.vault import crypto
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing, data_keys_drop_unused, new_data_key


def _associated(organisation_id: int) -> bytes:
    return SigningKey(organisation_id=organisation_id).associated_data("sealed_seed")


def _create(organisation_id: int) -> SigningKey:
    """A new key sealed to the vault's public key (works while sealed). In a transaction."""
    seed = signing.new_seed()
    key_row, data_key = new_data_key(vault_for(organisation_id))
    created = SigningKey.objects.create(
        organisation_id=organisation_id,
        public_key=signing.public_of(seed),
        data_key=key_row,
        sealed_seed=crypto.encrypt_payload(data_key, seed, _associated(organisation_id)),
    )
    audit_record(AuditAction.RELEASE_SIGNING_KEY_CREATE, organisation_id=organisation_id, obj=created)
    return created


def signing_key(organisation_id: int) -> SigningKey:
    """The key in use, made the first time it is needed."""
    with transaction.atomic():
        existing = SigningKey.objects.select_for_update().filter(
            organisation_id=organisation_id, retired_at__isnull=True
        )
        return existing.first() or _create(organisation_id)


def open_seed(vault: Vault, key: SigningKey) -> bytes:
    """The private seed; raises VaultSealed while sealed."""
    if key.data_key_id is None:
        raise ValueError("a retired signing key signs nothing")
    data_key = KeyRing(vault).key(key.data_key_id)
    return crypto.decrypt_payload(data_key, bytes(key.sealed_seed), _associated(key.organisation_id))


def signing_key_rotate(organisation_id: int) -> None:
    """Retire the key in use (its seed wiped) and make a new one. Inside the vault rotation's
    transaction, after the new public key is in place (so the new seed is sealed to it)."""
    current = SigningKey.objects.filter(organisation_id=organisation_id, retired_at__isnull=True)
    if not current.exists():
        return  # no release was ever signed: the first release makes the key
    old_keys = set(current.values_list("data_key_id", flat=True)) - {None}
    current.update(retired_at=timezone.now(), sealed_seed=b"", data_key=None)
    data_keys_drop_unused(old_keys)  # the data key that sealed the old seed goes too
    created = _create(organisation_id)
    audit_record(AuditAction.RELEASE_SIGNING_KEY_ROTATE, organisation_id=organisation_id, obj=created)


def public_keys(organisation_id: int) -> list[SigningKey]:
    """Every signing key the organisation has had, the one in use last."""
    return list(SigningKey.objects.filter(organisation_id=organisation_id).order_by("created_at", "pk"))
