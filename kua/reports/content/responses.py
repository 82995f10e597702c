"""The report's "What we did" section: the organisation's response, from counted cases.

Counts are cases of interviews with consent_statistics = yes, with the suppression rules
of every other table (kua/reports/counting/suppression.py through CellMaker).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kua.cases import codes
from kua.cases.counting import (
    CountedCases,
    clients,
    complaint_outcomes,
    median_days_to_first_action,
    responses_from,
)
from kua.cases.models import ReferralService
from kua.documents.data import Section, Table, TableRow
from kua.reports.counting.cells import CellMaker


def _status_table(cells: CellMaker, status: dict[str, int], total: int) -> Table:
    parts = [status[code] for code in codes.STATUSES]
    hidden, total_hidden = cells.hide_partition(parts, total)
    rows = [
        TableRow(
            str(codes.STATUS_LABELS[code]),
            (cells.number(n, suppressed=i in hidden), cells.percent(n, total, suppressed=i in hidden)),
            key=code,
        )
        for i, (code, n) in enumerate(zip(codes.STATUSES, parts, strict=True))
    ]
    resolved = sum(status[code] for code in codes.RESOLVED)
    small = cells.public and 0 < resolved < cells.threshold
    rows.append(
        TableRow(
            _("Resolved fully or partially"),
            (cells.number(resolved, suppressed=small), cells.percent(resolved, total, suppressed=small)),
            key="resolved",
        )
    )
    rows.append(
        TableRow(
            _("All cases"),
            (cells.number(total, suppressed=total_hidden), cells.percent(total, total)),
            is_total=True,
        )
    )
    note = _("Base: %(n)d cases of respondents who agreed to be counted.") % {"n": total}
    return Table(
        "responses_status",
        _("Cases by status"),
        (_("Cases"), _("% of cases")),
        tuple(rows),
        _("Status"),
        note,
    )


def _counts_table(
    cells: CellMaker, key: str, title: str, counts: dict[str, int], labels: dict[str, Any], total: int
) -> Table:
    values = list(counts.values())
    hidden = cells.hide_counts(values, total)
    rows = tuple(
        TableRow(str(labels[code]), (cells.number(n, suppressed=i in hidden),), key=code)
        for i, (code, n) in enumerate(counts.items())
    )
    note = _("Cases with at least one such action; a case may have several.")
    return Table(key, title, (_("Cases"),), rows, "", note, chart_column=0)


def _complaints_table(cells: CellMaker, outcomes: dict[str, dict[str, int]]) -> Table:
    matrix = [[outcomes[body][o] for o in codes.OUTCOMES] for body in codes.BODIES]
    hidden = cells.hide_crosstab(matrix)
    rows = tuple(
        TableRow(
            str(codes.BODY_LABELS[body]),
            tuple(cells.number(v, suppressed=(r, c) in hidden) for c, v in enumerate(matrix[r])),
            key=body,
        )
        for r, body in enumerate(codes.BODIES)
    )
    columns = tuple(str(codes.OUTCOME_LABELS[o]) for o in codes.OUTCOMES)
    note = _("Cases with a complaint filed with each body, by the outcome of the latest complaint.")
    return Table("responses_complaints", _("Complaints by body and outcome"), columns, rows, _("Body"), note)


def _median_paragraph(cells: CellMaker, counted: CountedCases) -> str:
    acted = len(counted.acted)
    median = median_days_to_first_action(counted)
    if median is None or (cells.public and acted < cells.threshold):
        return _("Median days from the interview to the first action: not enough cases to show.")
    return _("Median days from the interview to the first action: %(days)s (%(n)d cases with an action).") % {
        "days": cells.number(median).text,
        "n": acted,
    }


def responses_section(cells: CellMaker, cases: CountedCases) -> Section:
    """`cases`: the counted cases of the report's rows (its filters)."""
    counted = responses_from(cases)
    total = counted["cases"]
    if not total:  # nothing to say: one sentence, not tables of zeros
        nothing = _(
            "No case was opened for the interviews of this report, so there is no response to report yet."
        )
        return Section("responses", _("What we did"), paragraphs=(nothing,), tables=())
    tables = (
        _status_table(cells, counted["status"], total),
        _counts_table(
            cells, "responses_actions", _("Actions by type"), counted["actions"], codes.ACTION_LABELS, total
        ),
        _counts_table(
            cells,
            "responses_referrals",
            _("Referrals by type of service"),
            counted["referrals"],
            codes.SERVICE_LABELS,
            total,
        ),
        _complaints_table(cells, complaint_outcomes(cases)),
    )
    people = _(
        "%(cases)s cases of %(clients)s clients (interviews with the same client code are one client)."
    ) % {
        "cases": cells.number(total).text,
        "clients": cells.number(clients(cases)).text,
    }
    paragraphs = (people, _median_paragraph(cells, cases))
    return Section("responses", _("What we did"), paragraphs=paragraphs, tables=tables)


def _service_parts(s: ReferralService) -> tuple[str, ...]:
    return (s.name, str(codes.SERVICE_LABELS[s.kind]), s.district, s.address, s.phone, s.hours)


def directory_section(services: list[ReferralService]) -> Section | None:
    """Where to turn: the public services of the referral directory (nothing about respondents)."""
    if not services:
        return None
    bullets = tuple(" · ".join(part for part in _service_parts(s) if part) for s in services)
    return Section("directory", _("Where to turn: referral directory"), bullets=bullets)
