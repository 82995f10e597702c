"""One analytic view per organisation, built on unseal, kept current, dropped on seal."""

from __future__ import annotations

import logging
import threading
import uuid
from array import array
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count

from kua.analytics import blockstore
from kua.analytics.blocks import Block
from kua.analytics.concat import view_of
from kua.analytics.dataset import Dataset, Row, empty_view
from kua.analytics.models import ColumnBlock
from kua.dbwrite import writer_turn
from kua.interviews.intake import Erased, Stored
from kua.interviews.models import Interview
from kua.interviews.selectors import opened_interviews
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import current_form, spec_for
from kua.vault.models import Vault
from kua.vault.selectors import is_unsealed, private_key, vault_for
from kua.vault.services import KeyRing

log = logging.getLogger("kua.analytics")
_lock = threading.Lock()
_views: dict[int, Dataset] = {}  # by organisation id
_vault_of: dict[int, int] = {}  # organisation id → vault id, to drop views with keys
_building: dict[int, threading.Event] = {}

Opened = list[tuple[ColumnBlock | None, Block]]  # None: a block built in memory by a reader


def build(organisation_id: int) -> Dataset:
    """The concatenation of the organisation's blocks (raises VaultSealed when sealed).

    A read: it writes nothing. The blocks are checked against the clear rows: their live rows
    must number the organisation's interviews. If not (interviews stored before blocks existed,
    a refused block), the missing rows are read from their payloads into blocks kept in memory
    (`maintain` stores them), and rows no longer stored are masked. Rows whose status is not
    active are masked."""
    ring = KeyRing(vault_for(organisation_id))
    opened, live, inactive = _checked(organisation_id, ring, store=False)
    if inactive:
        live = [
            _cleared(block, bits, inactive.__contains__)
            for (_r, block), bits in zip(opened, live, strict=True)
        ]
    if not opened:
        return empty_view(spec_for(current_form(organisation_id)))
    blocks = [block for _record, block in opened]
    del opened  # view_of lets each block go once folded in
    view = view_of(blocks, live)
    view.ids_source = partial(_ids, organisation_id, view.records)
    return view


def maintain(organisation_id: int) -> tuple[int, int]:
    """The blocks brought up to date, on the write path, at a web unseal or by `kua maintain`
    (never by a reader): interviews without a block get one, small blocks are merged.
    Returns (blocks written for interviews that had none, small blocks merged); needs unsealed."""
    ring = KeyRing(vault_for(organisation_id))
    before = ColumnBlock.objects.filter(organisation_id=organisation_id).count()
    opened, _live, _inactive = _checked(organisation_id, ring, store=True)
    written = ColumnBlock.objects.filter(organisation_id=organisation_id).count() - before
    return written, blockstore.compact(organisation_id, opened)


def _checked(organisation_id: int, ring: KeyRing, *, store: bool) -> tuple[Opened, list[bytes], set[bytes]]:
    with transaction.atomic():
        records = blockstore.visible_blocks(organisation_id)
        stored = Interview.objects.filter(organisation_id=organisation_id)
        # One pass over the (organisation, batch, status) index counts them and finds whether
        # any is not active (few or none: only then are their uuids read).
        by_status = {
            row["status"]: row["n"] for row in stored.order_by().values("status").annotate(n=Count("pk"))
        }
        expected = sum(by_status.values())
        others = stored.exclude(status=Interview.Status.ACTIVE).order_by()
        inactive = (
            {u.bytes for u in others.values_list("uuid", flat=True)}
            if expected > by_status.get(Interview.Status.ACTIVE, 0)
            else set()
        )
    opened: Opened = list(blockstore.opened_blocks(ring, records))
    live = [block.parts.live for _record, block in opened]
    if sum(int.from_bytes(bits, "little").bit_count() for bits in live) != expected:
        opened, live = _reconcile(organisation_id, ring, opened, live, store=store)
    return opened, live, inactive


def _ids(organisation_id: int, records: bytes) -> array[int]:
    """Each row's interview id (0 for padding and erased rows), from the clear uuid column."""
    stored = Interview.objects.filter(organisation_id=organisation_id).order_by().values_list("uuid", "id")
    known = {record.bytes: pk for record, pk in stored.iterator(chunk_size=10000)}
    return array("q", (known.get(records[i : i + 16], 0) for i in range(0, len(records), 16)))


def _cleared(block: Block, bits: bytes, drop: Any) -> bytes:
    out = bytearray(bits)
    for row, record in block.live_records():
        if drop(record):
            out[row >> 3] &= ~(1 << (row & 7)) & 0xFF
    return bytes(out)


def _reconcile(
    organisation_id: int, ring: KeyRing, opened: Opened, live: list[bytes], *, store: bool
) -> tuple[Opened, list[bytes]]:
    stored = {
        u.bytes
        for u in Interview.objects.filter(organisation_id=organisation_id)
        .values_list("uuid", flat=True)
        .iterator(chunk_size=10000)
    }
    seen: set[bytes] = set()

    def gone(record: bytes) -> bool:
        if record not in stored or record in seen:
            return True
        seen.add(record)
        return False

    live = [_cleared(block, bits, gone) for (_r, block), bits in zip(opened, live, strict=True)]
    missing = stored - seen
    if missing:
        for pair in _backfill(organisation_id, ring, {uuid.UUID(bytes=m) for m in missing}, store=store):
            opened.append(pair)
            live.append(pair[1].parts.live)
    return opened, live


def _backfill(organisation_id: int, ring: KeyRing, missing: set[uuid.UUID], *, store: bool) -> Opened:
    """Blocks for interviews that have none, from their payloads (needs unsealed): stored by
    `maintain`, kept in memory for a reader."""
    by_version: dict[int, list[blockstore.BlockRow]] = {}
    for opened in opened_interviews(organisation_id, records=missing):
        content = opened.content
        by_version.setdefault(opened.form_version_id, []).append(
            (opened.uuid, opened.documenter_id, content.answers, content.client_code)
        )
    versions = {v.pk: v for v in FormVersion.objects.defer("workbook").filter(pk__in=by_version)}
    if not store:
        blocks = (
            blockstore.block_in_memory(organisation_id=organisation_id, form_version=versions[pk], rows=rows)
            for pk, rows in by_version.items()
        )
        return [(None, block) for block in blocks if block is not None]
    written = []
    with writer_turn(), transaction.atomic():
        for version_id, rows in by_version.items():
            record = blockstore.block_write(
                organisation_id=organisation_id, form_version=versions[version_id], batch=None, rows=rows
            )
            if record is not None:
                written.append(record)
    return [(record, blockstore.block_open(ring, record)) for record in written]


def view_for(organisation_id: int) -> Dataset:
    """The organisation's view; built now if it is not in memory (raises VaultSealed)."""
    private_key(vault_for(organisation_id))
    with _lock:
        view = _views.get(organisation_id)
        event = _building.get(organisation_id)
    if view is not None:
        return view
    if event is not None:
        event.wait()
        with _lock:
            if organisation_id in _views:
                return _views[organisation_id]
    view = build(organisation_id)
    _keep(organisation_id, view)
    return view


def _keep(organisation_id: int, view: Dataset) -> None:
    with _lock:
        _views[organisation_id] = view
        _vault_of[organisation_id] = vault_for(organisation_id).pk


def drop(organisation_id: int) -> None:
    with _lock:
        _views.pop(organisation_id, None)


def add_row(organisation_id: int, row: Row) -> None:
    with _lock:
        view = _views.get(organisation_id)
        if view is not None:
            view.append(row)


def invalidate(organisation_id: int) -> None:
    """After a batch write or an erasure: rebuilt from the blocks at the next use."""
    drop(organisation_id)


SINGLE_ENTRIES = 50  # up to this many stored at once are appended to a view in memory


def on_stored(event: Stored) -> None:
    """Intake step "blocks": written in the storing transaction; the view in memory follows
    the commit."""
    blockstore.on_interviews_stored(event)
    organisation_id = event.organisation.pk
    interviews, answers, codes = event.interviews, event.answers, event.codes()
    transaction.on_commit(lambda: _compact_when_due(organisation_id))
    if event.batch is not None or len(interviews) > SINGLE_ENTRIES:
        transaction.on_commit(lambda: invalidate(organisation_id))
        return
    rows = [Row(i.documenter_id, a, c, i.pk) for i, a, c in zip(interviews, answers, codes, strict=True)]

    def append() -> None:
        for row in rows:
            add_row(organisation_id, row)

    transaction.on_commit(append)


def _compact_when_due(organisation_id: int) -> None:
    """After a store, on its write path: small blocks merged once there are enough of them
    (while unsealed; a sealed store leaves them to the next web unseal or `kua maintain`)."""
    small = ColumnBlock.objects.filter(organisation_id=organisation_id, rows__lt=blockstore.SMALL_BLOCK)
    if small.count() < blockstore.COMPACT_AFTER or not is_unsealed(vault_for(organisation_id)):
        return
    try:
        maintain(organisation_id)
    except Exception:  # the store is done; the blocks are merged at the next chance
        log.warning("small blocks were left unmerged after a store")


def on_erased(event: Erased) -> None:
    """Intake step "blocks" on erasure: the records leave every block, in the transaction."""
    blockstore.blocks_erase(organisation_id=event.organisation.pk, record_ids=event.record_ids)
    organisation_id = event.organisation.pk
    # At once (the tables change at once), and again at commit: a build in another thread may
    # have read the blocks before this transaction rewrote them.
    invalidate(organisation_id)
    transaction.on_commit(lambda: invalidate(organisation_id))


def build_on_unseal(sender: object, *, vault: Vault, **kwargs: object) -> None:
    if not settings.ANALYTICS_BUILD_ON_UNSEAL:
        return
    organisation_id = vault.organisation_id
    event = threading.Event()
    with _lock:
        if organisation_id in _views or organisation_id in _building:
            return
        _building[organisation_id] = event

    def work() -> None:
        try:
            maintain(organisation_id)  # the projection first: a web unseal is a write path
            _keep(organisation_id, build(organisation_id))
        except Exception:  # the next request builds it and reports the error itself
            log.warning("background build failed")
        finally:
            with _lock:
                _building.pop(organisation_id, None)
            event.set()
            connection.close()  # the thread's own connection (a pooled one goes back to the pool)

    threading.Thread(target=work, name="kua-analytics-build", daemon=True).start()


def drop_with_key(sender: object, *, vault_id: int, **kwargs: object) -> None:
    """No decrypted answers stay in memory once the key is gone (seal, idle, restart)."""
    with _lock:
        for organisation_id in [o for o, v in _vault_of.items() if v == vault_id]:
            _views.pop(organisation_id, None)
            _vault_of.pop(organisation_id, None)
