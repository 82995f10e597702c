"""What we did, counted: cases (not actions) of interviews with consent_statistics = yes."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kua.accounts.models import Organisation
from kua.cases import codes
from kua.cases.models import CaseAction
from kua.cases.sealing import ActionFacts, open_action
from kua.cases.selectors import CaseView, organisation_cases
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


def _registered(view: CaseView) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(view.answers.get("registered_on")))
    except ValueError:
        return None


def counted_cases(organisation_id: int) -> list[CountedCase]:
    """Cases that may be counted, each with its latest status and its actions."""
    views = [v for v in organisation_cases(organisation_id) if v.answers.get("consent_statistics") == "yes"]
    if not views:
        return []
    actions = _actions_by_case(organisation_id)
    return [
        CountedCase(
            v.state.status or "open",
            _registered(v),
            actions.get(v.case.pk, []),
            str(v.answers.get("residence_district") or ""),
            v.case.interview.documenter_id,
            v.client_code,
        )
        for v in views
    ]


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
