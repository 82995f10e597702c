"""Filters of the dashboard and the report, as bit masks over the analytic view."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kua.analytics.dataset import Dataset


@dataclass(frozen=True)
class Filters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    district: str = ""
    documenter_id: int | None = None
    region: str = ""

    @property
    def active(self) -> bool:
        return bool(self.date_from or self.date_to or self.district or self.documenter_id or self.region)


def _bits(indices: list[int], size: int) -> int:
    raw = bytearray((size + 7) // 8)
    for index in indices:
        raw[index >> 3] |= 1 << (index & 7)
    return int.from_bytes(raw, "little")


def date_mask(view: Dataset, field: str, start: datetime.date | None, end: datetime.date | None) -> int:
    low = start.toordinal() if start else 1
    high = end.toordinal() if end else 10**7
    days = view.dates.get(field)
    if days is None:
        return 0
    return _bits([i for i, day in enumerate(days) if day and low <= day <= high], view.size)


def base_mask(view: Dataset, filters: Filters) -> int:
    """Rows that count (consent_statistics = yes) and pass the filters."""
    mask = view.counted
    if filters.date_from or filters.date_to:
        mask &= date_mask(view, "registered_on", filters.date_from, filters.date_to)
    if filters.region:
        mask &= view.mask("residence_region", filters.region)
    if filters.district:
        mask &= view.mask("residence_district", filters.district)
    if filters.documenter_id:
        ids = view.documenters
        mask &= _bits([i for i, d in enumerate(ids) if d == filters.documenter_id], view.size)
    return mask
