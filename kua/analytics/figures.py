"""The numbers behind every table of the dashboard and the report (no labels, no text).

Every function takes the base mask (rows that count and pass the filters) and returns
plain numbers in a deterministic order, so the same data gives the same tables.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from itertools import compress

from kua.analytics.bitsets import flags, interval_masks, value_masks
from kua.analytics.dataset import Dataset

YES_NO_ROWS = ("knows_where_to_turn", "complained", "complaint_accepted", "measures_taken")
AGE_BANDS = (("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44), ("45+", 45, 200))
COUNT_BINS = (("0", 0, 0), ("1", 1, 1), ("2-3", 2, 3), ("4-5", 4, 5), ("6+", 6, 10**6))
NOT_STATED = "not_stated"


def count(view: Dataset, field: str, code: str, base: int) -> int:
    return (view.mask(field, code) & base).bit_count()


def any_of(view: Dataset, field: str) -> int:
    mask = 0
    for bits in view.bits.get(field, {}).values():
        mask |= bits
    return mask


def ranked_counts(view: Dataset, field: str, base: int) -> list[tuple[str, int]]:
    """(code, respondents) for every choice, most frequent first; ties in form order."""
    codes = view.choice_fields.get(field, ())
    counts = [(code, count(view, field, code, base)) for code in codes]
    order = {code: i for i, code in enumerate(codes)}
    return sorted(counts, key=lambda item: (-item[1], order[item[0]]))


@dataclass(frozen=True)
class YesNo:
    yes: int
    no: int

    @property
    def base(self) -> int:
        return self.yes + self.no


def yes_no(view: Dataset, field: str, base: int) -> YesNo:
    return YesNo(count(view, field, "yes", base), count(view, field, "no", base))


def complaint_rows(view: Dataset, prefix: str, base: int) -> list[tuple[str, YesNo]]:
    return [(row, yes_no(view, f"{prefix}_{row}", base)) for row in YES_NO_ROWS]


def _number_masks(view: Dataset, field: str, bins: tuple[tuple[str, int, int], ...]) -> list[tuple[str, int]]:
    """Each bin's rows (one pass over the column for all the bins, kept with the view)."""
    values = view.numbers.get(field)
    if values is None:
        return [(label, 0) for label, _low, _high in bins]
    kept: list[tuple[str, int]] | None = view.derived.get(("bins", field, bins))
    if kept is None:
        masks = interval_masks(values, [(low, high) for _label, low, high in bins])
        kept = [(label, mask) for (label, _low, _high), mask in zip(bins, masks, strict=True)]
        view.derived["bins", field, bins] = kept
    return kept


def binned(
    view: Dataset, field: str, base: int, bins: tuple[tuple[str, int, int], ...]
) -> list[tuple[str, int]]:
    return [(label, (mask & base).bit_count()) for label, mask in _number_masks(view, field, bins)]


def age_band_masks(view: Dataset) -> list[tuple[str, int]]:
    return _number_masks(view, "age", AGE_BANDS)


@dataclass(frozen=True)
class MoneySummary:
    respondents: int
    median: float | None
    total: float


def money(view: Dataset, field: str, base: int) -> MoneySummary:
    values = view.numbers.get(field)
    if values is None:
        return MoneySummary(0, None, 0.0)
    chosen = [v for v in compress(values, flags(base, len(values))) if v > 0]  # NaN > 0 is False
    return MoneySummary(len(chosen), statistics.median(chosen) if chosen else None, float(sum(chosen)))


def dimension_masks(view: Dataset, dimension: str) -> list[tuple[str, int]]:
    """The categories of a cross-tab dimension with their row masks (before the base).

    select_one dimensions get a "not stated" category so the rows partition the base.
    """
    if dimension == "age_band":
        masks = age_band_masks(view)
        stated = 0
        for _label, mask in masks:
            stated |= mask
        return [*masks, (NOT_STATED, view.live & ~stated)]
    if dimension == "documenter":
        return [(str(i), mask) for i, mask in sorted(value_masks(view.documenters).items())]
    codes = view.choice_fields.get(dimension, ())
    masks = [(code, view.mask(dimension, code)) for code in codes]
    if dimension in view.multiple:
        return masks
    return [*masks, (NOT_STATED, view.live & ~any_of(view, dimension))]


@dataclass(frozen=True)
class CrossTab:
    dimension: str
    categories: list[str]
    matrix: list[list[int]]  # per category: [reported, did not report]
    partition: bool  # categories partition the base (so column totals are meaningful)


def crosstab(view: Dataset, dimension: str, outcome: int, base: int) -> CrossTab:
    """Respondents by category of `dimension`, split by whether they reported the outcome."""
    rows = []
    categories = []
    for category, mask in dimension_masks(view, dimension):
        in_row = mask & base
        if not in_row:
            continue
        reported = (in_row & outcome).bit_count()
        categories.append(category)
        rows.append([reported, in_row.bit_count() - reported])
    return CrossTab(dimension, categories, rows, dimension not in view.multiple)
