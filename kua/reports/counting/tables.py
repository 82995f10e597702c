"""Tables of the report, built from the analytic figures, labelled and suppressed."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kua.analytics import figures
from kua.analytics.dataset import Dataset
from kua.documents.data import Table, TableRow
from kua.questionnaires.labels import choice_label
from kua.questionnaires.spec import FormSpec
from kua.reports.content.labels import complaint_row_label, dimension_title
from kua.reports.counting.cells import CellMaker


@dataclass(frozen=True)
class Context:
    view: Dataset
    spec: FormSpec
    base: int  # rows that count and pass the filters
    cells: CellMaker
    language: str
    documenter_names: dict[int, str]

    @property
    def respondents(self) -> int:
        return self.base.bit_count()

    def label(self, field: str, code: str) -> str:
        if field == "documenter":
            return self.documenter_names.get(int(code), code)
        return choice_label(self.spec, field, code, self.language)


def _base_note(ctx: Context, base: int, multiple: bool) -> str:
    note = _("Base: %(n)d respondents who agreed to be counted.") % {"n": base}
    if multiple:
        note += " " + _("One respondent may report several items, so the column does not add up.")
    return note


def ranked_rows(ctx: Context, field: str, base_mask: int) -> tuple[TableRow, ...]:
    """One row per choice, most frequent first: respondents and their share of the base."""
    ranked = figures.ranked_counts(ctx.view, field, base_mask)
    base = base_mask.bit_count()
    hidden = ctx.cells.hide_counts([n for _code, n in ranked], base)
    return tuple(
        TableRow(
            ctx.label(field, code),
            (ctx.cells.number(n, suppressed=i in hidden), ctx.cells.percent(n, base, suppressed=i in hidden)),
            key=code,
        )
        for i, (code, n) in enumerate(ranked)
    )


def violation_table(ctx: Context, field: str, key: str, title: str) -> Table:
    rows = ranked_rows(ctx, field, ctx.base)
    base = ctx.respondents
    return Table(
        key=key,
        title=title,
        # xgettext:no-python-format
        columns=(_("Respondents"), _("% of respondents")),
        rows=rows,
        label_header=_("Violation"),
        note=_base_note(ctx, base, True),
        chart_column=0,
    )


def complaint_table(ctx: Context, prefix: str, key: str, title: str) -> Table:
    rows = []
    for row, answers in figures.complaint_rows(ctx.view, prefix, ctx.base):
        hidden, total_hidden = ctx.cells.hide_partition([answers.yes, answers.no], answers.base)
        cells = (
            ctx.cells.number(answers.yes, suppressed=0 in hidden),
            ctx.cells.number(answers.no, suppressed=1 in hidden),
            ctx.cells.number(answers.base, suppressed=total_hidden),
        )
        rows.append(TableRow(complaint_row_label(row), cells, key=row))
    note = _(
        "Each row counts only the respondents to whom the question applied: "
        "whether a complaint was accepted is asked only of those who complained."
    )
    return Table(key, title, (_("yes"), _("no"), _("asked")), tuple(rows), _("Question"), note)


def counts_table(ctx: Context, field: str, key: str, title: str, base_mask: int) -> Table:
    """Items of a list among the respondents of `base_mask` (e.g. outcomes after detention)."""
    rows = ranked_rows(ctx, field, base_mask)
    note = _("Base: %(n)d respondents who reported a police violation.") % {"n": base_mask.bit_count()}
    return Table(key, title, (_("Respondents"), "%"), rows, "", note, chart_column=0)


def binned_table(ctx: Context, field: str, key: str, title: str, base_mask: int) -> Table:
    bins = figures.binned(ctx.view, field, base_mask, figures.COUNT_BINS)
    answered = sum(n for _label, n in bins)
    hidden, total_hidden = ctx.cells.hide_partition([n for _l, n in bins], answered)
    rows = [
        TableRow(label, (ctx.cells.number(n, suppressed=i in hidden),)) for i, (label, n) in enumerate(bins)
    ]
    rows.append(
        TableRow(_("Answered"), (ctx.cells.number(answered, suppressed=total_hidden),), is_total=True)
    )
    return Table(key, title, (_("Respondents"),), tuple(rows), _("Times in the last month"), "")


def money_table(ctx: Context, base_mask: int) -> Table:
    rows = []
    periods = (("day", _("per day")), ("week", _("per week")), ("month", _("per month")))
    for period, label in periods:
        summary = figures.money(ctx.view, f"payments_to_police_{period}", base_mask)
        small = ctx.cells.public and 0 < summary.respondents < ctx.cells.threshold
        cells = (
            ctx.cells.number(summary.respondents, suppressed=small),
            ctx.cells.amount(summary.median, suppressed=small),
            ctx.cells.amount(summary.total, suppressed=small),
        )
        rows.append(TableRow(label, cells, key=period))
    columns = (_("Respondents who paid"), _("Median"), _("Total"))
    note = _("Money paid to police officers, as respondents reported it.")
    return Table("payments_to_police", _("Payments to police"), columns, tuple(rows), "", note)


def crosstab_table(ctx: Context, dimension: str, outcome: int, key: str, title: str) -> Table:
    tab = figures.crosstab(ctx.view, dimension, outcome, ctx.base)
    matrix = [[*row, sum(row)] for row in tab.matrix]
    if tab.partition:
        matrix.append([sum(column) for column in zip(*matrix, strict=True)] if matrix else [0, 0, 0])
    hidden = (
        ctx.cells.hide_crosstab([row[:2] for row in tab.matrix])
        if tab.partition
        else _row_hiding(ctx, matrix)
    )
    rows = []
    for r, values in enumerate(matrix):
        is_total = tab.partition and r == len(matrix) - 1
        label = _("Total") if is_total else ctx.label(dimension, tab.categories[r])
        cells = tuple(ctx.cells.number(v, suppressed=(r, c) in hidden) for c, v in enumerate(values))
        rows.append(TableRow(label, cells, key="" if is_total else tab.categories[r], is_total=is_total))
    note = "" if tab.partition else _("A respondent may belong to several rows.")
    columns = (_("reported"), _("did not report"), _("respondents"))
    return Table(key, title, columns, tuple(rows), dimension_title(dimension), note)


def _row_hiding(ctx: Context, matrix: list[list[int]]) -> set[tuple[int, int]]:
    hidden: set[tuple[int, int]] = set()
    for r, (yes, no, total) in enumerate(matrix):
        parts, total_hidden = ctx.cells.hide_partition([yes, no], total)
        hidden |= {(r, c) for c in parts} | ({(r, 2)} if total_hidden else set())
    return hidden
