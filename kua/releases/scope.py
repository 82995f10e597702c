"""A release's scope (period, study, region) as the analytics filters it counts under."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from kua.analytics.filters import Filters
from kua.questionnaires.selectors import current_form, spec_for
from kua.studies.labels import REGION_FIELD, field_choices
from kua.studies.scope import ScopeError, resolve_filters


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
    """The filters of a scope, resolved as the report and `kua tables` resolve theirs (a study is
    its period, narrowed by --from/--to, and its districts)."""
    if scope.region and scope.region not in _region_codes(organisation_id):
        raise UnknownRegion(scope.region)
    try:
        return resolve_filters(
            organisation_id,
            date_from=scope.date_from,
            date_to=scope.date_to,
            study_id=scope.study,
            region=scope.region,
        )
    except ScopeError:  # the region is checked above: what is left is the study or the period
        raise UnknownStudy(scope.study) from None


def _region_codes(organisation_id: int) -> set[str]:
    spec = spec_for(current_form(organisation_id))
    return {code for code, _label in field_choices(spec, REGION_FIELD, spec.default_language)}
