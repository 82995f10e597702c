"""Reading the study: access-checked fetches, the methodology's facts, and progress."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.http import Http404

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics import figures, store
from kua.analytics.filters import Filters, base_mask
from kua.interviews.models import Interview, Refusal
from kua.questionnaires.spec import FormSpec
from kua.studies.labels import DISTRICT_FIELD, VENUE_FIELD, field_choices
from kua.studies.models import Study, StudySite
from kua.vault.selectors import VaultSealed


def study_of(organisation_id: int) -> Study | None:
    """The organisation's newest study (by its start; the last made on a tie)."""
    return Study.objects.filter(organisation_id=organisation_id).order_by("-starts_on", "-pk").first()


def study_for_progress(user: User) -> Study | None:
    """The user's organisation's study (None when none is set up); 404 for roles that may not see it."""
    if not policy.may_see_study_progress(user):
        raise Http404()
    return study_of(user.org_id)


def study_for_manager(user: User, study_id: str | None = None) -> Study | None:
    """The study the coordinator chose (`?study=ID`; another organisation's is 404), else the
    newest; None for `new` (a study to create beside the others) or when there is none."""
    if not policy.may_manage_study(user):
        raise Http404()
    if study_id == "new":
        return None
    if study_id:
        study = Study.objects.filter(
            pk=int(study_id) if study_id.isdigit() else 0, organisation_id=user.org_id
        )
        return study.first() or _missing()
    return study_of(user.org_id)


def _missing() -> Study:
    raise Http404()


def studies_for_manager(user: User) -> list[Study]:
    """Every study of the coordinator's organisation, newest first, for the study page's list."""
    if not policy.may_manage_study(user):
        raise Http404()
    return list(Study.objects.filter(organisation_id=user.org_id).order_by("-starts_on", "-pk"))


def site_for_manager(user: User, site_id: int) -> StudySite:
    if not policy.may_manage_study(user):
        raise Http404()
    site = StudySite.objects.filter(pk=site_id, study__organisation_id=user.org_id).first()
    if site is None:
        raise Http404()
    return site


def study_documenters(organisation_id: int) -> list[User]:
    """People who may carry a target: everyone of the organisation who enters interviews."""
    return list(policy.people_who_enter(organisation_id).filter(is_active=True).order_by("pk"))


def person_name(user: User) -> str:
    return user.get_full_name() or user.username


@dataclass(frozen=True)
class Place:
    code: str
    label: str
    sites: int


@dataclass(frozen=True)
class StudyFacts:
    """What the report's methodology says about the study, labelled in one language."""

    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    districts: tuple[Place, ...]
    venues: tuple[Place, ...]
    sites: int
    targets: dict[int, int]  # documenter id → planned respondents


def _places(codes: list[str], labels: dict[str, str], sites: Counter[str]) -> tuple[Place, ...]:
    return tuple(Place(code, labels.get(code, code), sites[code]) for code in codes)


def study_facts(
    organisation_id: int, spec: FormSpec, language: str, study_id: int | None = None
) -> StudyFacts | None:
    """The facts of the study `study_id` (a scope's), else of the newest study."""
    chosen = Study.objects.filter(pk=study_id, organisation_id=organisation_id).first() if study_id else None
    study = chosen or study_of(organisation_id)
    if study is None:
        return None
    sites = list(study.sites.all())
    by_district = Counter(s.district for s in sites)
    by_venue = Counter(s.venue for s in sites)
    venue_labels = dict(field_choices(spec, VENUE_FIELD, language))
    venues = [code for code in venue_labels if by_venue[code]]
    return StudyFacts(
        name=study.name,
        starts_on=study.starts_on,
        ends_on=study.ends_on,
        districts=_places(
            list(study.districts), dict(field_choices(spec, DISTRICT_FIELD, language)), by_district
        ),
        venues=_places(venues, venue_labels, by_venue),
        sites=len(sites),
        targets={t.documenter_id: t.target for t in study.targets.all()},
    )


@dataclass(frozen=True)
class ProgressRow:
    key: str
    label: str
    done: int | None  # None: not known while the vault is sealed
    target: int | None
    refusals: int
    sites: int | None = None

    @property
    def percent(self) -> int | None:
        if self.done is None or not self.target:
            return None
        return round(100 * self.done / self.target)


@dataclass(frozen=True)
class Progress:
    documenters: tuple[ProgressRow, ...]
    districts: tuple[ProgressRow, ...]
    venues: tuple[ProgressRow, ...]
    total: ProgressRow
    unsealed: bool


@dataclass(frozen=True)
class _Counts:
    documenters: Counter[int]
    districts: Counter[str]
    venues: Counter[str]
    total: int


def _view_counts(study: Study, venues: list[str]) -> _Counts:
    """Respondents counted (consent to statistics) registered within the study's period."""
    view = store.view_for(study.organisation_id)
    base = base_mask(view, Filters(study.starts_on, study.ends_on))
    documenters: Counter[int] = Counter()
    for code, mask in figures.dimension_masks(view, "documenter"):
        documenters[int(code)] = (mask & base).bit_count()
    districts = Counter({code: figures.count(view, DISTRICT_FIELD, code, base) for code in study.districts})
    by_venue = Counter({code: figures.count(view, VENUE_FIELD, code, base) for code in venues})
    return _Counts(documenters, districts, by_venue, base.bit_count())


def _clear_counts(study: Study) -> _Counts:
    """While sealed: interviews entered within the period, per documenter (clear columns only)."""
    entered = Interview.objects.filter(
        organisation_id=study.organisation_id,
        created_at__date__gte=study.starts_on,
        created_at__date__lte=study.ends_on,
    )
    documenters = Counter(entered.values_list("documenter_id", flat=True))
    return _Counts(documenters, Counter(), Counter(), sum(documenters.values()))


def study_progress(study: Study, spec: FormSpec, language: str) -> Progress:
    sites = list(study.sites.all())
    venue_labels = dict(field_choices(spec, VENUE_FIELD, language))
    venues = [code for code in venue_labels if any(s.venue == code for s in sites)]
    try:
        counts, unsealed = _view_counts(study, venues), True
    except VaultSealed:
        counts, unsealed = _clear_counts(study), False
    refusals = Refusal.objects.filter(
        organisation_id=study.organisation_id, refused_on__gte=study.starts_on, refused_on__lte=study.ends_on
    )
    refused = list(refusals.values_list("documenter_id", "district", "venue"))
    targets = {t.documenter_id: t.target for t in study.targets.all()}
    return Progress(
        documenters=_documenter_rows(study, counts, targets, Counter(r[0] for r in refused)),
        districts=_district_rows(
            study, spec, language, counts, unsealed, sites, Counter(r[1] for r in refused)
        ),
        venues=tuple(
            ProgressRow(
                code,
                venue_labels[code],
                counts.venues[code] if unsealed else None,
                None,
                sum(1 for r in refused if r[2] == code),
                sum(1 for s in sites if s.venue == code),
            )
            for code in venues
        ),
        total=ProgressRow("", "", counts.total, sum(targets.values()) or None, len(refused)),
        unsealed=unsealed,
    )


def _documenter_rows(
    study: Study, counts: _Counts, targets: dict[int, int], refused: Counter[int]
) -> tuple[ProgressRow, ...]:
    ids = sorted(set(targets) | {d for d, n in counts.documenters.items() if n} | set(refused))
    people = {
        u.pk: person_name(u) for u in User.objects.filter(pk__in=ids, organisation_id=study.organisation_id)
    }
    return tuple(
        ProgressRow(str(i), people.get(i, str(i)), counts.documenters[i], targets.get(i), refused[i])
        for i in ids
    )


def _district_rows(
    study: Study,
    spec: FormSpec,
    language: str,
    counts: _Counts,
    unsealed: bool,
    sites: list[StudySite],
    refused: Counter[str],
) -> tuple[ProgressRow, ...]:
    labels = dict(field_choices(spec, DISTRICT_FIELD, language))
    rows = [
        ProgressRow(
            code,
            labels.get(code, code),
            counts.districts[code] if unsealed else None,
            None,
            refused[code],
            sum(1 for s in sites if s.district == code),
        )
        for code in study.districts
    ]
    elsewhere = counts.total - sum(counts.districts.values())
    other_refusals = sum(n for code, n in refused.items() if code not in study.districts)
    if rows:
        rows.append(ProgressRow("", "", elsewhere if unsealed else None, None, other_refusals))
    return tuple(rows)
