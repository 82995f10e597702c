"""What the methodology says about the planned study: period, districts, sites, targets."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kua.documents.data import Table, TableRow
from kua.localformat import format_period
from kua.reports.counting.tables import Context
from kua.studies.selectors import StudyFacts


def study_paragraphs(study: StudyFacts | None, language: str) -> tuple[str, ...]:
    if study is None:
        return ()
    planned = _("The study was planned for %(dates)s.") % {
        "dates": format_period(study.starts_on, study.ends_on, language)
    }
    if study.name:
        planned = _("The study “%(name)s” was planned for %(dates)s.") % {
            "name": study.name,
            "dates": format_period(study.starts_on, study.ends_on, language),
        }
    paragraphs = [planned]
    if study.districts:
        names = "; ".join(p.label for p in study.districts)
        paragraphs.append(
            ngettext(
                "District planned for the study: %(names)s.",
                "Districts planned for the study (%(n)d): %(names)s.",
                len(study.districts),
            )
            % {"n": len(study.districts), "names": names}
        )
    if study.sites:
        venues = "; ".join(f"{p.label} — {p.sites}" for p in study.venues)
        paragraphs.append(
            ngettext(
                "%(n)d site was mapped before fieldwork so that nobody was interviewed twice (%(venues)s).",
                "%(n)d sites were mapped before fieldwork so that nobody was interviewed twice (%(venues)s).",
                study.sites,
            )
            % {"n": study.sites, "venues": venues}
        )
    if study.targets:
        paragraphs.append(
            _("%(d)d documenters planned %(n)d respondents in all.")
            % {"d": len(study.targets), "n": sum(study.targets.values())}
        )
    return tuple(paragraphs)


def documenter_table(ctx: Context, counts: list[tuple[int, int]], study: StudyFacts | None) -> Table:
    """Respondents per documenter, and each one's target where the study sets one."""
    targets = study.targets if study else {}
    done = dict(counts)
    ids = sorted(set(done) | set(targets))
    total = sum(done.values())
    hidden, total_hidden = ctx.cells.hide_partition([done.get(i, 0) for i in ids], total)
    rows = []
    for index, person in enumerate(ids):
        cells = [ctx.cells.number(done.get(person, 0), suppressed=index in hidden)]
        if targets:
            cells.append(ctx.cells.number(targets.get(person)))
        rows.append(TableRow(ctx.documenter_names.get(person, str(person)), tuple(cells)))
    total_cells = [ctx.cells.number(total, suppressed=total_hidden)]
    if targets:
        total_cells.append(ctx.cells.number(sum(targets.values())))
    rows.append(TableRow(_("Total"), tuple(total_cells), is_total=True))
    columns = (_("Respondents"), _("Target")) if targets else (_("Respondents"),)
    return Table("per_documenter", _("Respondents per documenter"), columns, tuple(rows), _("Documenter"))
