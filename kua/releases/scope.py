"""A release's scope (period, study, region) as the analytics filters it counts under."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from kua.analytics.filters import Filters
from kua.questionnaires.selectors import current_form, spec_for
from kua.studies.labels import REGION_FIELD, field_choices
from kua.studies.models import Study


class UnknownStudy(ValueError):
    pass


class UnknownRegion(ValueError):
    pass


@dataclass(frozen=True)
class Scope:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    study: int | None = None
    region: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "study": self.study,
            "region": self.region or None,
        }


def filters_for(organisation_id: int, scope: Scope) -> Filters:
    """The filters of a scope: a study gives its period unless --from/--to say otherwise."""
    if scope.region and scope.region not in _region_codes(organisation_id):
        raise UnknownRegion(scope.region)
    date_from, date_to = scope.date_from, scope.date_to
    if scope.study is not None:
        starts, ends = _study_period(organisation_id, scope.study)
        date_from, date_to = date_from or starts, date_to or ends
    return Filters(date_from=date_from, date_to=date_to, region=scope.region)


def _region_codes(organisation_id: int) -> set[str]:
    spec = spec_for(current_form(organisation_id))
    return {code for code, _label in field_choices(spec, REGION_FIELD, spec.default_language)}


def _study_period(organisation_id: int, study_id: int) -> tuple[datetime.date, datetime.date]:
    """The study's fieldwork period. The one place that knows how a study is found (at merge:
    the studies app's public `resolve_filters`, once studies are many per organisation)."""
    study = Study.objects.filter(pk=study_id, organisation_id=organisation_id).first()
    if study is None:
        raise UnknownStudy(study_id)
    return study.starts_on, study.ends_on
