"""Storing an import batch in chunks: memory stays flat, and all-or-none still holds.

The rows are written chunk by chunk under a *pending* batch, each chunk in a short
transaction (so web entries take turns with the import on SQLite); pending rows are
invisible (`Interview.objects`). One final write makes the batch visible. An import that
fails removes its rows; one that crashed leaves a pending batch that the next start removes.
"""

from __future__ import annotations

import datetime
import os
import socket
import uuid
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.dbwrite import writer_turn
from kua.forms.models import FormVersion
from kua.interviews.models import ImportBatch, Interview
from kua.interviews.signals import batch_completed, interviews_stored
from kua.vault.models import DataKey, Vault
from kua.vault.services import store_data_key

CHUNK = 10_000  # rows per transaction (and per column block)
STALE_ELSEWHERE = datetime.timedelta(days=1)  # a pending batch of another host is left this long

# (row, (record uuid, sealed payload, answers, client code, fingerprint))
Sealed = tuple[Any, tuple[uuid.UUID, bytes, dict[str, Any], str | None, str | None]]


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(owner: str, created_at: datetime.datetime) -> bool:
    host, _sep, pid = owner.rpartition(":")
    if host != socket.gethostname():
        return timezone.now() - created_at < STALE_ELSEWHERE
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def pending_batches_clean() -> int:
    """Remove what crashed imports left (their pending batches). Returns how many."""
    removed = 0
    for stale in ImportBatch.objects.filter(pending=True):
        if not _alive(stale.owner, stale.created_at):
            batch_discard(stale)
            removed += 1
    return removed


def batch_discard(batch: ImportBatch) -> None:
    """Delete a pending batch with its rows, its blocks and its data key."""
    with writer_turn(), transaction.atomic():
        keys = set(Interview.all_objects.filter(import_batch=batch).values_list("data_key_id", flat=True)[:1])
        Interview.all_objects.filter(import_batch=batch).delete()
        batch.delete()  # its column blocks go with it
        DataKey.objects.filter(pk__in=keys, interview__isnull=True).delete()


class Insert:
    """Many interviews in one INSERT … RETURNING per slice (Django's cursor, any database).

    bulk_create costs more than the validation at 100,000 rows; the rows go to the database
    as prepared values, and come back as Interview objects for the receivers of the signal."""

    NAMES = ("uuid", "organisation", "form_version", "documenter", "created_at", "import_batch",
             "instance_id", "status", "data_key", "payload", "fingerprint")  # fmt: skip
    SLICE = 500

    def __init__(self, organisation_id: int, form_version_id: int, batch_id: int, data_key_id: int) -> None:
        self.fields = [Interview._meta.get_field(name) for name in self.NAMES]
        quote = connection.ops.quote_name
        self.table = quote(Interview._meta.db_table)
        self.columns = ", ".join(quote(f.column) for f in self.fields)  # type: ignore[union-attr,arg-type]
        self.marks = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self.returning = f" RETURNING {quote('id')}, {quote('uuid')}"
        self.fixed = (organisation_id, form_version_id, batch_id, data_key_id)
        self.now = timezone.now()
        self.db_now = self.fields[4].get_db_prep_value(self.now, connection)  # type: ignore[union-attr]

    def rows(self, chunk: list[Sealed]) -> list[Interview]:
        interviews = []
        for start in range(0, len(chunk), self.SLICE):
            interviews.extend(self._slice(chunk[start : start + self.SLICE]))
        return interviews

    def _slice(self, part: list[Sealed]) -> list[Interview]:
        uuid_field, payload_field = self.fields[0], self.fields[9]
        organisation_id, form_version_id, batch_id, data_key_id = self.fixed
        params: list[Any] = []
        for row, (record, payload, _answers, _code, fingerprint) in part:
            params += [
                uuid_field.get_db_prep_value(record, connection),  # type: ignore[union-attr]
                organisation_id, form_version_id, row.documenter.pk, self.db_now, batch_id,
                row.instance_id, Interview.Status.ACTIVE, data_key_id,
                payload_field.get_db_prep_value(payload, connection),  # type: ignore[union-attr]
                fingerprint,
            ]  # fmt: skip
        sql = f"INSERT INTO {self.table} ({self.columns}) VALUES {', '.join([self.marks] * len(part))}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql + self.returning, params)
            ids = {uuid_field.to_python(record): pk for pk, record in cursor.fetchall()}  # type: ignore[union-attr]
        return [
            Interview(
                id=ids[record], uuid=record, organisation_id=organisation_id, form_version_id=form_version_id,
                documenter_id=row.documenter.pk, created_at=self.now, import_batch_id=batch_id,
                instance_id=row.instance_id, status=Interview.Status.ACTIVE, data_key_id=data_key_id,
                payload=payload, fingerprint=fingerprint,
            )
            for row, (record, payload, _answers, _code, fingerprint) in part
        ]  # fmt: skip


class BatchWriter:
    """Takes sealed rows one by one and stores them chunk by chunk under a pending batch."""

    def __init__(
        self, actor: User, vault: Vault, form_version: FormVersion, data_key: bytes, *, filename: str = ""
    ) -> None:
        self.actor, self.vault, self.form_version, self.data_key = actor, vault, form_version, data_key
        self.filename = filename[:255]
        self.batch: ImportBatch | None = None
        self.insert: Insert | None = None
        self.waiting: list[Sealed] = []
        self.fragments: list[Any] = []
        self.stored = 0

    def add(self, sealed: list[Sealed], fragment: Any = None) -> None:
        """One sealed chunk, with the column block fragment its worker made (or None)."""
        if not sealed:
            return
        self.waiting.extend(sealed)
        self.fragments.append(fragment)
        if len(self.waiting) >= CHUNK:
            self.flush()

    def _begin(self) -> tuple[ImportBatch, Insert]:
        with writer_turn(), transaction.atomic():
            batch = ImportBatch.objects.create(
                organisation_id=self.vault.organisation_id,
                created_by=self.actor,
                filename=self.filename,
                pending=True,
                owner=_owner(),
            )
            key_row = store_data_key(self.vault, self.data_key)
        self.batch = batch
        self.insert = Insert(self.vault.organisation_id, self.form_version.pk, batch.pk, key_row.pk)
        return batch, self.insert

    def flush(self) -> None:
        if not self.waiting:
            return
        batch, insert = (self.batch, self.insert) if self.insert else self._begin()
        chunk, self.waiting = self.waiting, []
        fragments, self.fragments = self.fragments, []
        with writer_turn(), transaction.atomic():
            interviews = insert.rows(chunk)
            interviews_stored.send(
                sender=Interview,
                organisation=self.actor.organisation,
                interviews=interviews,
                answers=[sealed[2] for _row, sealed in chunk],
                batch=batch,
                client_codes=[sealed[3] for _row, sealed in chunk],
                # The same rows as columns, built in the workers (so receivers need not again).
                fragments=None if None in fragments else fragments,
            )
        self.stored += len(chunk)

    def finish(self, *, rejected: int, duplicates: int, via: str) -> ImportBatch | None:
        """The one write that makes every stored row visible, with its audit row."""
        self.flush()
        batch = self.batch
        if batch is None:
            return None
        with writer_turn(), transaction.atomic():
            batch.pending, batch.owner = False, ""
            batch.rows_stored, batch.rows_rejected = self.stored, rejected
            batch.save(update_fields=["pending", "owner", "rows_stored", "rows_rejected"])
            audit_record(AuditAction.INTERVIEW_IMPORT, actor=self.actor, obj=batch, via=via,
                         stored=self.stored, rejected=rejected, duplicates=duplicates)  # fmt: skip
            batch_completed.send(sender=ImportBatch, organisation=self.actor.organisation, batch=batch)
        return batch

    def abandon(self) -> None:
        """After an error: nothing of this import stays."""
        self.waiting, self.fragments = [], []
        if self.batch is not None:
            batch_discard(self.batch)
            self.batch = None
