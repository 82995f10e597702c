"""Writing, opening, erasing from and compacting sealed column blocks.

Blocks are written by the intake step "blocks" (`kua/intake/pipeline.py`), inside the storing transaction,
so every entry path (web, import, ODK) produces them, sealed or not. Each block has a data
key of its own, sealed to the organisation's public key.

A projection of the sealed records (docs/architecture.md): it may write outside a service,
on the write path and in `analytics.store.maintain` only, never for a reader.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections import deque
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from django.db import transaction

from kua.analytics.blocks import (
    Block,
    BlockInvalid,
    Builder,
    Identity,
    Parts,
    columns_of,
    decode,
    merge,
    merge_parts,
    without,
)
from kua.analytics.models import ColumnBlock
from kua.dbwrite import writer_turn
from kua.interviews.models import ImportBatch
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import spec_for
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing, new_data_key

if TYPE_CHECKING:  # types only: reading blocks needs neither the import's sealing nor the pipeline
    from kua.interviews.batch import Chunk
    from kua.interviews.intake import Stored

log = logging.getLogger("kua.analytics")

SMALL_BLOCK = 4096  # rows; blocks smaller than this are merged while unsealed
COMPACT_AFTER = 16  # small blocks of one form version before they are merged

BlockRow = tuple[uuid.UUID, int, dict[str, Any], str | None]  # record, documenter, answers, code


def _version(pk: int) -> FormVersion:
    return FormVersion.objects.defer("workbook").get(pk=pk)


def _seal(record: ColumnBlock, plaintext_of: Any) -> None:
    """Give `record` a new data key and its encrypted payload (plaintext made for its identity)."""
    key_row, key = new_data_key(vault_for(record.organisation_id))
    record.data_key = key_row
    record.payload = crypto.encrypt_payload(
        key, plaintext_of(record.identity()), record.associated_data("payload")
    )


def block_write(
    *, organisation_id: int, form_version: FormVersion, batch: ImportBatch | None, rows: Iterable[BlockRow]
) -> ColumnBlock | None:
    """One block of these rows (call inside the transaction that stores the rows)."""
    builder = Builder(columns_of(spec_for(form_version)))
    for row in rows:
        builder.add(*row)
    if not builder.rows:
        return None
    return _store(
        organisation_id, form_version.pk, batch.pk if batch else None, builder.rows, builder.parts()
    )


def block_in_memory(
    *, organisation_id: int, form_version: FormVersion, rows: Iterable[BlockRow]
) -> Block | None:
    """The block `block_write` would store, kept in memory only (a reader's stand-in)."""
    builder = Builder(columns_of(spec_for(form_version)))
    for row in rows:
        builder.add(*row)
    if not builder.rows:
        return None
    return Block(Identity(organisation_id, None, form_version.pk, uuid.uuid4()), builder.parts())


def _store(
    organisation_id: int, version_id: int, batch_id: int | None, live: int, parts: Parts
) -> ColumnBlock:
    record = ColumnBlock(
        organisation_id=organisation_id, import_batch_id=batch_id, form_version_id=version_id, rows=live
    )
    _seal(record, parts.encode)
    record.save()
    return record


def fragment(chunk: Chunk) -> Parts:
    """Run in an import's worker process (a chunk hook): its chunk's valid rows as block sections."""
    builder = Builder(columns_of(chunk.spec))
    for row in chunk.rows:
        builder.add(*row)
    return builder.parts()


def on_interviews_stored(event: Stored) -> None:
    """The stored interviews become one block per form version (from the workers' fragments
    when an import sends them and they hold exactly these rows: joining them costs no work per
    row). Inside the storing transaction."""
    organisation, interviews, batch = event.organisation, event.interviews, event.batch
    fragments = (event.chunk_results or {}).get("blocks")
    if (
        fragments
        and len({i.form_version_id for i in interviews}) == 1
        and _records_of(fragments) == b"".join(i.uuid.bytes for i in interviews)
    ):
        version_id, batch_id = interviews[0].form_version_id, batch.pk if batch else None
        _store(organisation.pk, version_id, batch_id, len(interviews), merge_parts(fragments))
        return
    by_version: dict[int, list[BlockRow]] = {}
    for interview, given, code in zip(interviews, event.answers, event.codes(), strict=True):
        by_version.setdefault(interview.form_version_id, []).append(
            (interview.uuid, interview.documenter_id, given, code)
        )
    for version_id, rows in by_version.items():
        block_write(
            organisation_id=organisation.pk, form_version=_version(version_id), batch=batch, rows=rows
        )


def _records_of(fragments: list[Parts]) -> bytes:
    """The record ids of the fragments' rows, in order (a fragment's live rows come first)."""
    return b"".join(p.records[: 16 * int.from_bytes(p.live, "little").bit_count()] for p in fragments)


def block_open(ring: KeyRing, record: ColumnBlock) -> Block:
    """Decrypt and check one block; BlockInvalid (with the reason) if it is refused."""
    return _opened(record, ring.key(record.data_key_id))


def _opened(record: ColumnBlock, key: bytes, payload: bytes | None = None) -> Block:
    sealed = bytes(record.payload) if payload is None else payload
    try:
        raw = crypto.decrypt_payload(key, sealed, record.associated_data("payload"))
    except crypto.DecryptionFailed:
        raise BlockInvalid(
            "the block does not open: it was moved, changed or sealed to another key"
        ) from None
    return decode(raw, record.identity())


PAYLOADS_AT_ONCE = 8


def visible_blocks(organisation_id: int) -> list[ColumnBlock]:
    """Blocks of single entries and of completed imports, in the order they were written;
    their sealed payloads are not loaded (`opened_blocks` reads a few at a time)."""
    pending = ImportBatch.objects.filter(pending=True).values("pk")
    return list(
        ColumnBlock.objects.filter(organisation_id=organisation_id)
        .exclude(import_batch__in=pending)
        .defer("payload")
        .order_by("pk")
    )


def opened_blocks(ring: KeyRing, records: list[ColumnBlock]) -> list[tuple[ColumnBlock, Block]]:
    """The blocks that open and pass their checks; a refused block is logged and left out
    (its rows are then missing from the blocks and are read from their row payloads).

    The keys are opened here (they may need a query); decrypting and inflating, which
    release the GIL, run on every core."""
    keys = [ring.key(record.data_key_id) for record in records]

    def attempt(record: ColumnBlock, key: bytes, payload: bytes) -> Block | BlockInvalid:
        try:
            return _opened(record, key, payload)
        except BlockInvalid as refused:
            return refused

    workers = max(1, min(len(records), os.cpu_count() or 1))
    results: list[Block | BlockInvalid] = []
    pending: deque[Future[Block | BlockInvalid]] = deque()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # The sealed payloads are read a few blocks at a time, while the threads open the
        # ones read before (the database read and the decrypting overlap), and dropped once
        # opened: at a million rows all of them at once would hold another 120 MB.
        for start in range(0, len(records), PAYLOADS_AT_ONCE):
            group = records[start : start + PAYLOADS_AT_ONCE]
            chosen = keys[start : start + PAYLOADS_AT_ONCE]
            for record, key, payload in zip(group, chosen, _payloads(group), strict=True):
                pending.append(pool.submit(attempt, record, key, payload))
            while len(pending) > 2 * PAYLOADS_AT_ONCE:
                results.append(pending.popleft().result())
        results += [future.result() for future in pending]
    opened = []
    for record, result in zip(records, results, strict=True):
        if isinstance(result, BlockInvalid):
            log.warning("column block %s refused: %s", record.uuid, result)
        else:
            opened.append((record, result))
    return opened


def _payloads(records: list[ColumnBlock]) -> list[bytes]:
    """The records' sealed payloads (loaded already, or read in one query)."""
    loaded = "payload" not in records[0].get_deferred_fields() if records else True
    if loaded:
        return [bytes(record.payload) for record in records]
    found = dict(ColumnBlock.objects.filter(pk__in=[r.pk for r in records]).values_list("pk", "payload"))
    return [bytes(found.get(record.pk, b"")) for record in records]  # gone meanwhile: refused, reread


def blocks_erase(*, organisation_id: int, record_ids: Iterable[uuid.UUID]) -> int:
    """Rewrite every block holding these records without them (needs the vault unsealed).

    Their bytes are zeroed and the block re-encrypted under a new data key, so the erased
    answers are gone from every block, not masked. Returns the number of blocks rewritten."""
    wanted = {record.bytes for record in record_ids}
    ring = KeyRing(vault_for(organisation_id))
    changed = 0
    for record in ColumnBlock.objects.filter(organisation_id=organisation_id).order_by("pk"):
        try:
            block = block_open(ring, record)
        except BlockInvalid:
            _delete(record)  # it may hold the records; its rows come back from their payloads
            changed += 1
            continue
        rows = {row for row, rec in block.live_records() if rec in wanted}
        if rows:
            _rewrite(record, without(block, rows), record.rows - len(rows))
            changed += 1
    return changed


def _rewrite(record: ColumnBlock, parts: Parts, live: int) -> None:
    old_key = record.data_key
    if live <= 0:
        _delete(record)
        return
    record.rows = live
    _seal(record, parts.encode)
    record.save(update_fields=["rows", "data_key", "payload"])
    old_key.delete()


def _delete(record: ColumnBlock) -> None:
    key = record.data_key
    record.delete()
    key.delete()


def compact(organisation_id: int, opened: Sequence[tuple[ColumnBlock | None, Block]]) -> int:
    """Merge small blocks of the same form version into one (while unsealed). Returns merged count."""
    small: dict[int, list[tuple[ColumnBlock, Block]]] = {}
    for record, block in opened:
        if record is not None and record.rows < SMALL_BLOCK:
            small.setdefault(record.form_version_id, []).append((record, block))
    merged = 0
    for version_id, group in small.items():
        columns = group[-1][1].parts.columns
        same = [(r, b) for r, b in group if b.parts.columns == columns]
        if len(same) < COMPACT_AFTER:
            continue
        with writer_turn(), transaction.atomic():
            ids = [r.pk for r, _b in same]
            if ColumnBlock.objects.select_for_update().filter(pk__in=ids).count() != len(ids):
                continue  # another process merged or erased them meanwhile
            live = sum(r.rows for r, _b in same)
            _store(organisation_id, version_id, None, live, merge([b for _r, b in same]))
            for record, _block in same:
                _delete(record)
        merged += len(same)
    return merged
