"""The case ledger laid over the analytic view's rows, without a record-id join.

An import writes one ledger entry per chunk with every interview of the chunk in the order
of the chunk's column block, so an entry's record uuids are, byte for byte, a stretch of the
view's own record uuids (`Dataset.records`), apart from the rows the view has cleared (a
block's padding, erased rows: 16 zero bytes). Such an entry is laid over the view with a few
`bytes` comparisons, and its status bytes become the rows' statuses with one `translate`:
no dict of a million records, no Python per row. Merged and rebuilt entries keep the order
in which the records first appeared, so they are laid the same way.

Entries that do not lie on the view (one case's later status, a merge of updates) are few:
their records are looked up one by one. When too many do not lie, or the ledger does not
account for every case, the caller counts the old way (`ledger.case_statuses`)."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kua.cases import codes
from kua.cases.ledger import NO_CASE_STATUS, Parts

RECORD = 16
CLEARED = bytes(RECORD)
# Records of entries that do not lie on the view, at most; beyond it the old join is cheaper.
LATE_MAX = 4096
# Up to this many records are found by scanning the view's uuids; more build one dict.
FIND_MAX = 32

Run = tuple[int, int, int]  # view offset, entry offset, length (bytes)


@dataclass(frozen=True)
class Laid:
    """Per view row: 0 for no case, else 1 + the status's place in `codes.STATUSES`."""

    per_row: bytes
    find: Callable[[Sequence[bytes]], dict[bytes, int]]  # records → their view rows


def lay(entries: Sequence[Parts], records: bytes, cases: int) -> Laid | None:
    """The statuses of the view's rows from the ledger's entries (position order: the latest
    wins); None when the ledger does not account for exactly `cases` records, or too many of
    its records do not lie on the view."""
    size = len(records) // RECORD
    per_row, setter = bytearray(size), array("i", [-1]) * size  # which entry set each row
    late: list[tuple[int, bytes, int]] = []  # (entry index, record, value)
    cursor = 0
    for index, (entry_records, statuses, names) in enumerate(entries):
        if not entry_records:
            continue
        values = statuses.translate(_table(names))
        runs = _runs(records, entry_records, cursor)
        if runs is None and cursor:
            runs = _runs(records, entry_records, 0)
        if runs is None:
            late.extend((index, entry_records[i : i + RECORD], values[i // RECORD])
                        for i in range(0, len(entry_records), RECORD))  # fmt: skip
            if len(late) > LATE_MAX:
                return None
            continue
        for at, start, length in runs:
            first, rows = at // RECORD, length // RECORD
            per_row[first : first + rows] = values[start // RECORD : (start + length) // RECORD]
            setter[first : first + rows] = array("i", [index]) * rows
        cursor = max(cursor, runs[-1][0] + runs[-1][2])
    find = _finder(records)
    counted = size - setter.count(-1)
    where = find([record for _index, record, _value in late])
    seen: set[bytes] = set()
    for index, record, value in late:
        row = where.get(record)
        if record not in seen and (row is None or setter[row] == -1):
            counted += 1
        seen.add(record)
        if row is not None and setter[row] < index:
            per_row[row], setter[row] = value, index
    return Laid(bytes(per_row), find) if counted == cases else None


def _table(names: Sequence[str]) -> bytes:
    """An entry's status bytes (places in its names) → the view's values."""
    places = {code: i + 1 for i, code in enumerate(codes.STATUSES)}
    values = [0 if name == NO_CASE_STATUS else places[name] for name in names]
    return bytes(values + [0] * (256 - len(values)))


def _runs(view: bytes, entry: bytes, cursor: int) -> list[Run] | None:
    """Where each record of `entry` lies on `view`, in order from `cursor`, skipping only the
    view's cleared rows; None when the entry does not lie there."""
    runs: list[Run] = []
    done = 0
    while done < len(entry):
        while view[cursor : cursor + RECORD] == CLEARED:
            cursor += RECORD
        length = _common(view, cursor, entry, done)
        if not length:
            return None
        runs.append((cursor, done, length))
        cursor, done = cursor + length, done + length
    return runs


def _common(view: bytes, at: int, entry: bytes, start: int) -> int:
    """The length, in whole records, of the longest equal stretch of `view` from `at` and
    `entry` from `start`: doubling steps, then halving, each one bytes comparison."""
    limit = min(len(view) - at, len(entry) - start) // RECORD
    equal, step = 0, 1
    while equal < limit:
        upto = min(equal + step, limit)
        if _same(view, at, entry, start, equal, upto):
            equal, step = upto, step * 2
            continue
        while upto - equal > 1:
            middle = (equal + upto) // 2
            if _same(view, at, entry, start, equal, middle):
                equal = middle
            else:
                upto = middle
        break
    return equal * RECORD


def _same(view: bytes, at: int, entry: bytes, start: int, low: int, high: int) -> bool:
    return view[at + RECORD * low : at + RECORD * high] == entry[start + RECORD * low : start + RECORD * high]


def _finder(records: bytes) -> Callable[[Sequence[bytes]], dict[bytes, int]]:
    def find(wanted: Sequence[bytes]) -> dict[bytes, int]:
        if len(wanted) > FIND_MAX:
            rows = {records[i : i + RECORD]: i // RECORD for i in range(0, len(records), RECORD)}
            rows.pop(CLEARED, None)
            return {record: rows[record] for record in wanted if record in rows}
        found = {}
        for record in wanted:
            if record == CLEARED:
                continue
            at = records.find(record)
            while at != -1 and at % RECORD:
                at = records.find(record, at + 1)
            if at != -1:
                found[record] = at // RECORD
        return found

    return find
