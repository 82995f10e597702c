"""Storing an import batch in chunks: memory stays flat, and all-or-none still holds.

The rows are written chunk by chunk under a *pending* batch, each chunk in a short
transaction (so web entries take turns with the import on SQLite); pending rows are
invisible (`Interview.objects`). One final write makes the batch visible. An import that
fails removes its rows; one that crashed leaves a pending batch that the next start removes.
"""

from __future__ import annotations

import bisect
import datetime
import os
import socket
import uuid
from array import array
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple, overload

from django.db import transaction
from django.utils import timezone

from kua import dbinsert
from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import save_with_audit
from kua.dbwrite import writer_turn
from kua.interviews import intake
from kua.interviews import payload as payload_codec
from kua.interviews.batch import HookResults, Sealed
from kua.interviews.models import ImportBatch, Interview
from kua.questionnaires.models import FormVersion
from kua.vault.models import DataKey, Vault
from kua.vault.services import store_data_key

CHUNK = 10_000  # rows per transaction (and per column block)
STALE_ELSEWHERE = datetime.timedelta(days=1)  # a pending batch of another host is left this long

Kept = tuple[Any, Sealed]  # (the batch row, what its worker sealed)


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


class StoredRow(NamedTuple):
    """An interview a chunk stored, as the intake steps read it (the
    attribute names of Interview; no model object is built per row)."""

    pk: int
    uuid: uuid.UUID
    documenter_id: int
    form_version_id: int
    data_key_id: int


class Contents(Sequence[Any]):
    """One part (answers or client code) of a stored chunk's payloads, decoded only if a
    receiver reads it: the workers' chunk results usually spare the decoding."""

    def __init__(self, decoded: _Decoded, part: str) -> None:
        self.decoded, self.part = decoded, part

    def __len__(self) -> int:
        return len(self.decoded.chunk)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [getattr(p, self.part) for p in self.decoded.payloads()[index]]
        return getattr(self.decoded.payloads()[index], self.part)

    def __iter__(self) -> Iterator[Any]:
        return (getattr(p, self.part) for p in self.decoded.payloads())


class _Decoded:
    """The payloads of a chunk, decrypted and decoded once, at the first read."""

    def __init__(self, chunk: list[Kept], data_key: bytes) -> None:
        self.chunk, self.data_key = chunk, data_key
        self._payloads: list[payload_codec.Payload] | None = None

    def payloads(self) -> list[payload_codec.Payload]:
        if self._payloads is None:
            self._payloads = [sealed.content(self.data_key) for _row, sealed in self.chunk]
        return self._payloads


class Insert:
    """The interviews of a chunk in multi-row INSERTs (kua.dbinsert), back as StoredRow for
    the receivers of the signal; the columns every row shares are prepared once."""

    NAMES = ("uuid", "documenter", "instance_id", "payload", "fingerprint")

    def __init__(self, organisation_id: int, form_version_id: int, batch_id: int, data_key_id: int) -> None:
        self.now = timezone.now()
        self.shared: dict[str, Any] = {
            "organisation": organisation_id, "form_version": form_version_id, "import_batch": batch_id,
            "data_key": data_key_id, "created_at": self.now, "status": Interview.Status.ACTIVE,
        }  # fmt: skip
        self.insert = dbinsert.Insert(Interview, self.NAMES, self.shared)

    def rows(self, chunk: list[Kept]) -> list[StoredRow]:
        values = [
            (s.record, row.documenter.pk, row.instance_id, s.payload, s.fingerprint) for row, s in chunk
        ]
        keys = self.insert.rows(values)
        version, key_row = self.shared["form_version"], self.shared["data_key"]
        return [StoredRow(key, v[0], v[1], version, key_row) for key, v in zip(keys, values, strict=True)]


def _common(results: list[HookResults]) -> list[str]:
    """The hooks that made a result for every chunk."""
    return [hook for hook in results[0] if all(hook in r for r in results)] if results else []


class BatchWriter:
    """Takes sealed rows one by one and stores them chunk by chunk under a pending batch."""

    def __init__(
        self, actor: User, vault: Vault, form_version: FormVersion, data_key: bytes, *, filename: str = ""
    ) -> None:
        self.actor, self.vault, self.form_version, self.data_key = actor, vault, form_version, data_key
        self.filename = filename[:255]
        self.batch: ImportBatch | None = None
        self.insert: Insert | None = None
        self.waiting: list[Kept] = []
        self.results: list[HookResults] = []  # per worker chunk waiting: its hooks' results
        self.stored = 0
        # The line of each stored row, by its key (keys grow), for "line 9 repeats line 2".
        self.keys, self.lines = array("q"), array("q")

    def add(self, sealed: list[Kept], results: HookResults | None = None) -> None:
        """One sealed chunk, with what the chunk hooks made of it in its worker."""
        if not sealed:
            return
        self.waiting.extend(sealed)
        self.results.append(results or {})
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
        results, self.results = self.results, []
        decoded = _Decoded(chunk, self.data_key)
        with writer_turn(), transaction.atomic():
            interviews = insert.rows(chunk)
            self.keys.extend(i.pk for i in interviews)
            self.lines.extend(row.line for row, _sealed in chunk)
            intake.stored(
                intake.Stored(
                    organisation=intake.organisation_of(self.actor),
                    interviews=interviews,
                    answers=Contents(decoded, "answers"),
                    batch=batch,
                    client_codes=Contents(decoded, "client_code"),
                    # What the workers made of these rows, per step and chunk (a step checks that
                    # they cover its rows: repeats were left out after the workers).
                    chunk_results={name: [r[name] for r in results] for name in _common(results)},
                    batch_key=(insert.shared["data_key"], self.data_key),
                )
            )
        self.stored += len(chunk)

    def line_of(self, key: int) -> int | None:
        """The line of the file of a row this writer stored (None if it stored no such row)."""
        at = bisect.bisect_left(self.keys, key)
        return self.lines[at] if at < len(self.keys) and self.keys[at] == key else None

    def finish(self, *, rejected: int, duplicates: int, via: str) -> ImportBatch | None:
        """The one write that makes every stored row visible, with its audit row."""
        self.flush()
        batch = self.batch
        if batch is None:
            return None
        with writer_turn(), transaction.atomic():
            batch.pending, batch.owner = False, ""
            batch.rows_stored, batch.rows_rejected = self.stored, rejected
            save_with_audit(
                batch,
                AuditAction.INTERVIEW_IMPORT,
                actor=self.actor,
                fields=["pending", "owner", "rows_stored", "rows_rejected"],
                via=via,
                stored=self.stored,
                rejected=rejected,
                duplicates=duplicates,
            )
        return batch

    def abandon(self) -> None:
        """After an error: nothing of this import stays."""
        self.waiting, self.results = [], []
        if self.batch is not None:
            batch_discard(self.batch)
            self.batch = None
