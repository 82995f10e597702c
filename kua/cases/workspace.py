"""The lawyer's list: filters and order over the cases she may see (pure functions)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.cases.selectors import CaseView
from kua.questionnaires.labels import choice_label
from kua.questionnaires.spec import FormSpec

VIOLATION_LISTS = {"police": "police_violations", "medical": "medical_violations"}


def violation_choices(spec: FormSpec, language: str) -> list[tuple[Any, Any]]:
    """Grouped by perpetrator, `police:extortion`-style keys (a code means different things per list)."""
    groups: list[tuple[Any, Any]] = []
    for perpetrator, field in VIOLATION_LISTS.items():
        if spec.has_field(field):
            title = _("Police") if perpetrator == "police" else _("Medical staff")
            options = [
                (f"{perpetrator}:{c.name}", choice_label(spec, field, c.name, language))
                for c in spec.field(field).choices
            ]
            groups.append((title, options))
    return groups


def _has_violation(view: CaseView, key: str) -> bool:
    perpetrator, _sep, code = key.partition(":")
    field = VIOLATION_LISTS.get(perpetrator)
    return field is not None and code in (view.answers.get(field) or [])


def _by_perpetrator(view: CaseView, perpetrator: str) -> bool:
    field = VIOLATION_LISTS.get(perpetrator)
    return field is not None and bool(view.answers.get(field) or view.answers.get(f"{field}_other"))


def _keep(view: CaseView, data: Mapping[str, Any], user: User, today: datetime.date) -> bool:
    due = view.follow_up(today)
    checks = (
        not data.get("mine") or view.case.assigned_to_id == user.pk,
        not data.get("status") or view.state.status == data["status"],
        not data.get("district") or view.answers.get("residence_district") == data["district"],
        not data.get("violation") or _has_violation(view, data["violation"]),
        not data.get("perpetrator") or _by_perpetrator(view, data["perpetrator"]),
        not data.get("due") or due == data["due"] or (data["due"] == "due" and bool(due)),
    )
    return all(checks)


def _order(view: CaseView, today: datetime.date) -> tuple[int, datetime.date, float]:
    """Overdue first, then due this week, then by the follow-up date, then latest changed."""
    rank = {"overdue": 0, "week": 1}.get(view.follow_up(today), 2)
    return rank, view.state.next_follow_up or datetime.date.max, -view.case.updated_at.timestamp()


def filtered(
    views: Iterable[CaseView], data: Mapping[str, Any], user: User, today: datetime.date
) -> list[CaseView]:
    return sorted((v for v in views if _keep(v, data, user, today)), key=lambda v: _order(v, today))


def due_counts(views: Iterable[CaseView], today: datetime.date) -> dict[str, int]:
    counts = {"week": 0, "overdue": 0}
    for view in views:
        due = view.follow_up(today)
        if due:
            counts[due] += 1
    return counts
