"""From an audit row's keyed reference back to the 8-character number the screens show.

A row names a record by `read_reference(record id, action)`, a keyed hash. While the vault is
open the page keys every record id of the organisation (a column of the interviews table, no
payload is decrypted) under the actions of the rows shown, and looks the references up. The
indexes stay in this process until a key is dropped (sealing) or the records change: the
record ids as 16 bytes each, and per action the first 64 bits of each reference -> its row
(about 10 MB per action at 100,000 records; the last few actions only).
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, Max

from kua.audit.services import reference_maker
from kua.interviews.models import Interview

# Rows whose object is a respondent's record, named on the screens by its interview's number
# (a case's record id is its interview's).
NUMBERED = frozenset({"interview", "case"})
KEPT_ACTIONS = 4

_Signature = tuple[int, int | None]


@dataclass
class _Records:
    signature: _Signature
    ids: bytes  # 16 bytes per record
    by_action: OrderedDict[str, dict[int, int]] = field(default_factory=OrderedDict)

    def record(self, row: int) -> uuid.UUID:
        return uuid.UUID(bytes=self.ids[row * 16 : row * 16 + 16])


_kept: dict[int, _Records] = {}


def forget(sender: object = None, **kwargs: object) -> None:
    """The numbers go with the key (the receiver of `key_dropped`, connected in apps.ready)."""
    _kept.clear()


def _prefix(reference: str) -> int:
    return int(reference[3:19], 16)  # "r1:" then 32 hex digits


def _records(organisation_id: int) -> _Records:
    mine = Interview.objects.filter(organisation_id=organisation_id)
    found = mine.aggregate(n=Count("pk"), top=Max("pk"))
    signature = (found["n"], found["top"])
    kept = _kept.get(organisation_id)
    if kept is None or kept.signature != signature:
        ids = b"".join(u.bytes for u in mine.values_list("uuid", flat=True).iterator(chunk_size=5000))
        kept = _kept[organisation_id] = _Records(signature, ids)
    return kept


def _index(records: _Records, action: str) -> dict[int, int]:
    index = records.by_action.get(action)
    if index is None:
        reference = reference_maker(action)
        index = {_prefix(reference(str(records.record(row)))): row for row in range(len(records.ids) // 16)}
        records.by_action[action] = index
        while len(records.by_action) > KEPT_ACTIONS:
            records.by_action.popitem(last=False)
    records.by_action.move_to_end(action)
    return index


def record_numbers(organisation_id: int, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(action, reference) -> the record's number, for the references that are still records.

    Call only while the organisation's vault is open (the access policy's rule for the page)."""
    if not wanted:
        return {}
    records = _records(organisation_id)
    numbers = {}
    for action, ref in sorted(wanted):
        row = _index(records, action).get(_prefix(ref))
        if row is None:
            continue
        record = records.record(row)
        if reference_maker(action)(str(record)) == ref:  # the prefix matched; the whole must too
            numbers[(action, ref)] = record.hex[:8]
    return numbers
