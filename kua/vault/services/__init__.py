"""Vault actions: create, unseal, seal, keyholders, and sealing/opening payloads.

Every change writes its audit row in the same transaction.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kua.accounts.models import Organisation, User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.vault import crypto, recovery, signals, state
from kua.vault.models import DataKey, Keyholder, Vault, data_key_relations
from kua.vault.selectors import VaultSealed, generation, is_unsealed, private_key, vault_for

MIN_PASSPHRASE_LENGTH = 12


class VaultError(Exception):
    """A vault action was refused; the message is for the user."""


class RotationUnfinished(VaultError):
    """A key rotation was interrupted: nothing unseals until it is finished."""

    def __init__(self) -> None:
        super().__init__(
            _("A key rotation is unfinished. A keyholder must finish it (`kua key rotate`) before unsealing.")
        )


WrongPassphrase = crypto.WrongPassphrase


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise VaultError(_("A passphrase needs at least %(n)d characters.") % {"n": MIN_PASSPHRASE_LENGTH})


def _wrap(private: bytes, passphrase: str) -> crypto.WrappedKey:
    return crypto.wrap_private_key(
        private,
        passphrase,
        opslimit=settings.VAULT_KDF_OPSLIMIT,
        memlimit=settings.VAULT_KDF_MEMLIMIT,
    )


def _store_wrap(vault: Vault, user: User, org_private: bytes, passphrase: str) -> Keyholder:
    """A new key pair for this keyholder: her private half under her passphrase, the
    organisation's private key sealed to her public half."""
    own_public, own_private = crypto.generate_keypair()
    wrapped = _wrap(own_private, passphrase)
    keyholder, _created = Keyholder.objects.update_or_create(
        vault=vault,
        user=user,
        defaults={
            "salt": wrapped.salt,
            "opslimit": wrapped.opslimit,
            "memlimit": wrapped.memlimit,
            "wrapped_key": wrapped.ciphertext,
            "public_key": own_public,
            "sealed_org_key": crypto.seal_data_key(own_public, org_private),
        },
    )
    return keyholder


def _unwrap(keyholder: Keyholder, passphrase: str) -> bytes:
    """The organisation's private key, through this keyholder's passphrase."""
    wrapped = crypto.WrappedKey(
        bytes(keyholder.salt), keyholder.opslimit, keyholder.memlimit, bytes(keyholder.wrapped_key)
    )
    own_private = crypto.unwrap_private_key(wrapped, passphrase)
    if not keyholder.public_key:  # a wrap from before key pairs per keyholder
        with transaction.atomic():
            _store_wrap(keyholder.vault, keyholder.user, own_private, passphrase)
        return own_private
    return crypto.open_data_key(own_private, bytes(keyholder.sealed_org_key))


def _seal_to_recovery(vault: Vault, org_private: bytes, key: recovery.RecoveryKey) -> None:
    vault.recovery_public = key.public
    vault.recovery_sealed = crypto.seal_data_key(key.public, org_private)


def recovery_open(vault: Vault, key: recovery.RecoveryKey) -> bytes:
    """The organisation's private key through the recovery key (restore); VaultError if not."""
    if vault.recovery_public is None or bytes(vault.recovery_public) != key.public:
        raise VaultError(_("This recovery key is not the current one of this organisation."))
    private = crypto.open_data_key(key.private, bytes(vault.recovery_sealed or b""))
    if crypto.public_of(private) != bytes(vault.public_key):
        raise VaultError(_("This recovery key is not the current one of this organisation."))
    return private


def vault_create(*, organisation: Organisation, keyholder: User, passphrase: str) -> Vault:
    vault, _key = vault_create_with_recovery(
        organisation=organisation, keyholder=keyholder, passphrase=passphrase
    )
    return vault


@transaction.atomic
def vault_create_with_recovery(
    *, organisation: Organisation, keyholder: User, passphrase: str
) -> tuple[Vault, recovery.RecoveryKey]:
    """A new key pair, its first keyholder, and the recovery key (returned once, never stored)."""
    check_passphrase_strength(passphrase)
    public, private = crypto.generate_keypair()
    key = recovery.RecoveryKey.generate()
    vault = Vault(
        organisation=organisation,
        public_key=public,
        linkage_key=crypto.new_linkage_key(),
        fingerprint_key=crypto.new_linkage_key(),
    )
    _seal_to_recovery(vault, private, key)
    vault.save()
    _store_wrap(vault, keyholder, private, passphrase)
    audit_record(
        AuditAction.VAULT_CREATE,
        actor=keyholder,
        organisation_id=organisation.pk,
        obj=vault,
        recovery_key_id=key.key_id,
    )
    return vault, key


@transaction.atomic
def vault_restore(*, user: User, key: recovery.RecoveryKey, passphrase: str, made_at: str) -> Vault:
    """After a restore: the named keyholder's wrap, made again from the recovery key."""
    check_passphrase_strength(passphrase)
    vault = vault_for(user.org_id)
    _store_wrap(vault, user, recovery_open(vault, key), passphrase)
    audit_record(
        AuditAction.VAULT_RESTORE,
        actor=user,
        organisation_id=vault.organisation_id,
        backup_made_at=made_at,
        recovery_key_id=key.key_id,
    )
    return vault


def vault_unseal(*, vault: Vault, user: User, passphrase: str, via: str = "web") -> None:
    """Unseal with this user's passphrase. Wrong passphrase and non-keyholder fail alike."""
    _hold(vault, open_private(vault=vault, user=user, passphrase=passphrase, via=via), actor=user, via=via)


def open_private(*, vault: Vault, user: User, passphrase: str, via: str = "web") -> bytes:
    """The organisation's private key through this user's passphrase, not kept anywhere."""
    keyholder = Keyholder.objects.filter(vault=vault, user=user).select_related("vault", "user").first()
    try:
        if keyholder is None:
            crypto.burn_time_like_unwrap(settings.VAULT_KDF_OPSLIMIT, settings.VAULT_KDF_MEMLIMIT)
            raise crypto.WrongPassphrase()
        private = _unwrap(keyholder, passphrase)
    except crypto.WrongPassphrase:
        with transaction.atomic():
            audit_record(
                AuditAction.VAULT_UNSEAL_FAILED, actor=user, organisation_id=vault.organisation_id, via=via
            )
        raise
    return private


def vault_unseal_any(*, vault: Vault, passphrase: str, via: str = "cli") -> User:
    """Unseal with whichever keyholder's passphrase this is (the command line)."""
    user, private = open_private_any(vault=vault, passphrase=passphrase, via=via)
    _hold(vault, private, actor=user, via=via)
    return user


def open_private_any(*, vault: Vault, passphrase: str, via: str = "cli") -> tuple[User, bytes]:
    """Whose passphrase this is, and the organisation's private key it opens (not kept)."""
    for keyholder in Keyholder.objects.filter(vault=vault).select_related("vault", "user").order_by("pk"):
        try:
            return keyholder.user, _unwrap(keyholder, passphrase)
        except crypto.WrongPassphrase:
            continue
    with transaction.atomic():
        audit_record(AuditAction.VAULT_UNSEAL_FAILED, organisation_id=vault.organisation_id, via=via)
    raise crypto.WrongPassphrase()


def vault_hold(vault: Vault, private: bytes, *, actor: User, via: str) -> None:
    """Keep an opened private key in this process (after a rotation made it)."""
    _hold(vault, private, actor=actor, via=via)


def _hold(vault: Vault, private: bytes, *, actor: User, via: str) -> None:
    if Vault.objects.filter(pk=vault.pk, next_public_key__isnull=False).exists():
        raise RotationUnfinished()
    with transaction.atomic():
        audit_record(AuditAction.VAULT_UNSEAL, actor=actor, organisation_id=vault.organisation_id, via=via)
    state.hold(vault.pk, private, generation(vault))
    signals.vault_unsealed.send(sender=Vault, vault=vault)


def vault_seal(*, vault: Vault, actor: User | None, via: str = "web") -> None:
    """Forget the key here and in every other process serving this vault."""
    with transaction.atomic():
        Vault.objects.filter(pk=vault.pk).update(seal_generation=generation(vault) + 1)
        audit_record(AuditAction.VAULT_SEAL, actor=actor, organisation_id=vault.organisation_id, via=via)
    state.drop(vault.pk)
    signals.vault_sealed.send(sender=Vault, vault=vault)


def keyholder_add(*, vault: Vault, actor: User, user: User, passphrase: str) -> Keyholder:
    if not user.belongs_to(vault.organisation_id):
        raise VaultError(_("Only people of this organisation can hold its key."))
    if Keyholder.objects.filter(vault=vault, user=user).exists():
        raise VaultError(
            _("%(name)s already holds the key; only %(name)s can change that passphrase.")
            % {"name": user.username}
        )
    check_passphrase_strength(passphrase)
    private = private_key(vault)
    with transaction.atomic():
        keyholder = _store_wrap(vault, user, private, passphrase)
        audit_record(AuditAction.VAULT_KEYHOLDER_ADD, actor=actor, obj=keyholder, keyholder_id=user.pk)
    return keyholder


def keyholder_remove(*, vault: Vault, actor: User, user: User) -> None:
    private_key(vault)  # only an unsealed vault may change its keyholders
    with transaction.atomic():
        keyholders = Keyholder.objects.select_for_update().filter(vault=vault)
        if not keyholders.filter(user=user).exists():
            raise VaultError(_("This person does not hold the key."))
        if keyholders.count() <= 1:
            raise VaultError(_("The last keyholder cannot be removed: the data would be lost."))
        keyholders.filter(user=user).delete()
        audit_record(
            AuditAction.VAULT_KEYHOLDER_REMOVE,
            actor=actor,
            organisation_id=vault.organisation_id,
            keyholder_id=user.pk,
        )


def passphrase_change(*, vault: Vault, user: User, old: str, new: str) -> None:
    private_key(vault)
    check_passphrase_strength(new)
    keyholder = Keyholder.objects.filter(vault=vault, user=user).first()
    if keyholder is None:
        raise VaultError(_("You do not hold the key."))
    private = _unwrap(keyholder, old)
    with transaction.atomic():
        _store_wrap(vault, user, private, new)
        audit_record(AuditAction.VAULT_PASSPHRASE_CHANGE, actor=user, organisation_id=vault.organisation_id)


def new_data_key(vault: Vault) -> tuple[DataKey, bytes]:
    """A fresh data key, stored sealed; the clear key is returned for this write only."""
    key = crypto.new_data_key()
    return store_data_key(vault, key), key


def store_data_key(vault: Vault, key: bytes) -> DataKey:
    """Keep a data key made earlier (a batch is sealed before its transaction), sealed.

    Sealed to the key the vault row names now, read under a row lock: during a rotation
    that is the new public key; a data key sealed to the old one is re-sealed before the
    rotation ends (so call this in the transaction that stores what the key encrypts)."""
    with transaction.atomic():
        public, upcoming, epoch = (
            Vault.objects.select_for_update()
            .values_list("public_key", "next_public_key", "epoch")
            .get(pk=vault.pk)
        )
        if upcoming is not None:
            public, epoch = upcoming, epoch + 1
        return DataKey.objects.create(
            vault=vault, sealed=crypto.seal_data_key(bytes(public), key), epoch=epoch
        )


def data_keys_drop_unused(key_ids: set[int]) -> None:
    """Delete those of these data keys that nothing encrypted under them uses any more."""
    key_ids = set(key_ids)
    for relation in data_key_relations():
        used = relation.related_model._default_manager.filter(data_key_id__in=key_ids)
        key_ids -= set(used.values_list("data_key_id", flat=True))
    DataKey.objects.filter(pk__in=key_ids).delete()


class KeyRing:
    """Opens many payloads at once: the seal generation is checked once, every sealed data key
    is fetched in one query and opened once (for analytic builds and exports)."""

    def __init__(self, vault: Vault) -> None:
        entry = state.held(vault.pk, generation(vault))
        if entry is None:
            raise VaultSealed()
        self._entry = entry
        self._vault = vault

    def key(self, data_key_id: int) -> bytes:
        key = self._entry.data_keys.get(data_key_id)
        if key is None:
            sealed = DataKey.objects.values_list("sealed", flat=True).get(pk=data_key_id, vault=self._vault)
            key = crypto.open_data_key(self._entry.private_key, bytes(sealed))
            self._entry.data_keys[data_key_id] = key
        return key

    def preload(self) -> None:
        """Open every data key not opened yet, in one query (before decrypting every row)."""
        known = self._entry.data_keys
        rows = DataKey.objects.filter(vault=self._vault).values_list("pk", "sealed")
        for pk, sealed in rows.iterator(chunk_size=5000):
            if pk not in known:
                known[pk] = crypto.open_data_key(self._entry.private_key, bytes(sealed))


def sealed_note(organisation_id: int, note: dict[str, Any]) -> str:
    """An audit detail only keyholders may read: JSON sealed to the organisation's public key.

    For what an audit row must record but a copy of the database must not show (an action on a
    case that implies a consent or a violation). The chain hashes the sealed text, so
    `kua audit verify` still checks it without the passphrase."""
    public = bytes(vault_for(organisation_id).public_key)
    plain = json.dumps(note, sort_keys=True).encode()
    return base64.b64encode(crypto.seal_data_key(public, plain)).decode("ascii")


def open_note(organisation_id: int, sealed: str) -> dict[str, Any] | None:
    """A sealed audit detail read back while unsealed; None when sealed or made under an older key."""
    vault = vault_for(organisation_id)
    if not is_unsealed(vault):
        return None
    try:
        opened = crypto.open_data_key(private_key(vault), base64.b64decode(sealed))
    except (crypto.DecryptionFailed, ValueError):
        return None
    note: dict[str, Any] = json.loads(opened)
    return note
