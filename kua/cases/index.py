"""The organisation's cases, opened once and kept in memory while the key is held.

The case list, its follow-up counts and the dashboard's follow-up block read this index, not
every case's payload on every request: at 100,000 interviews opening them all took 9-16 s a
page. An entry holds what the list shows and filters on: the case's sealed state (status,
next follow-up), who it is assigned to, whose interview it is, and a few coded facts of the
interview (place, date, which violations, consent to the authorities); never the respondent's
words (only whether an "other" text exists) and never a client code.

A reading checks one indexed aggregate (how many cases, the newest change): cases changed since
are opened again, and a case that went (an erasure) rebuilds the index. It goes with the key
(`key_dropped`: seal, idle, restart), like the analytic view.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kua.cases.models import Case
from kua.cases.sealing import CaseState, open_case
from kua.interviews import payload as payload_codec
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing

# The interview's coded facts an entry keeps (the "_other" texts only as whether they exist).
FACTS = (
    "registered_on",
    "residence_region",
    "residence_district",
    "police_violations",
    "medical_violations",
    "consent_report_to_authorities",
)
OTHER_TEXTS = ("police_violations_other", "medical_violations_other")
CLOSED = ("resolved_full", "resolved_partial", "closed_by_respondent")


@dataclass(slots=True)
class CaseEntry:
    pk: int
    record_id: uuid.UUID
    assigned_to_id: int | None
    documenter_id: int
    updated_at: datetime.datetime
    state: CaseState
    answers: dict[str, Any]

    def follow_up(self, today: datetime.date) -> str:
        """ "overdue", "week" (due within 7 days) or "" (none, or later, or the case is closed)."""
        due = self.state.next_follow_up
        if due is None or self.state.status in CLOSED:
            return ""
        if due < today:
            return "overdue"
        return "week" if due <= today + datetime.timedelta(days=7) else ""


@dataclass
class _Index:
    vault_id: int
    marker: tuple[Any, ...]
    entries: dict[int, CaseEntry] = field(default_factory=dict)  # cases, by case row id
    rows: set[int] = field(default_factory=set)  # every case row id (cases and "no case" rows)
    # What each reader may see, kept until the index changes (a rule over 60,000 cases costs
    # a third of a second; the same list is asked for at every page of the list).
    visible: dict[Any, list[CaseEntry]] = field(default_factory=dict)


_lock = threading.Lock()
_indexes: dict[int, _Index] = {}  # by organisation id


def _marker(organisation_id: int) -> tuple[Any, ...]:
    """How many cases, and the last changed (its time and id): the last one from the end of the
    (organisation, updated_at, id) index, the count from the same index. One aggregate over every
    case took 21 ms on PostgreSQL and 30 ms on SQLite at 100,000, at every page that reads cases.
    The last changed first: a case written between the two queries then only costs a refresh."""
    cases = Case.objects.filter(organisation_id=organisation_id)
    last = cases.order_by("-updated_at", "-pk").values_list("updated_at", "pk").first()
    changed, newest = last if last is not None else (None, None)
    return (cases.count(), changed, newest)


def _facts(answers: dict[str, Any]) -> dict[str, Any]:
    kept = {name: answers[name] for name in FACTS if name in answers}
    kept.update({name: bool(str(answers.get(name) or "").strip()) for name in OTHER_TEXTS})
    return kept


def _open(index: _Index, ring: KeyRing, cases: list[Case]) -> None:
    for case in cases:
        index.rows.add(case.pk)
        state = open_case(case, ring.key(case.data_key_id))
        if not state.is_case:
            index.entries.pop(case.pk, None)
            continue
        interview = case.interview
        raw = crypto.decrypt_payload(
            ring.key(interview.data_key_id),
            bytes(interview.payload),
            payload_codec.associated_data(interview.uuid),
        )
        index.entries[case.pk] = CaseEntry(
            case.pk,
            case.record_id,
            case.assigned_to_id,
            interview.documenter_id,
            case.updated_at,
            state,
            _facts(payload_codec.decode(raw).answers),
        )


def _rows(organisation_id: int, **since: Any) -> list[Case]:
    fields = ("pk", "record_id", "assigned_to_id", "updated_at", "data_key_id", "payload", "interview_id")
    interview = (
        "interview__uuid",
        "interview__documenter_id",
        "interview__data_key_id",
        "interview__payload",
    )
    query = Case.objects.filter(organisation_id=organisation_id, **since).select_related("interview")
    return list(query.only(*fields, *interview).iterator(chunk_size=2000))


def entries(organisation_id: int) -> list[CaseEntry]:
    """Every case of the organisation (raises VaultSealed while sealed)."""
    return list(_current(organisation_id).entries.values())


def visible(
    organisation_id: int, reader: Any, choose: Callable[[list[CaseEntry]], list[CaseEntry]]
) -> list[CaseEntry]:
    """`choose(every case)` for this reader (a key naming her and her rule), kept until a case
    changes."""
    index = _current(organisation_id)
    found = index.visible.get(reader)
    if found is None:
        found = index.visible[reader] = choose(list(index.entries.values()))
    return found


def _current(organisation_id: int) -> _Index:
    vault = vault_for(organisation_id)
    ring = KeyRing(vault)
    marker = _marker(organisation_id)
    with _lock:
        index = _indexes.get(organisation_id)
    if index is not None and index.vault_id == vault.pk and index.marker == marker:
        return index
    if index is not None and index.vault_id == vault.pk and index.marker[1] is not None:
        index.visible = {}
        _open(index, ring, _rows(organisation_id, updated_at__gte=index.marker[1]))
        if len(index.rows) != marker[0]:  # a case went (erasure): start again
            index = None
    if index is None or index.vault_id != vault.pk:
        index = _Index(vault.pk, marker)
        _open(index, ring, _rows(organisation_id))
    index.marker = marker
    with _lock:
        _indexes[organisation_id] = index
    return index


def drop_with_key(sender: object, *, vault_id: int, **kwargs: object) -> None:
    """No decrypted facts stay in memory once the key is gone (seal, idle, restart)."""
    with _lock:
        for organisation_id in [o for o, index in _indexes.items() if index.vault_id == vault_id]:
            _indexes.pop(organisation_id, None)
