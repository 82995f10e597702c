"""From the organisation's data and texts to a ReportData, in one language and edition."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kua.accounts.models import User
from kua.analytics import store
from kua.analytics.filters import Filters, base_mask
from kua.cases.counting import counted_cases
from kua.cases.selectors import referral_services
from kua.documents.data import ReportData, Section
from kua.interviews.models import Interview, Refusal
from kua.localformat import format_date
from kua.questionnaires.selectors import current_form, spec_for
from kua.reports.content import sections
from kua.reports.content.labels import renderer_labels
from kua.reports.content.methodology import RefusalFacts, methodology
from kua.reports.content.responses import directory_section, responses_section
from kua.reports.counting.cells import CellMaker
from kua.reports.counting.tables import Context
from kua.reports.quotes import ChosenQuote, chosen_quotes
from kua.reports.selectors import report_content, report_threshold
from kua.studies.selectors import StudyFacts, study_facts

PUBLIC, INTERNAL = "public", "internal"


def _documenter_names(organisation_id: int, public: bool, planned: set[int]) -> dict[int, str]:
    """Everyone who documented (or has a target), by id; numbered from 1 in the public edition.

    One index probe per person (EXISTS): a DISTINCT over every interview took 80 ms on
    PostgreSQL at 100,000."""
    # By documenter only (her interviews are her organisation's): with the organisation too,
    # SQLite walks the organisation's index, every interview once per person.
    stored = Interview.objects.filter(documenter_id=OuterRef("pk"))
    people = User.objects.filter(organisation_id=organisation_id)
    # Not OR-ed with the planned ones: PostgreSQL then scans the interviews once per person.
    documented = set(people.filter(Exists(stored)).values_list("pk", flat=True))
    users = people.filter(pk__in=documented | planned).order_by("pk")
    if public:  # documenters are peers: the public edition does not name them
        return {u.pk: _("Documenter %(n)d") % {"n": i} for i, u in enumerate(users, start=1)}
    return {u.pk: u.get_full_name() or u.username for u in users}


def _refusals(organisation_id: int, filters: Filters) -> RefusalFacts:
    queryset = Refusal.objects.filter(organisation_id=organisation_id)
    if filters.date_from:
        queryset = queryset.filter(refused_on__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(refused_on__lte=filters.date_to)
    if filters.district:
        queryset = queryset.filter(district=filters.district)
    if filters.documenter_id:
        queryset = queryset.filter(documenter_id=filters.documenter_id)
    reasons = Counter(queryset.values_list("reason", flat=True))
    return RefusalFacts(reasons, queryset.filter(migrant=True).count(), sum(reasons.values()))


def reason_labels() -> dict[str, str]:
    return {reason.value: str(reason.label) for reason in Refusal.Reason}


def build_report(
    *,
    organisation_id: int,
    organisation_name: str,
    language: str,
    edition: str,
    quotes: bool,
    filters: Filters | None = None,
    builder: SectionBuilder | None = None,
) -> ReportData:
    """Raises VaultSealed if the vault is sealed. Without `quotes`, no respondent's words at all
    (the voices section is left out), for a reader the policy gives counts only. `builder` makes
    the sections (the report's by default)."""
    filters = filters or Filters()
    today = timezone.localdate()
    view = store.view_for(organisation_id)
    spec = spec_for(current_form(organisation_id))
    content, _version = report_content(organisation_id, language)
    public = edition == PUBLIC
    with translation.override(language):
        study = study_facts(organisation_id, spec, language, filters.study_id)
        names = _documenter_names(organisation_id, public, set(study.targets) if study else set())
        cells = CellMaker(language, public, report_threshold(organisation_id))
        ctx = Context(view, spec, base_mask(view, filters), cells, language, names)
        chosen = chosen_quotes(organisation_id) if quotes else None
        sources = Sources(content, _refusals(organisation_id, filters), study, chosen)
        body = (builder or _sections)(ctx, sources)
        # What the organisation did: after the cross-tabulations (the dashboard's end).
        body.insert(
            _after(body, "crosstabs"),
            responses_section(cells, counted_cases(organisation_id, ctx.base)),
        )
        directory = directory_section(referral_services(organisation_id, public_only=True))
        if builder is None and directory is not None:
            body.insert(_after(body, "recommendations"), directory)
        return ReportData(
            language=language,
            edition=edition,
            title=content["title"] or _("Human-rights violations against sex workers: documentation report"),
            organisation=organisation_name,
            period=content["period"] or "",
            authors=content["authors"] or "",
            generated_on=today.isoformat(),
            generated_text=format_date(today, language),
            edition_note=_edition_note(public, cells.threshold),
            sections=tuple(body),
            labels=renderer_labels(),
        )


def _after(body: list[Section], key: str) -> int:
    return next((i + 1 for i, section in enumerate(body) if section.key == key), len(body))


def _edition_note(public: bool, threshold: int) -> str:
    if public:
        return _("Public edition: counts below %(t)d are hidden") % {"t": threshold}
    return _("Internal edition: exact counts, not for publication")


@dataclass(frozen=True)
class Sources:
    """What the sections are built from, besides the analytic view."""

    content: dict[str, Any]  # the coordinator's texts in the report's language
    refusals: RefusalFacts
    study: StudyFacts | None
    quotes: list[ChosenQuote] | None  # None: this reader gets no respondent's words at all


SectionBuilder = Callable[[Context, Sources], list[Section]]


def _sections(ctx: Context, src: Sources) -> list[Section]:
    """The report's sections in order; a new section is one more entry of this list."""
    crosstabs = sections.crosstabs(ctx, src.content["crosstabs"])
    findings = [sections.police(ctx), sections.medical(ctx), crosstabs]
    titles = sections.finding_titles(findings)
    return [
        sections.summary(ctx, src.content),
        sections.text_section("context", _("Context and legal framework"), src.content["context"]),
        methodology(ctx, src.refusals, reason_labels(), src.study),
        *findings,
        *([sections.voices(ctx, src.quotes)] if src.quotes is not None else []),
        sections.recommendations(src.content, titles),
        sections.annex(ctx, ctx.cells.public),
    ]
