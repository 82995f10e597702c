"""The methodology section: who documented, where, when, who refused, how data is kept."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from django.utils.translation import gettext as _

from kua.analytics import figures
from kua.analytics.bitsets import flags
from kua.reports.data import Section, Table, TableRow
from kua.reports.sections import table_of
from kua.reports.tables import Context


@dataclass(frozen=True)
class RefusalFacts:
    reasons: Counter[str]
    migrants: int
    total: int


def _fieldwork(ctx: Context) -> str:
    registered: Sequence[int] = ctx.view.dates.get("registered_on") or []
    days = [d for d in compress(registered, flags(ctx.base, len(registered))) if d]
    if not days:
        return "—"
    first, last = datetime.date.fromordinal(min(days)), datetime.date.fromordinal(max(days))
    return f"{first:%d.%m.%Y} – {last:%d.%m.%Y}"


def _per_documenter(ctx: Context) -> list[tuple[str, int]]:
    documenters = ctx.view.documenters
    counts = Counter(compress(documenters, flags(ctx.base, len(documenters))))
    return [(ctx.documenter_names.get(d, str(d)), counts[d]) for d in sorted(counts)]


def _categories(ctx: Context, field: str) -> list[tuple[str, int]]:
    ranked = figures.ranked_counts(ctx.view, field, ctx.base)
    return [(ctx.label(field, code), n) for code, n in ranked if n]


def refusal_table(ctx: Context, refusals: RefusalFacts, reason_labels: dict[str, str]) -> Table:
    rows = [(reason_labels.get(code, code), n) for code, n in sorted(refusals.reasons.items())]
    table = table_of(rows, ctx, "refusals", _("Refusals to take part, by reason"), _("Reason"))
    note = _("Of those who refused, %(n)d were migrants.") % {"n": refusals.migrants}
    return Table(table.key, table.title, table.columns, table.rows, table.label_header, note)


def methodology(ctx: Context, refusals: RefusalFacts, reason_labels: dict[str, str]) -> Section:
    documenters = _per_documenter(ctx)
    paragraphs = (
        _(
            "Peer documenters interviewed respondents face to face with a structured questionnaire about the "
            "last six months. Fieldwork: %(dates)s. Documenters: %(d)d; respondents counted: %(n)d."
        )
        % {"dates": _fieldwork(ctx), "d": len(documenters), "n": ctx.respondents},
        _("%(n)d people declined to take part.") % {"n": refusals.total},
        _(
            "Every answer was encrypted on entry, before it was stored, with the organisation's key; "
            "only keyholders can open the data, and every reading of it is recorded in an audit log. "
            "Respondents are identified only by a code derived from parts of their parents' names and "
            "birth year, kept as a keyed hash."
        ),
    )
    parts = (
        table_of(documenters, ctx, "per_documenter", _("Respondents per documenter"), _("Documenter")),
        table_of(
            _categories(ctx, "residence_district"), ctx, "districts", _("Districts covered"), _("District")
        ),
        _venues(ctx),
        refusal_table(ctx, refusals, reason_labels),
    )
    return Section("methodology", _("Methodology"), paragraphs=paragraphs, tables=parts)


def _venues(ctx: Context) -> Table:
    rows = _categories(ctx, "work_venue")
    base = ctx.respondents
    hidden = ctx.cells.hide_counts([n for _l, n in rows], base)
    body = tuple(
        TableRow(label, (ctx.cells.number(n, suppressed=i in hidden),)) for i, (label, n) in enumerate(rows)
    )
    note = _("A respondent may work in several kinds of venue.")
    return Table("venues", _("Venues where respondents work"), (_("Respondents"),), body, _("Venue"), note)
