"""The lawyer's list: filters and order over the cases she may see (pure functions)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.cases.codes import STATUS_LABELS
from kua.cases.index import CaseEntry
from kua.localformat import format_date
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


def _has_violation(view: CaseEntry, key: str) -> bool:
    perpetrator, _sep, code = key.partition(":")
    field = VIOLATION_LISTS.get(perpetrator)
    return field is not None and code in (view.answers.get(field) or [])


def _by_perpetrator(view: CaseEntry, perpetrator: str) -> bool:
    field = VIOLATION_LISTS.get(perpetrator)
    return field is not None and bool(view.answers.get(field) or view.answers.get(f"{field}_other"))


def _keep(view: CaseEntry, data: Mapping[str, Any], user_id: int, today: datetime.date) -> bool:
    """Each filter asked only when set, cheapest first (60,000 cases at every page of the list)."""
    if data.get("mine") and view.assigned_to_id != user_id:
        return False
    if data.get("status") and view.state.status != data["status"]:
        return False
    if data.get("district") and view.answers.get("residence_district") != data["district"]:
        return False
    if data.get("violation") and not _has_violation(view, data["violation"]):
        return False
    if data.get("perpetrator") and not _by_perpetrator(view, data["perpetrator"]):
        return False
    if data.get("due"):
        due = view.follow_up(today)
        return due == data["due"] or (data["due"] == "due" and bool(due))
    return True


def _order(view: CaseEntry, today: datetime.date) -> tuple[int, datetime.date, float]:
    """Overdue first, then due this week, then by the follow-up date, then latest changed."""
    rank = {"overdue": 0, "week": 1}.get(view.follow_up(today), 2)
    return rank, view.state.next_follow_up or datetime.date.max, -view.updated_at.timestamp()


def filtered(
    views: Iterable[CaseEntry], data: Mapping[str, Any], user: User, today: datetime.date
) -> list[CaseEntry]:
    user_id = user.pk  # once: the request's user is a lazy object, slow to ask 60,000 times
    return sorted((v for v in views if _keep(v, data, user_id, today)), key=lambda v: _order(v, today))


def due_counts(views: Iterable[CaseEntry], today: datetime.date) -> dict[str, int]:
    counts = {"week": 0, "overdue": 0}
    for view in views:
        due = view.follow_up(today)
        if due:
            counts[due] += 1
    return counts


@dataclass(frozen=True)
class ListRow:
    """One case as the list shows it, in the reader's language."""

    record_id: str
    number: str
    status: str
    follow_up: str  # the next follow-up date, local, or ""
    due: str  # "overdue", "week" or ""
    place: str
    interviewed_on: str
    violations: tuple[tuple[str, str], ...]  # (perpetrator, what was violated)
    assigned_to: str


def _date(value: Any, language: str) -> str:
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            return ""
    return format_date(value, language) if isinstance(value, datetime.date) else ""


def _violations(spec: FormSpec, entry: CaseEntry, language: str) -> tuple[tuple[str, str], ...]:
    found = []
    for perpetrator, name in VIOLATION_LISTS.items():
        codes = list(entry.answers.get(name) or [])
        labels = [choice_label(spec, name, code, language) for code in codes]
        if entry.answers.get(f"{name}_other"):
            labels.append(_("other"))
        if labels:
            who = _("Police") if perpetrator == "police" else _("Medical staff")
            found.append((who, ", ".join(labels)))
    return tuple(found)


def list_rows(
    entries: Iterable[CaseEntry],
    spec: FormSpec,
    language: str,
    today: datetime.date,
    names: Mapping[int, str],
) -> list[ListRow]:
    """The page's cases for the template: places translated, dates local, violations by who."""
    rows = []
    for entry in entries:
        district = entry.answers.get("residence_district")
        place = choice_label(spec, "residence_district", district, language) if district else ""
        rows.append(
            ListRow(
                record_id=str(entry.record_id),
                number=entry.record_id.hex[:8],
                status=str(STATUS_LABELS.get(entry.state.status, entry.state.status)),
                follow_up=_date(entry.state.next_follow_up, language),
                due=entry.follow_up(today),
                place=place,
                interviewed_on=_date(entry.answers.get("registered_on"), language),
                violations=_violations(spec, entry, language),
                assigned_to=names.get(entry.assigned_to_id or 0, ""),
            )
        )
    return rows
