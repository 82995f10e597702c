"""What we did, counted: cases (not actions) of interviews with consent_statistics = yes."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from kua.accounts.models import Organisation
from kua.analytics.bitsets import flags, set_rows
from kua.analytics.dataset import Dataset
from kua.analytics.store import view_for
from kua.cases import codes
from kua.cases.models import Case, CaseAction
from kua.cases.sealing import ActionFacts, open_action, open_case_state
from kua.vault.services import KeyRing, vault_for


@dataclass
class CountedCase:
    status: str
    registered_on: datetime.date | None
    actions: list[ActionFacts] = field(default_factory=list)
    district: str = ""
    documenter_id: int = 0
    client_code: str | None = None


def _actions_by_case(organisation_id: int) -> dict[int, list[ActionFacts]]:
    ring = KeyRing(vault_for(organisation_id))
    found: dict[int, list[ActionFacts]] = defaultdict(list)
    for action in CaseAction.objects.filter(case__organisation_id=organisation_id).order_by("pk"):
        found[action.case_id].append(open_action(action, ring.key(action.data_key_id)))
    return found


def _row_codes(view: Dataset, name: str) -> list[str]:
    """Each row's code of a select_one column ("" when unanswered), walking each bitmap once."""
    found = [""] * view.size
    width = (view.size + 7) // 8
    for code, mask in view.bits.get(name, {}).items():
        for row in set_rows(mask.to_bytes(width, "little")):
            found[row] = code
    return found


def counted_cases(organisation_id: int, *, details: bool = True) -> list[CountedCase]:
    """Cases that may be counted, each with its latest status and its actions.

    Which interviews count (consent_statistics = yes, not erased), and with `details` their
    district, date, documenter and client code (the report's filters and figures), come from
    the analytic view: only the cases' own small payloads are decrypted, never the interviews'."""
    rows = Case.objects.filter(organisation_id=organisation_id).order_by("pk")
    cases = list(rows.values_list("pk", "interview_id", "record_id", "data_key_id", "payload"))
    if not cases:  # nothing to open: no need for the key (a sealed vault does not matter)
        return []
    view = view_for(organisation_id)
    by_record, by_id = _counted_rows(view)
    ring = KeyRing(vault_for(organisation_id))
    actions = _actions_by_case(organisation_id)
    facts = _RowFacts(view) if details else None
    found = []
    for pk, interview_id, record_id, key_id, payload in cases:
        row = by_record.get(record_id.bytes)
        if row is None:
            row = by_id.get(interview_id)
            if row is None:
                continue
        state = open_case_state(record_id, bytes(payload), ring.key(key_id))
        case = CountedCase(state.status or "open", None, actions.get(pk, []))
        if facts is not None:
            facts.fill(case, row)
        found.append(case)
    return found


def _counted_rows(view: Dataset) -> tuple[dict[bytes, int], dict[int, int]]:
    """The view's counted rows by record id (the blocks' rows: no query) and, for rows
    appended after the view was built (web entries), by interview id."""
    counted = flags(view.counted, view.size)
    records = view.records
    in_blocks = len(records) // 16
    by_record = {records[16 * row : 16 * row + 16]: row for row in compress(range(in_blocks), counted)}
    if in_blocks == view.size:
        return by_record, {}
    ids = view.ids
    return by_record, {ids[row]: row for row in range(in_blocks, view.size) if counted[row]}


class _RowFacts:
    """A view row's district, date, documenter and client code, for a counted case."""

    def __init__(self, view: Dataset) -> None:
        self.view = view
        self.districts = _row_codes(view, "residence_district")
        self.registered = view.dates.get("registered_on")
        self.client_codes = view.client_codes

    def fill(self, case: CountedCase, row: int) -> None:
        day = self.registered[row] if self.registered is not None else 0
        case.registered_on = datetime.date.fromordinal(day) if day else None
        case.district = self.districts[row]
        case.documenter_id = self.view.documenters[row]
        case.client_code = self.client_codes[row]


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
    for case in cases:
        status[case.status if case.status in status else "open"] += 1
    return {
        "cases": len(cases),
        "status": status,
        "actions": _cases_with(cases, "action", codes.ACTIONS),
        "complaints": _cases_with(cases, "body", codes.BODIES, action="complaint_filed"),
        "referrals": _cases_with(cases, "service", codes.SERVICES, action="referral"),
    }


def responses_table(organisation: Organisation | int) -> dict[str, Any]:
    """The "responses" block of `kua tables --format json` (shared/spec/cases.md)."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return responses_from(counted_cases(organisation_id, details=False))


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


def median_days_to_first_action(cases: list[CountedCase]) -> float | None:
    days = [
        (min(a.action_on for a in case.actions) - case.registered_on).days
        for case in cases
        if case.actions and case.registered_on
    ]
    return statistics.median(days) if days else None


def clients(cases: list[CountedCase]) -> int:
    """People, as REAct counts them: cases with the same client code are one client."""
    codes_seen = {case.client_code for case in cases if case.client_code}
    return len(codes_seen) + sum(1 for case in cases if not case.client_code)
