"""The scope of the report, the dashboard, `kua tables` and `kua report`: one place resolves it.

A scope is a period, a study (its period and its districts), a region and a district. The
study's period is narrowed, never widened, by an explicit period; an unknown study, region or
district, or a period that ends before it starts, is refused with a message in the user's
language (ScopeError), never silently widened to everything."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from kua.accounts.models import Organisation
from kua.analytics.filters import Filters
from kua.localformat import format_period
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.spec import FormSpec
from kua.studies.models import Study

REGION_FIELD, DISTRICT_FIELD = "residence_region", "residence_district"


class ScopeError(ValueError):
    """A scope that names nothing of this organisation, or an impossible period."""


def resolve_filters(
    organisation: Organisation | int,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    study_id: int | None = None,
    region: str = "",
    district: str = "",
) -> Filters:
    """The Filters of this scope for this organisation (raises ScopeError)."""
    organisation_id = organisation if isinstance(organisation, int) else int(organisation.pk)
    districts: tuple[str, ...] = ()
    if study_id is not None:
        study = Study.objects.filter(pk=study_id, organisation_id=organisation_id).first()
        if study is None:
            raise ScopeError(_("This organisation has no study %(id)s.") % {"id": study_id})
        date_from = max(d for d in (date_from, study.starts_on) if d is not None)
        date_to = min(d for d in (date_to, study.ends_on) if d is not None)
        districts = tuple(str(code) for code in study.districts)
    if date_from and date_to and date_from > date_to:
        raise ScopeError(_("The period ends before it starts."))
    spec = spec_for(current_form(organisation_id))
    _check_code(spec, REGION_FIELD, region, _("There is no region %(code)s in the questionnaire."))
    _check_code(spec, DISTRICT_FIELD, district, _("There is no district %(code)s in the questionnaire."))
    return Filters(
        date_from=date_from,
        date_to=date_to,
        district=district,
        region=region,
        districts=districts,
        study_id=study_id,
    )


def _check_code(spec: FormSpec, field: str, code: str, message: str) -> None:
    if not code or not spec.has_field(field):
        return
    if code not in {c.name for c in spec.field(field).choices}:
        raise ScopeError(message % {"code": code})


def study_choices(organisation_id: int, language: str) -> list[tuple[int | str, str]]:
    """The organisation's studies for a scope picker, newest first: name, or its period."""
    studies = Study.objects.filter(organisation_id=organisation_id).order_by("-starts_on", "-pk")
    return [("", "—")] + [(s.pk, s.name or format_period(s.starts_on, s.ends_on, language)) for s in studies]
