"""The interview list while the vault is open: rows read from the analytic view (no
decryption per row or per request), filtered, paginated, and the reading audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics import store
from kua.analytics.bitsets import bits_at
from kua.analytics.dataset import Dataset
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.interviews.models import Interview
from kua.interviews.rendering import pick
from kua.interviews.selectors import interviews_visible_to
from kua.questionnaires.spec import FormSpec

PER_PAGE = 50
DATE, REGION, DISTRICT, VENUE = "registered_on", "residence_region", "residence_district", "work_venue"
VIOLATIONS = ("police_violations", "medical_violations")
SHORT_LIMIT = 3  # violations named in a row; the rest as "+N"
SHORT_LABEL = 24  # a longer label is cut at its first comma ("Словесные унижения, …")


@dataclass(frozen=True)
class ListFilters:
    q: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    district: str = ""
    violation: str = ""
    documenter_id: int | None = None


@dataclass(frozen=True)
class ListedInterview:
    interview: Interview
    date: datetime.date | None
    district: str
    venue: str
    violations: str
    code_tail: str


def _choices(spec: FormSpec, name: str) -> list[tuple[str, str]]:
    if not spec.has_field(name):
        return []
    return [(c.name, pick(dict(c.labels), spec)) for c in spec.field(name).choices]


def district_choices(spec: FormSpec) -> list[tuple[str, Any]]:
    """Districts grouped under their region, for the filter."""
    regions = dict(_choices(spec, REGION))
    grouped: dict[str, list[tuple[str, str]]] = {}
    for choice in spec.field(DISTRICT).choices if spec.has_field(DISTRICT) else ():
        region = regions.get(choice.extra.get("region", ""), "")
        grouped.setdefault(region, []).append((choice.name, pick(dict(choice.labels), spec)))
    return list(grouped.items())


def violation_choices(spec: FormSpec) -> list[tuple[str, str]]:
    """Police and medical violations in one list (a code found in either matches)."""
    merged: dict[str, str] = {}
    for name in VIOLATIONS:
        for code, label in _choices(spec, name):
            merged.setdefault(code, label)
    return list(merged.items())


def _indices(mask: int, size: int) -> list[int]:
    out: list[int] = []
    for position, byte in enumerate(mask.to_bytes((size + 7) // 8 or 1, "little")):
        if byte:
            out.extend(position * 8 + bit for bit in range(8) if byte >> bit & 1)
    return out


def _mask(view: Dataset, user: User, filters: ListFilters) -> int:
    mask = view.live
    if policy.list_needs_consent_to_report(user):
        mask &= view.mask("consent_report_to_authorities", "yes")
    if filters.district:
        mask &= view.mask(DISTRICT, filters.district)
    if filters.violation:
        mask &= view.mask(VIOLATIONS[0], filters.violation) | view.mask(VIOLATIONS[1], filters.violation)
    return mask


def _ordinal_range(filters: ListFilters) -> tuple[int, int]:
    low = filters.date_from.toordinal() if filters.date_from else 1
    high = filters.date_to.toordinal() if filters.date_to else datetime.date.max.toordinal()
    return low, high


def matching_rows(view: Dataset, user: User, filters: ListFilters) -> list[int]:
    """Rows of the view this user may list that pass the filters, newest entry first."""
    documenter = user.pk if policy.lists_only_own_interviews(user) else filters.documenter_id
    dates = view.dates.get(DATE)
    low, high = _ordinal_range(filters)
    dated = bool(filters.date_from or filters.date_to) and dates is not None
    needle = filters.q.strip().lower()
    rows = []
    for i in _indices(_mask(view, user, filters), view.size):
        if documenter is not None and view.documenters[i] != documenter:
            continue
        if dated and dates is not None and not (low <= dates[i] <= high):
            continue
        if needle and needle not in (view.client_codes[i] or ""):
            continue
        rows.append(i)
    rows.reverse()
    return rows


def _codes_of(view: Dataset, name: str, rows: list[int]) -> dict[int, list[str]]:
    """The codes chosen in each of `rows` (one AND per code over the page, not per row)."""
    page_mask = 0
    for i in rows:
        page_mask |= 1 << i
    out: dict[int, list[str]] = {i: [] for i in rows}
    for code, bits in view.bits.get(name, {}).items():
        hit = bits & page_mask
        if hit:
            for i, chosen in zip(rows, bits_at(hit, rows), strict=True):
                if chosen:
                    out[i].append(code)
    return out


def _short_label(label: str) -> str:
    return label.split(",", 1)[0] if len(label) > SHORT_LABEL else label


def _short(labels: list[str]) -> str:
    unique = list(dict.fromkeys(_short_label(label) for label in labels))
    text = "; ".join(unique[:SHORT_LIMIT])
    return f"{text} +{len(unique) - SHORT_LIMIT}" if len(unique) > SHORT_LIMIT else text


def _place(labels: dict[str, dict[str, str]], codes: dict[str, dict[int, list[str]]], i: int) -> str:
    """The district, or the region where no district was given."""
    for name in (DISTRICT, REGION):
        if codes[name][i]:
            return ", ".join(labels[name].get(c, c) for c in codes[name][i])
    return ""


def _listed(
    view: Dataset, spec: FormSpec, rows: list[int], records: dict[int, Interview]
) -> list[ListedInterview]:
    labels = {name: dict(_choices(spec, name)) for name in (REGION, DISTRICT, VENUE, *VIOLATIONS)}
    codes = {name: _codes_of(view, name, rows) for name in labels}
    dates = view.dates.get(DATE)
    out = []
    for i in rows:
        record = records.get(view.ids[i])
        if record is None:
            continue
        said = [labels[n].get(c, c) for n in VIOLATIONS for c in codes[n][i]]
        code = view.client_codes[i] or ""
        out.append(
            ListedInterview(
                interview=record,
                date=datetime.date.fromordinal(dates[i]) if dates is not None and dates[i] else None,
                district=_place(labels, codes, i),
                venue=", ".join(labels[VENUE].get(c, c) for c in codes[VENUE][i]),
                violations=_short(said),
                code_tail=code[-4:],
            )
        )
    return out


def interviews_listed(
    *, user: User, spec: FormSpec, filters: ListFilters, page_number: str | None
) -> tuple[Page[int], list[ListedInterview]]:
    """One page of the list with answers shown (needs the vault open), recorded as a read."""
    view = store.view_for(user.org_id)
    page = Paginator(matching_rows(view, user, filters), PER_PAGE).get_page(page_number)
    rows = list(page.object_list)
    wanted = [view.ids[i] for i in rows]
    records = {r.pk: r for r in interviews_visible_to(user).filter(pk__in=wanted)}
    listed = _listed(view, spec, rows, records)
    with transaction.atomic():
        audit_record(
            AuditAction.INTERVIEW_LIST,
            actor=user,
            shown=len(listed),
        )
    return page, listed
