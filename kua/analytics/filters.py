"""Filters of the dashboard and the report, as bit masks over the analytic view."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kua.analytics.bitsets import equal_mask, interval_masks
from kua.analytics.dataset import Dataset


@dataclass(frozen=True)
class Filters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    district: str = ""
    documenter_id: int | None = None
    region: str = ""
    districts: tuple[str, ...] = ()  # a study's districts: a row counts in any of them
    study_id: int | None = None  # the study the scope names (the methodology describes it)

    @property
    def active(self) -> bool:
        return bool(
            self.date_from
            or self.date_to
            or self.district
            or self.documenter_id
            or self.region
            or self.districts
        )


def date_mask(view: Dataset, field: str, start: datetime.date | None, end: datetime.date | None) -> int:
    low = start.toordinal() if start else 1
    high = end.toordinal() if end else 10**7
    days = view.dates.get(field)
    if days is None:
        return 0
    return interval_masks(days, [(low, high)])[0]  # no date is 0: below every low


def base_mask(view: Dataset, filters: Filters) -> int:
    """Rows that count (consent_statistics = yes) and pass the filters."""
    mask = view.counted
    if filters.date_from or filters.date_to:
        mask &= date_mask(view, "registered_on", filters.date_from, filters.date_to)
    if filters.region:
        mask &= view.mask("residence_region", filters.region)
    if filters.district:
        mask &= view.mask("residence_district", filters.district)
    if filters.districts:
        mask &= _any_district(view, filters.districts)
    if filters.documenter_id:
        mask &= equal_mask(view.documenters, filters.documenter_id)
    return mask


def _any_district(view: Dataset, districts: tuple[str, ...]) -> int:
    mask = 0
    for code in districts:
        mask |= view.mask("residence_district", code)
    return mask
