"""The dashboard's sections: what a coordinator looks at weekly, then the report's key tables."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from itertools import compress

from django.utils.translation import gettext as _

from kua.analytics import figures
from kua.analytics.bitsets import flags
from kua.analytics.filters import date_mask
from kua.documents.data import Section, Table, TableRow
from kua.localformat import format_month
from kua.reports.content import sections
from kua.reports.content.assemble import SectionBuilder, Sources
from kua.reports.content.labels import dimension_title
from kua.reports.counting import tables
from kua.reports.counting.tables import Context


def _month_starts(last: datetime.date, first: datetime.date) -> list[datetime.date]:
    """Every month from `first`'s to `last`'s, oldest first: the whole scope, nothing cut."""
    month = last.replace(day=1)
    starts = [month]
    while month > first.replace(day=1):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        starts.append(month)
    return starts[::-1]


def _first_day(ctx: Context, last: datetime.date) -> datetime.date:
    """The earliest interview date in the scope (`last` when the scope has none)."""
    days: Sequence[int] = ctx.view.dates.get("registered_on") or []
    earliest = min((d for d in compress(days, flags(ctx.base, len(days))) if d), default=0)
    return datetime.date.fromordinal(earliest) if earliest else last


def _month_end(start: datetime.date) -> datetime.date:
    return (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def months_table(ctx: Context, today: datetime.date, first: datetime.date | None) -> Table:
    police, medical = figures.any_of(ctx.view, sections.POLICE), figures.any_of(ctx.view, sections.MEDICAL)
    rows = []
    for start in _month_starts(today, first or min(_first_day(ctx, today), today)):
        in_month = date_mask(ctx.view, "registered_on", start, _month_end(start)) & ctx.base
        counts = (in_month.bit_count(), (in_month & police).bit_count(), (in_month & medical).bit_count())
        rows.append(TableRow(format_month(start, ctx.language), tuple(ctx.cells.number(n) for n in counts)))
    columns = (_("Respondents"), _("reported police violations"), _("reported medical-staff violations"))
    note = _("By the interview's date; respondents who agreed to be counted.")
    return Table(
        "per_month", _("Violations per month"), columns, tuple(rows), _("Month"), note, chart_column=0
    )


def _by(ctx: Context, dimension: str) -> list[Table]:
    police, medical = figures.any_of(ctx.view, sections.POLICE), figures.any_of(ctx.view, sections.MEDICAL)
    by = {"dimension": dimension_title(dimension).lower()}
    return [
        tables.crosstab_table(
            ctx, dimension, police, f"d_{dimension}", _("Police violations by %(dimension)s") % by
        ),
        tables.crosstab_table(
            ctx,
            dimension,
            medical,
            f"d_medical_{dimension}",
            _("Violations by medical staff by %(dimension)s") % by,
        ),
    ]


def dashboard_builder(today: datetime.date, first: datetime.date | None) -> SectionBuilder:
    """Months, districts and documenters first; then the summary and the two lists."""

    def build(ctx: Context, src: Sources) -> list[Section]:
        weekly = (months_table(ctx, today, first), *_by(ctx, "residence_district"), *_by(ctx, "documenter"))
        return [
            Section("weekly", _("Month by month"), tables=weekly),
            sections.summary(ctx, src.content),
            sections.police(ctx),
            sections.medical(ctx),
        ]

    return build
