"""What makes an action valid: one set of rules for the web form and the import."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from kua.accounts import policy
from kua.cases import codes
from kua.cases.sealing import ActionFacts

Problem = tuple[str, str]  # (column, reason in the user's language)


def consent_refusal() -> str:
    return _(
        "The respondent did not allow the case to be reported to the authorities "
        "(consent_report_to_authorities is not yes): an action before a state body is refused."
    )


def _code_problems(facts: ActionFacts) -> list[Problem]:
    problems: list[Problem] = []
    if facts.action not in codes.ACTIONS:
        problems.append(("action", _("Unknown action code: %(code)s.") % {"code": facts.action}))
    if facts.action == "complaint_filed" and facts.body not in codes.BODIES:
        problems.append(("body", _("A filed complaint needs the body it was filed with (a known code).")))
    elif facts.action != "complaint_filed" and facts.body:
        problems.append(("body", _("A body is given only for a filed complaint.")))
    if facts.action == "referral" and facts.service not in codes.SERVICES:
        problems.append(("service", _("A referral needs the type of service (a known code).")))
    elif facts.action != "referral" and facts.service:
        problems.append(("service", _("A service is given only for a referral.")))
    if facts.outcome and facts.outcome not in codes.OUTCOMES:
        problems.append(("outcome", _("Unknown outcome code: %(code)s.") % {"code": facts.outcome}))
    if facts.status and facts.status not in codes.STATUSES:
        problems.append(("status", _("Unknown status code: %(code)s.") % {"code": facts.status}))
    return problems


def _registered_on(answers: Mapping[str, Any]) -> datetime.date | None:
    value = answers.get("registered_on")
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def action_problems(facts: ActionFacts, *, answers: Mapping[str, Any], today: datetime.date) -> list[Problem]:
    """Every reason the action cannot be recorded on this interview's case (empty: it can)."""
    problems = _code_problems(facts)
    registered = _registered_on(answers)
    if facts.action_on > today:
        problems.append(("action_on", _("The date is in the future.")))
    elif registered and facts.action_on < registered:
        problems.append(
            ("action_on", _("The date is before the interview (%(date)s).") % {"date": registered})
        )
    if not policy.consent_allows_action(facts.action, answers):
        problems.append(("action", consent_refusal()))
    return problems


def reports_violation(answers: Mapping[str, Any]) -> bool:
    """The interview reports at least one violation: it gets a case."""
    if answers.get("rights_violated_6m") == "yes":
        return True
    for name in ("police_violations", "medical_violations"):
        if answers.get(name):
            return True
    for name in ("police_violations_other", "medical_violations_other"):
        if str(answers.get(name) or "").strip():
            return True
    return bool(set(answers.get("trafficking_indicators") or ()) - {"none"})
