"""What we did, counted: cases (not actions) of interviews with consent_statistics = yes."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any

from kua.accounts.models import Organisation
from kua.analytics.bitsets import flags
from kua.analytics.dataset import Dataset
from kua.analytics.store import view_for
from kua.cases import codes
from kua.cases.ledger import case_statuses
from kua.cases.models import Case, CaseAction
from kua.cases.sealing import ActionFacts, open_action
from kua.interviews.models import Interview
from kua.vault.services import KeyRing, vault_for


@dataclass(slots=True)
class CountedCase:
    status: str
    row: int  # the interview's row in the analytic view (its date, district, client code)
    actions: Sequence[ActionFacts] = ()


def _actions_by_record(organisation_id: int, ring: KeyRing) -> dict[bytes, list[ActionFacts]]:
    found: dict[bytes, list[ActionFacts]] = defaultdict(list)
    actions = list(CaseAction.objects.filter(case__organisation_id=organisation_id).order_by("pk"))
    if not actions:
        return found
    record_of = dict(Case.objects.filter(pk__in={a.case_id for a in actions}).values_list("pk", "record_id"))
    for action in actions:
        found[record_of[action.case_id].bytes].append(open_action(action, ring.key(action.data_key_id)))
    return found


def counted_cases(organisation_id: int, rows: int | None = None) -> list[CountedCase]:
    """Cases that may be counted, each with its latest status and its actions, in view order;
    with `rows` (a mask over the view: the report's filters), only those rows' cases.

    Which interviews count (consent_statistics = yes, not erased) comes from the analytic
    view; the statuses from the case ledger (a few sealed entries of many cases each):
    neither the interviews' payloads nor the cases' own are opened."""
    if not Case.objects.filter(organisation_id=organisation_id).exists():
        return []  # nothing to open: no need for the key (a sealed vault does not matter)
    view = view_for(organisation_id)
    ring = KeyRing(vault_for(organisation_id))
    statuses = case_statuses(organisation_id, ring)
    actions = _actions_by_record(organisation_id, ring)
    mask = view.counted if rows is None else view.counted & rows
    found = []
    status_of, actions_of = statuses.get, actions.get  # one lookup per counted row, no more
    for row, record in _records(view, mask):
        status = status_of(record)
        if status is not None:
            found.append(CountedCase(status, row, actions_of(record, ())))
    return found


def _records(view: Dataset, mask: int) -> Iterator[tuple[int, bytes]]:
    """The rows of `mask` with their record uuids: the blocks' rows from the blocks (no
    query), rows appended after the view was built (web entries) from the clear uuid column."""
    chosen = flags(mask, view.size)
    records = view.records
    in_blocks = len(records) // 16
    for row in compress(range(in_blocks), chosen):
        yield row, records[16 * row : 16 * row + 16]
    if in_blocks == view.size:
        return
    ids = view.ids
    appended = {ids[row]: row for row in range(in_blocks, view.size) if chosen[row]}
    for pk, record in Interview.objects.filter(pk__in=list(appended)).values_list("pk", "uuid"):
        yield appended[pk], record.bytes


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


def responses_from(cases: list[CountedCase]) -> dict[str, Any]:
    status = dict.fromkeys(codes.STATUSES, 0)
    for code, count in Counter(case.status for case in cases).items():
        status[code if code in status else "open"] += count
    acted = [case for case in cases if case.actions]
    return {
        "cases": len(cases),
        "status": status,
        "actions": _cases_with(acted, "action", codes.ACTIONS),
        "complaints": _cases_with(acted, "body", codes.BODIES, action="complaint_filed"),
        "referrals": _cases_with(acted, "service", codes.SERVICES, action="referral"),
    }


def responses_table(organisation: Organisation | int) -> dict[str, Any]:
    """The "responses" block of `kua tables --format json` (shared/spec/cases.md)."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return responses_from(counted_cases(organisation_id))


def complaint_outcomes(cases: list[CountedCase]) -> dict[str, dict[str, int]]:
    """Per body: cases whose latest complaint to it had each outcome (empty outcome = pending)."""
    table = {body: dict.fromkeys(codes.OUTCOMES, 0) for body in codes.BODIES}
    for case in cases:
        latest: dict[str, ActionFacts] = {}
        for action in sorted(case.actions, key=lambda a: a.action_on):
            if action.action == "complaint_filed" and action.body in table:
                latest[action.body] = action
        for body, action in latest.items():
            table[body][action.outcome or "pending"] += 1
    return table


def median_days_to_first_action(cases: list[CountedCase], view: Dataset) -> float | None:
    """From the interview's registration date (the view's) to the case's first action."""
    registered = view.dates.get("registered_on")
    if registered is None:
        return None
    days = [
        min(a.action_on for a in case.actions).toordinal() - registered[case.row]
        for case in cases
        if case.actions and registered[case.row]
    ]
    return statistics.median(days) if days else None


def clients(cases: list[CountedCase], view: Dataset) -> int:
    """People, as REAct counts them: cases with the same client code are one client."""
    codes_of = view.client_codes
    found = [codes_of[case.row] for case in cases]
    return len(set(filter(None, found))) + found.count(None)
