"""What we did, counted: cases (not actions) of interviews with consent_statistics = yes."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

from django.db.models import Count, Max

from kua.accounts.models import Organisation
from kua.analytics.bitsets import bits_at, flags, mask_where
from kua.analytics.blocks import CODE_BYTES
from kua.analytics.dataset import Dataset
from kua.analytics.store import view_for
from kua.cases import codes
from kua.cases.ledger import NO_CASE_STATUS, case_statuses, ledger_marker, opened_entries
from kua.cases.ledger_rows import Laid, lay
from kua.cases.models import Case, CaseAction
from kua.cases.sealing import ActionFacts, open_action
from kua.interviews.models import Interview
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing

# 0: no case (no row, or a row that is no case), else 1 + the status's place.
_INDEX: dict[str | None, int] = {
    None: 0,
    NO_CASE_STATUS: 0,
    **{code: i + 1 for i, code in enumerate(codes.STATUSES)},
}


@dataclass(slots=True)
class CountedCase:
    """A counted case that has actions: its status, its interview's view row, its actions."""

    status: str
    row: int
    actions: Sequence[ActionFacts] = ()


@dataclass
class CountedCases:
    """The counted cases of some view rows: row masks by status (no object per case), and
    the cases with actions, which are few, one by one."""

    view: Dataset | None  # None when the organisation has no case at all
    by_status: dict[str, int]  # status code → the rows whose case has it
    acted: list[CountedCase]

    @property
    def rows(self) -> int:
        found = 0
        for mask in self.by_status.values():
            found |= mask
        return found


def counted_cases(organisation_id: int, rows: int | None = None) -> CountedCases:
    """The cases that may be counted, with their latest status; with `rows` (a mask over the
    view: the report's filters), only those rows' cases.

    Which interviews count (consent_statistics = yes, not erased) comes from the analytic
    view; the statuses from the case ledger (a few sealed entries of many cases each):
    neither the interviews' payloads nor the cases' own are opened, and no object is made
    per case but for the cases with actions. What is read is kept with the view until a
    ledger entry or an action is written, or a row appended (then a reading costs two
    small queries and a few ANDs)."""
    marker = ("case statuses", ledger_marker(organisation_id), _actions_marker())
    if marker[1] is None and not Case.objects.filter(organisation_id=organisation_id).exists():
        return CountedCases(None, {}, [])  # nothing to open: the key is not needed
    view = view_for(organisation_id)
    kept: _ByRow | None = view.derived.get(marker)
    if kept is None:
        kept = _by_row(organisation_id, view)
        for key in [k for k in view.derived if isinstance(k, tuple) and k[0] == marker[0]]:
            del view.derived[key]  # an older reading
        view.derived[marker] = kept
    mask = view.counted if rows is None else view.counted & rows
    by_status = {code: kept.masks[code] & mask for code in codes.STATUSES}
    chosen = bits_at(mask, [case.row for case in kept.acted])
    acted = [case for case, counted in zip(kept.acted, chosen, strict=True) if counted]
    return CountedCases(view, by_status, acted)


@dataclass(frozen=True)
class _ByRow:
    masks: dict[str, int]  # status → the view rows whose case has it
    acted: list[CountedCase]  # every case with an action, in view order


def _by_row(organisation_id: int, view: Dataset) -> _ByRow:
    ring = KeyRing(vault_for(organisation_id))
    records = _row_records(view)
    laid = _laid(organisation_id, ring, records)  # a read: writes nothing
    if laid is None:  # the ledger does not lie on the view: join by record id
        laid = _joined(case_statuses(organisation_id, ring), records)
    masks = {code: mask_where(laid.per_row, i + 1) for i, code in enumerate(codes.STATUSES)}
    return _ByRow(masks, _acted(organisation_id, ring, laid))


def _joined(statuses: dict[bytes, str], records: bytes) -> Laid:
    keys = [records[i : i + 16] for i in range(0, len(records), 16)]
    per_row = bytes(map(_INDEX.__getitem__, map(statuses.get, keys)))  # 0: no case, else 1 + place

    def find(wanted: Sequence[bytes]) -> dict[bytes, int]:
        chosen = set(wanted)
        return {key: row for row, key in enumerate(keys) if key in chosen}

    return Laid(per_row, find)


def _laid(organisation_id: int, ring: KeyRing, records: bytes) -> Laid | None:
    entries = opened_entries(organisation_id, ring)
    if entries is None:
        return None
    return lay(entries, records, Case.objects.filter(organisation_id=organisation_id).count())


def _actions_marker() -> tuple[Any, ...]:
    """Changes whenever an action is added or its outcome set (either saves the action). Over
    every organisation's actions: filtered by organisation, SQLite would walk every case."""
    found = CaseAction.objects.aggregate(newest=Max("pk"), changed=Max("updated_at"), count=Count("pk"))
    return (found["newest"], found["changed"], found["count"])


def _row_records(view: Dataset) -> bytes:
    """Every view row's record uuid, 16 bytes each: the blocks' rows from the blocks (no
    query), rows appended after the view was built (web entries) from the clear uuid column."""
    records = view.records
    first = len(records) // 16
    if first == view.size:
        return records
    ids = view.ids
    found = dict(Interview.objects.filter(pk__in=list(ids[first:])).values_list("pk", "uuid"))
    return records + b"".join(
        found[ids[row]].bytes if ids[row] in found else bytes(16) for row in range(first, view.size)
    )


def _actions_by_record(organisation_id: int, ring: KeyRing) -> dict[bytes, list[ActionFacts]]:
    found: dict[bytes, list[ActionFacts]] = defaultdict(list)
    actions = list(CaseAction.objects.filter(case__organisation_id=organisation_id).order_by("pk"))
    if not actions:
        return found
    record_of = dict(Case.objects.filter(pk__in={a.case_id for a in actions}).values_list("pk", "record_id"))
    for action in actions:
        found[record_of[action.case_id].bytes].append(open_action(action, ring.key(action.data_key_id)))
    return found


def _acted(organisation_id: int, ring: KeyRing, laid: Laid) -> list[CountedCase]:
    """The cases with at least one action, in view order (few: one object each)."""
    actions = _actions_by_record(organisation_id, ring)
    if not actions:
        return []
    rows = sorted((row, key) for key, row in laid.find(list(actions)).items() if laid.per_row[row])
    return [CountedCase(codes.STATUSES[laid.per_row[row] - 1], row, actions[key]) for row, key in rows]


def _cases_with(
    cases: Iterable[CountedCase], attribute: str, values: tuple[str, ...], **match: str
) -> dict[str, int]:
    counts = dict.fromkeys(values, 0)
    for case in cases:
        seen = {
            getattr(a, attribute)
            for a in case.actions
            if all(getattr(a, k) == v for k, v in match.items()) and getattr(a, attribute) in counts
        }
        for value in seen:
            counts[value] += 1
    return counts


def responses_from(counted: CountedCases) -> dict[str, Any]:
    status = {code: counted.by_status.get(code, 0).bit_count() for code in codes.STATUSES}
    acted = counted.acted
    return {
        "cases": sum(status.values()),
        "status": status,
        "actions": _cases_with(acted, "action", codes.ACTIONS),
        "complaints": _cases_with(acted, "body", codes.BODIES, action="complaint_filed"),
        "referrals": _cases_with(acted, "service", codes.SERVICES, action="referral"),
    }


def responses_table(organisation: Organisation | int) -> dict[str, Any]:
    """The "responses" block of `kua tables --format json` (shared/spec/cases.md)."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return responses_from(counted_cases(organisation_id))


def complaint_outcomes(counted: CountedCases) -> dict[str, dict[str, int]]:
    """Per body: cases whose latest complaint to it had each outcome (empty outcome = pending)."""
    table = {body: dict.fromkeys(codes.OUTCOMES, 0) for body in codes.BODIES}
    for case in counted.acted:
        latest: dict[str, ActionFacts] = {}
        for action in sorted(case.actions, key=lambda a: a.action_on):
            if action.action == "complaint_filed" and action.body in table:
                latest[action.body] = action
        for body, action in latest.items():
            table[body][action.outcome or "pending"] += 1
    return table


def median_days_to_first_action(counted: CountedCases) -> float | None:
    """From the interview's registration date (the view's) to the case's first action."""
    registered = counted.view.dates.get("registered_on") if counted.view is not None else None
    if registered is None:
        return None
    days = [
        min(a.action_on for a in case.actions).toordinal() - registered[case.row]
        for case in counted.acted
        if registered[case.row]
    ]
    return statistics.median(days) if days else None


def clients(counted: CountedCases) -> int:
    """People, as REAct counts them: cases with the same client code are one client."""
    view, rows = counted.view, counted.rows
    if view is None or not rows:
        return 0
    coded = rows & view.code_rows
    codes_of, width = bytes(view.codes), CODE_BYTES
    found = {
        codes_of[width * row : width * row + width]
        for row in compress(range(view.size), flags(coded, view.size))
    }
    return len(found) + (rows & ~coded).bit_count()
