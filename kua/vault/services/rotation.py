"""Key rotation: a new organisation key pair; every data key replaced, everything it
encrypted re-encrypted, the new data keys sealed to the new public key; a new recovery key;
the old private key gone from the database.

Generic over every model that holds ciphertext: a model with a ForeignKey `data_key` to
`vault.DataKey` declares `SEALED_FIELDS` and `associated_data(field)`; rotation finds them
through the relations of DataKey, so new sealed models are covered without naming them here.

Crash safety (resumable): `start` stores the new public key and the new private key sealed
to the OLD public key, in one transaction. Each data key is then converted in its own
transaction (new data key, its rows re-encrypted, sealed to the new public key, epoch + 1).
A crash leaves every data key either wholly old or wholly new; whoever opens the old key
(any keyholder, the old recovery key) runs `key_rotate` again and it carries on. `finish`
converts what is left, under the vault row lock, and swaps the keys in one transaction.

The server keeps accepting entries: `start` seals every running process (it can no longer
read, and keeps no data key that is about to change), new data keys are sealed to the new
public key, and a writer that read the old public key before `start` committed is swept up
by `finish` (its data key has the old epoch).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.vault import crypto, recovery, state
from kua.vault.models import DataKey, Keyholder, Vault, data_key_relations
from kua.vault.services import VaultError, open_private, vault_hold
from kua.vault.signals import key_rotated

CHUNK = 2000
Progress = Callable[[int, int], None]
Deliver = Callable[[recovery.RecoveryKey], None]


@dataclass(frozen=True)
class SealedModel:
    model: type[models.Model]
    fields: tuple[str, ...]

    def columns(self) -> list[models.Field[Any, Any]]:
        """The declared sealed fields as table columns (a programming error if one is not)."""
        columns = []
        for name in self.fields:
            field = self.model._meta.get_field(name)
            if not isinstance(field, models.Field) or not field.concrete:
                raise TypeError(f"{self.model.__name__}.{name} is in SEALED_FIELDS but is not a column")
            columns.append(field)
        return columns

    def update_sql(self) -> str:
        """UPDATE of every sealed column of one row, by primary key (parameters: values, then pk)."""
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in self.columns())
        meta = self.model._meta
        if meta.pk is None:
            raise TypeError(f"{self.model.__name__} has no primary key")
        return f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(str(meta.pk.column))} = %s"  # noqa: S608


def sealed_models() -> list[SealedModel]:
    """Every model with a relation to DataKey; refuses if one does not say what it seals."""
    found = []
    for relation in data_key_relations():
        model = relation.related_model
        fields = getattr(model, "SEALED_FIELDS", None)
        if relation.field.name != "data_key" or not fields or not hasattr(model, "associated_data"):
            raise VaultError(
                _("%(model)s holds a data key but does not declare its sealed fields: rotation refused.")
                % {"model": model.__name__}
            )
        found.append(SealedModel(model, tuple(fields)))
    return found


def key_rotate(
    *,
    vault: Vault,
    actor: User,
    private: bytes,
    deliver: Deliver,
    via: str = "cli",
    progress: Progress | None = None,
) -> bytes:
    """Rotate (or finish an interrupted rotation); returns the new private key.

    `private` is the current (old) organisation key; `deliver` is given the new recovery
    key inside the final transaction, before it commits (write the sheet there)."""
    targets = sealed_models()
    new_private = _start(vault, actor, private, via)
    vault.refresh_from_db()
    epoch = vault.epoch + 1
    new_public = _next_public_key(vault)
    pending = list(DataKey.objects.filter(vault=vault, epoch__lt=epoch).values_list("pk", flat=True))
    for done, key_id in enumerate(pending, start=1):
        with transaction.atomic():
            _convert(key_id, private, new_public, epoch, targets)
        if progress is not None:
            progress(done, len(pending))
    _finish(vault, actor, private, new_private, targets, deliver, via)
    return new_private


def key_rotate_for(*, vault: Vault, user: User, passphrase: str) -> str:
    """The web: rotate with this keyholder's passphrase, stay unsealed with the new key for
    her, and return the new recovery sheet's text (shown once, never stored)."""
    private = open_private(vault=vault, user=user, passphrase=passphrase)
    delivered: list[recovery.RecoveryKey] = []
    new_private = key_rotate(vault=vault, actor=user, private=private, deliver=delivered.append, via="web")
    vault_hold(vault, new_private, actor=user, via="web")
    return recovery.sheet(delivered[0], organisation=vault.organisation.name, made_at=timezone.now())


def _start(vault: Vault, actor: User, private: bytes, via: str) -> bytes:
    with transaction.atomic():
        locked = Vault.objects.select_for_update().get(pk=vault.pk)
        if crypto.public_of(private) != bytes(locked.public_key):
            raise VaultError(_("This key is not the vault's current key."))
        if locked.next_private_sealed is not None:  # an interrupted rotation: carry on with its key
            return crypto.open_data_key(private, bytes(locked.next_private_sealed))
        legacy = Keyholder.objects.filter(vault=locked, public_key=b"").select_related("user")
        if legacy.exists():
            names = ", ".join(sorted(k.user.username for k in legacy))
            raise VaultError(
                _("Before a rotation these keyholders must unseal once (to get their own key): %(names)s")
                % {"names": names}
            )
        new_public, new_private = crypto.generate_keypair()
        locked.next_public_key = new_public
        locked.next_private_sealed = crypto.seal_data_key(bytes(locked.public_key), new_private)
        locked.seal_generation += 1  # every process forgets the old key and its data keys
        locked.save(update_fields=["next_public_key", "next_private_sealed", "seal_generation"])
        audit_record(
            AuditAction.VAULT_ROTATE_START, actor=actor, organisation_id=locked.organisation_id, via=via
        )
    state.drop(vault.pk)
    return new_private


def _next_public_key(vault: Vault) -> bytes:
    if vault.next_public_key is None:
        raise RuntimeError("the rotation was not started")
    return bytes(vault.next_public_key)


def _convert(key_id: int, private: bytes, new_public: bytes, epoch: int, targets: list[SealedModel]) -> None:
    """One data key: every ciphertext under it re-encrypted under a new one. In a transaction."""
    row = DataKey.objects.select_for_update().get(pk=key_id)
    if row.epoch >= epoch:
        return  # converted by an earlier run
    old_key = crypto.open_data_key(private, bytes(row.sealed))
    new_key = crypto.new_data_key()
    for target in targets:
        _reencrypt(target, key_id, old_key, new_key)
    DataKey.objects.filter(pk=key_id).update(sealed=crypto.seal_data_key(new_public, new_key), epoch=epoch)


def _reencrypt(target: SealedModel, key_id: int, old_key: bytes, new_key: bytes) -> None:
    """Every row under this data key: its sealed fields re-encrypted, one UPDATE per row."""
    sql, columns = target.update_sql(), target.columns()
    rows = target.model._default_manager.filter(data_key_id=key_id).iterator(chunk_size=CHUNK)
    for chunk in _chunks(rows):
        values = [_row_values(obj, columns, old_key, new_key) for obj in chunk]
        with connection.cursor() as cursor:
            cursor.executemany(sql, values)


def _row_values(obj: Any, columns: list[models.Field[Any, Any]], old_key: bytes, new_key: bytes) -> list[Any]:
    values: list[Any] = []
    for field in columns:
        sealed = getattr(obj, field.attname)
        if sealed:
            associated = obj.associated_data(field.name)
            clear = crypto.decrypt_payload(old_key, bytes(sealed), associated)
            sealed = crypto.encrypt_payload(new_key, clear, associated)
        values.append(field.get_db_prep_value(sealed, connection))
    values.append(obj.pk)
    return values


def _chunks(objects: Iterator[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for obj in objects:
        chunk.append(obj)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _finish(
    vault: Vault,
    actor: User,
    private: bytes,
    new_private: bytes,
    targets: list[SealedModel],
    deliver: Deliver,
    via: str,
) -> None:
    with transaction.atomic():
        locked = Vault.objects.select_for_update().get(pk=vault.pk)
        epoch = locked.epoch + 1
        new_public = _next_public_key(locked)
        late = DataKey.objects.filter(vault=locked, epoch__lt=epoch).values_list("pk", flat=True)
        for key_id in list(late):  # writers that sealed to the old key while we worked
            _convert(key_id, private, new_public, epoch, targets)
        key = recovery.RecoveryKey.generate()
        locked.public_key = new_public
        locked.epoch = epoch
        locked.recovery_public = key.public
        locked.recovery_sealed = crypto.seal_data_key(key.public, new_private)
        locked.next_public_key = None
        locked.next_private_sealed = None
        locked.save()
        for keyholder in Keyholder.objects.filter(vault=locked):
            keyholder.sealed_org_key = crypto.seal_data_key(bytes(keyholder.public_key), new_private)
            keyholder.save(update_fields=["sealed_org_key"])
        key_rotated.send(sender=Vault, vault=locked)
        audit_record(
            AuditAction.VAULT_ROTATE,
            actor=actor,
            organisation_id=locked.organisation_id,
            via=via,
            epoch=epoch,
            recovery_key_id=key.key_id,
        )
        deliver(key)
    state.drop(vault.pk)
