"""The case ledger: cases' statuses in sealed entries of many cases each (model `CaseLedger`).

Counting reads every case's latest status. One sealed payload per case costs a decrypt and a
JSON decode per case (≈11 µs: 7 s at a million interviews); an entry costs one decrypt for
all the cases an import chunk opened. The cases' own payloads stay the record of truth: when
the ledger and the case rows disagree in number, or an entry does not open, the ledger is
rebuilt from them (needs the vault unsealed, as counting does).

Plaintext of an entry (compressed with zlib, then encrypted under a data key sealed to the
organisation's public key, associated data bound to the organisation and the entry):

    MAGIC | u32 header length | header (JSON) | record uuids (16 bytes each) | status (1 byte each)

The header names the format, the organisation, the entry, the number of rows and the status
codes the status bytes index. Every size follows from it, so an entry whose sizes do not add
up is refused. Never pickle: anyone with the public key can write an entry.

A projection of the cases (docs/architecture.md): it may write outside a service, on the
write path (`ledger_append`) and in `ledger_maintain` only, never for a reader.
"""

from __future__ import annotations

import json
import logging
import struct
import uuid
import zlib
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Max

from kua.cases import codes
from kua.cases.models import Case, CaseLedger
from kua.cases.sealing import open_case_state
from kua.dbwrite import writer_turn
from kua.vault import crypto
from kua.vault.selectors import is_unsealed, vault_for
from kua.vault.services import KeyRing, data_keys_drop_unused, new_data_key

log = logging.getLogger("kua.cases")

MAGIC = b"KUACSL\x00\x01"
FORMAT = 1
# Entries before counting merges them into one: reading an entry costs ≈50 µs besides its
# rows, so an import's entries (one per chunk of 10,000 rows) are left as they are.
COMPACT_AFTER = 256
_LENGTH = struct.Struct("<I")

# An interview's case row that is no case (it reported no violation): in the ledger so that
# its entries, written with every interview, tell nothing; never counted.
NO_CASE_STATUS = "none"
STATUSES = (*codes.STATUSES, NO_CASE_STATUS)

Item = tuple[bytes, str]  # a case's record uuid (16 bytes) and its status code
Parts = tuple[bytes, bytes, list[str]]  # an entry's records, status bytes and status names
Statuses = dict[bytes, str]


class LedgerInvalid(Exception):
    """An entry that does not open, or whose header does not match where it is stored."""


def encode(organisation_id: int, entry: uuid.UUID, items: Sequence[Item]) -> bytes:
    index = {code: i for i, code in enumerate(STATUSES)}
    header = {
        "format": FORMAT,
        "organisation": organisation_id,
        "entry": entry.hex,
        "rows": len(items),
        "statuses": list(STATUSES),
    }
    head = json.dumps(header, separators=(",", ":")).encode()
    records = b"".join(record for record, _status in items)
    statuses = bytes(index[status] for _record, status in items)
    return MAGIC + _LENGTH.pack(len(head)) + head + records + statuses


def decode(raw: bytes, organisation_id: int, entry: uuid.UUID) -> list[Item]:
    """The entry's items, in order; LedgerInvalid when anything does not match."""
    return _items(decode_parts(raw, organisation_id, entry))


def _items(parts: Parts) -> list[Item]:
    records, statuses, names = parts
    keys = [records[i : i + 16] for i in range(0, len(records), 16)]
    return list(zip(keys, map(names.__getitem__, statuses), strict=True))


def decode_parts(raw: bytes, organisation_id: int, entry: uuid.UUID) -> Parts:
    """The entry's record uuids (16 bytes each), its status bytes (one per record, a place in
    the names) and the names, without an object per record; LedgerInvalid as `decode`."""
    if raw[: len(MAGIC)] != MAGIC or len(raw) < len(MAGIC) + _LENGTH.size:
        raise LedgerInvalid("not a case ledger entry")
    start = len(MAGIC) + _LENGTH.size
    (length,) = _LENGTH.unpack_from(raw, len(MAGIC))
    try:
        header = json.loads(raw[start : start + length])
    except ValueError:
        raise LedgerInvalid("unreadable header") from None
    rows, names = _checked(header, organisation_id, entry)
    body = raw[start + length :]
    if len(body) != 17 * rows:
        raise LedgerInvalid("sizes do not add up")
    records, statuses = body[: 16 * rows], body[16 * rows :]
    if statuses and max(statuses) >= len(names):
        raise LedgerInvalid("unknown status")
    return records, statuses, names


def _checked(header: object, organisation_id: int, entry: uuid.UUID) -> tuple[int, list[str]]:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise LedgerInvalid("unknown format")
    if header.get("organisation") != organisation_id or header.get("entry") != entry.hex:
        raise LedgerInvalid("entry of another organisation or place")
    rows, names = header.get("rows"), header.get("statuses")
    if not isinstance(rows, int) or rows < 0 or not isinstance(names, list):
        raise LedgerInvalid("bad header")
    if any(name not in STATUSES for name in names):
        raise LedgerInvalid("unknown status")
    return rows, names


def ledger_append(
    *,
    organisation_id: int,
    items: Sequence[tuple[uuid.UUID, str]],
    key: tuple[int, bytes] | None = None,
    batch_id: int | None = None,
) -> CaseLedger | None:
    """One sealed entry of these cases' statuses (call inside the transaction that writes the
    cases; `key` is a data key already stored for them, else a fresh one is made)."""
    raw = [(record.bytes, status) for record, status in items]
    return _append(organisation_id, raw, key=key, batch_id=batch_id)


def _append(
    organisation_id: int,
    items: Sequence[Item],
    *,
    key: tuple[int, bytes] | None = None,
    batch_id: int | None = None,
    after: int | None = None,
) -> CaseLedger | None:
    if not items:
        return None
    if key is None:
        row, clear = new_data_key(vault_for(organisation_id))
        key = (row.pk, clear)
    key_id, clear = key
    entry = CaseLedger(
        organisation_id=organisation_id,
        import_batch_id=batch_id,
        after=after,
        rows=len(items),
        data_key_id=key_id,
    )
    plain = encode(organisation_id, entry.uuid, items)
    entry.payload = crypto.encrypt_payload(clear, zlib.compress(plain, 1), entry.associated_data("payload"))
    entry.save()
    transaction.on_commit(lambda: _merge_when_due(organisation_id))
    return entry


def _merge_when_due(organisation_id: int) -> None:
    """After an entry is written, on its write path: a long ledger is merged (while unsealed;
    a sealed write leaves it to the next web unseal or `kua maintain`)."""
    vault = vault_for(organisation_id)
    if CaseLedger.objects.filter(organisation_id=organisation_id).count() <= COMPACT_AFTER:
        return
    if not is_unsealed(vault):
        return
    try:
        ledger_maintain(organisation_id, KeyRing(vault))
    except Exception:  # the write is done; the ledger is merged at the next chance
        log.warning("the case ledger was left unmerged after a write")


def ledger_note(case: Case, key: bytes, status: str) -> None:
    """A case's new status, appended (inside the transaction that saves the case)."""
    ledger_append(
        organisation_id=case.organisation_id, items=[(case.record_id, status)], key=(case.data_key_id, key)
    )


def _open(ring: KeyRing, entry: CaseLedger) -> list[Item]:
    return _items(_open_parts(ring, entry))


def _open_parts(ring: KeyRing, entry: CaseLedger) -> Parts:
    try:
        raw = crypto.decrypt_payload(
            ring.key(entry.data_key_id), bytes(entry.payload), entry.associated_data("payload")
        )
        return decode_parts(zlib.decompress(raw), entry.organisation_id, entry.uuid)
    except (crypto.DecryptionFailed, zlib.error, LedgerInvalid) as refused:
        raise LedgerInvalid(str(refused) or "does not open") from None


def opened_entries(organisation_id: int, ring: KeyRing) -> list[Parts] | None:
    """Every entry's parts in position order (the latest last); None when one is refused
    (counting then reads the cases' own payloads, as `case_statuses` does). A read."""
    try:
        return [_open_parts(ring, entry) for entry in _entries(organisation_id)]
    except LedgerInvalid as refused:
        log.warning("case ledger entry refused (%s): read from the cases", refused)
        return None


def case_statuses(organisation_id: int, ring: KeyRing) -> Statuses:
    """Every case's latest status by record uuid (bytes), from the ledger. A read: when the
    ledger does not account for every case (or an entry is refused) the statuses are read from
    the cases' own payloads instead, and `ledger_maintain` writes the ledger again."""
    found = _from_ledger(organisation_id, ring)
    if found is None or len(found) != Case.objects.filter(organisation_id=organisation_id).count():
        return _from_cases(organisation_id, ring)
    return found


def _entries(organisation_id: int) -> list[CaseLedger]:
    return sorted(CaseLedger.objects.filter(organisation_id=organisation_id), key=lambda e: e.position)


def _from_ledger(organisation_id: int, ring: KeyRing) -> Statuses | None:
    entries = opened_entries(organisation_id, ring)
    if entries is None:
        return None
    found: Statuses = {}
    for parts in entries:
        found.update(_items(parts))
    return found


def _from_cases(organisation_id: int, ring: KeyRing) -> Statuses:
    rows = Case.objects.filter(organisation_id=organisation_id).order_by("pk")
    found: Statuses = {}
    for record, key_id, payload in rows.values_list("record_id", "data_key_id", "payload").iterator(2000):
        state = open_case_state(record, bytes(payload), ring.key(key_id))
        status = state.status if state.status in codes.STATUSES else "open"
        found[record.bytes] = status if state.is_case else NO_CASE_STATUS
    return found


def ledger_maintain(organisation_id: int, ring: KeyRing) -> str:
    """The ledger brought up to date (write path, web unseal, `kua maintain`; never a reader):
    written again from the cases when it does not account for every case, merged into one
    entry when long. Returns what was done: "rebuilt", "merged" or ""."""
    found = _from_ledger(organisation_id, ring)
    if found is None or len(found) != Case.objects.filter(organisation_id=organisation_id).count():
        ledger_rebuild(organisation_id, ring)
        return "rebuilt"
    entries = _entries(organisation_id)
    if len(entries) > COMPACT_AFTER:
        _merge(organisation_id, entries, found)
        return "merged"
    return ""


def ledger_marker(organisation_id: int) -> int | None:
    """Changes whenever an entry is written (appended, merged, rebuilt or rewritten)."""
    newest: int | None = CaseLedger.objects.filter(organisation_id=organisation_id).aggregate(
        newest=Max("pk")
    )["newest"]
    return newest


def _replace(organisation_id: int, entries: Iterable[CaseLedger], statuses: Statuses) -> None:
    """Write `statuses` as one entry in the place of `entries` (inside a transaction)."""
    entries = list(entries)
    keys = {entry.data_key_id for entry in entries}
    after = max((entry.position for entry in entries), default=None)
    CaseLedger.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
    _append(organisation_id, list(statuses.items()), after=after)
    data_keys_drop_unused(keys)


def _merge(organisation_id: int, entries: list[CaseLedger], statuses: Statuses) -> None:
    with writer_turn(), transaction.atomic():
        ids = [entry.pk for entry in entries]
        if CaseLedger.objects.select_for_update().filter(pk__in=ids).count() != len(ids):
            return  # another process merged them meanwhile
        _replace(organisation_id, entries, statuses)


def ledger_rebuild(organisation_id: int, ring: KeyRing) -> Statuses:
    """The ledger written again from every case's own sealed state (needs the vault unsealed)."""
    with writer_turn(), transaction.atomic():
        entries = list(CaseLedger.objects.select_for_update().filter(organisation_id=organisation_id))
        found = _from_cases(organisation_id, ring)
        _replace(organisation_id, entries, found)
    return found


def ledger_forget(organisation_id: int, record_ids: Iterable[uuid.UUID], ring: KeyRing) -> None:
    """Erased records leave the ledger: the entries that hold them are written again without
    them (inside the erasing transaction; not masked, rewritten)."""
    gone = {record.bytes for record in record_ids}
    for entry in CaseLedger.objects.filter(organisation_id=organisation_id):
        try:
            items = _open(ring, entry)
        except LedgerInvalid:
            _replace(organisation_id, [entry], {})  # rebuilt from the cases at the next count
            continue
        kept = [(record, status) for record, status in items if record not in gone]
        if len(kept) != len(items):
            _replace(organisation_id, [entry], dict(kept))
