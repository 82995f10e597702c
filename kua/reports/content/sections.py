"""The sections of the advocacy report, in the order of the spec."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kua.analytics import figures
from kua.documents.data import Quote, Recommendation, Section, Table, TableRow
from kua.questionnaires.spec import pick_text
from kua.reports.content.labels import agency_label, dimension_title, question_label
from kua.reports.counting import tables
from kua.reports.counting.tables import Context
from kua.reports.quotes import ChosenQuote, quote_sources

POLICE, MEDICAL = "police_violations", "medical_violations"


def _share(ctx: Context, mask: int) -> str:
    n, base = (mask & ctx.base).bit_count(), ctx.respondents
    if ctx.cells.public and 0 < n < ctx.cells.threshold:
        return ctx.cells.hidden
    return f"{n} ({ctx.cells.percent(n, base).text})"


def _top_three(ctx: Context, field: str) -> str:
    ranked = [(code, n) for code, n in figures.ranked_counts(ctx.view, field, ctx.base) if n]
    if ctx.cells.public:
        ranked = [(code, n) for code, n in ranked if n >= ctx.cells.threshold]
    return ", ".join(ctx.label(field, code) for code, _n in ranked[:3]) or "—"


def summary(ctx: Context, content: dict[str, Any]) -> Section:
    police, medical = figures.any_of(ctx.view, POLICE), figures.any_of(ctx.view, MEDICAL)
    bullets = (
        _("Respondents counted: %(n)d") % {"n": ctx.respondents},
        _("Reported at least one violation by police: %(share)s") % {"share": _share(ctx, police)},
        _("Reported at least one violation by medical staff: %(share)s") % {"share": _share(ctx, medical)},
        _("Most frequent police violations: %(list)s") % {"list": _top_three(ctx, POLICE)},
        _("Most frequent violations by medical staff: %(list)s") % {"list": _top_three(ctx, MEDICAL)},
    )
    return Section("summary", _("Summary"), paragraphs=_paragraphs(content["summary"]), bullets=bullets)


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip())


def not_written() -> str:
    return _("(The coordinator has not written this section yet.)")


def text_section(key: str, title: str, text: str) -> Section:
    paragraphs = _paragraphs(text) or (not_written(),)
    return Section(key, title, paragraphs=paragraphs)


def police(ctx: Context) -> Section:
    detained = figures.any_of(ctx.view, POLICE) & ctx.base
    parts = (
        tables.violation_table(ctx, POLICE, "police_violations", _("Violations by police officers")),
        tables.complaint_table(ctx, "police", "police_complaints", _("Complaints about police officers")),
        tables.counts_table(
            ctx, "after_detention", "after_detention", _("What happened after detention"), detained
        ),
        tables.binned_table(
            ctx, "detentions_last_month", "detentions", _("Detentions in the last month"), detained
        ),
        tables.binned_table(ctx, "raids_last_month", "raids", _("Raids in the last month"), detained),
        tables.money_table(ctx, detained),
    )
    return Section("police", _("Findings: police"), tables=parts)


def medical(ctx: Context) -> Section:
    parts = (
        tables.violation_table(ctx, MEDICAL, "medical_violations", _("Violations by medical staff")),
        tables.complaint_table(ctx, "medical", "medical_complaints", _("Complaints about medical staff")),
    )
    return Section("medical", _("Findings: medical staff"), tables=parts)


def crosstabs(ctx: Context, dimensions: list[str]) -> Section:
    """Per dimension: the police side, then the medical side."""
    police_mask, medical_mask = figures.any_of(ctx.view, POLICE), figures.any_of(ctx.view, MEDICAL)
    parts = []
    for dimension in dimensions:
        by = {"dimension": dimension_title(dimension).lower()}
        parts.append(
            tables.crosstab_table(
                ctx, dimension, police_mask, f"by_{dimension}", _("Police violations by %(dimension)s") % by
            )
        )
        parts.append(
            tables.crosstab_table(
                ctx,
                dimension,
                medical_mask,
                f"medical_by_{dimension}",
                _("Violations by medical staff by %(dimension)s") % by,
            )
        )
    return Section("crosstabs", _("Cross-tabulations"), tables=tuple(parts))


def voices(ctx: Context, chosen: list[ChosenQuote]) -> Section:
    """The coordinator's chosen quotes, in her order, in the report's language where she gave it."""
    sources = quote_sources(ctx.view, keys={item.key for item in chosen})
    quotes = []
    for item in chosen:
        source = sources.get(item.key)
        if source is None:  # the record was erased, or its consent withdrawn
            continue
        name = source.pseudonym or _("Respondent")
        attribution = _("%(name)s, %(age)d") % {"name": name, "age": source.age} if source.age else name
        quotes.append(Quote(item.translations.get(ctx.language) or source.text, attribution))
    intro = _(
        "Quoted only where the respondent agreed to anonymous use and to being quoted; names are changed."
    )
    paragraphs = (intro,) if quotes else (intro, _("(The coordinator has not chosen any quotes yet.)"))
    return Section("voices", _("Voices"), paragraphs=paragraphs, quotes=tuple(quotes))


def recommendations(content: dict[str, Any], finding_titles: dict[str, str]) -> Section:
    items = []
    for item in content.get("recommendations", []):
        findings = tuple(finding_titles[key] for key in item.get("findings", []) if key in finding_titles)
        items.append(
            Recommendation(agency_label(item.get("agency", "other")), item.get("text", ""), findings)
        )
    paragraphs = _paragraphs(content.get("conclusions", "")) or (() if items else (not_written(),))
    return Section(
        "recommendations", _("Conclusions and recommendations"), paragraphs, recommendations=tuple(items)
    )


def finding_titles(sections: list[Section]) -> dict[str, str]:
    """Keys a recommendation can rest on: whole tables and single rows of them."""
    titles: dict[str, str] = {}
    for section in sections:
        for table in section.tables:
            titles[table.key] = table.title
            for row in table.rows:
                if row.key:
                    titles[f"{table.key}:{row.key}"] = f"{table.title}: {row.label}"
    return titles


def annex(ctx: Context, public: bool) -> Section:
    bullets = []
    for section in ctx.spec.sections:
        title = question_label_of_section(ctx, section.name)
        questions = [
            question_label(ctx.spec, name, ctx.language) for name in section.fields if _asked(ctx, name)
        ]
        bullets.append(f"{title}: " + "; ".join(questions))
    note = [
        _(
            "Only respondents who agreed to be counted are in the tables. Quotes come only from respondents "
            "who agreed to anonymous use and to being quoted."
        ),
    ]
    if public:
        note.append(
            _(
                "Public edition: counts from 1 to %(n)d are shown as “<%(t)d”; cells marked "
                "“x” are hidden too, so that a small count cannot be worked out from totals."
            )
            % {"n": ctx.cells.threshold - 1, "t": ctx.cells.threshold}
        )
    else:
        note.append(_("Internal edition: exact counts. Not for publication."))
    return Section(
        "annex", _("Annex: the questionnaire and a note on the data"), tuple(note), bullets=tuple(bullets)
    )


def _asked(ctx: Context, name: str) -> bool:
    return ctx.spec.has_field(name) and ctx.spec.field(name).takes_answer


def question_label_of_section(ctx: Context, name: str) -> str:
    section = ctx.spec.section(name)
    return pick_text(dict(section.labels), ctx.language, ctx.spec.default_language) or name


def table_of(rows: list[tuple[str, int]], ctx: Context, key: str, title: str, header: str) -> Table:
    total = sum(n for _l, n in rows)
    hidden, total_hidden = ctx.cells.hide_partition([n for _l, n in rows], total)
    body = [
        TableRow(label, (ctx.cells.number(n, suppressed=i in hidden),)) for i, (label, n) in enumerate(rows)
    ]
    body.append(TableRow(_("Total"), (ctx.cells.number(total, suppressed=total_hidden),), is_total=True))
    return Table(key, title, (_("Respondents"),), tuple(body), header)
