"""The "trafficking" table (shared/spec/cases.md), from the analytic view's per-question API."""

from __future__ import annotations

from typing import Any

from kua.analytics.dataset import Dataset

FIELD = "trafficking_indicators"
INDICATORS = (
    "documents_withheld", "debt_bondage", "not_free_to_leave", "deceived_about_work", "earnings_withheld",
    "threats_to_family", "moved_for_work", "forced_to_work",
)  # fmt: skip


def trafficking_table(view: Dataset) -> dict[str, Any]:
    """Counting consenting respondents who answered the question (version 1 data was not screened)."""
    base = view.counted
    masks = {code: view.mask(FIELD, code) & base for code in (*INDICATORS, "none")}
    any_indicator = 0
    for code in INDICATORS:
        any_indicator |= masks[code]
    return {
        "screened": (any_indicator | masks["none"]).bit_count(),
        "any_indicator": any_indicator.bit_count(),
        "indicators": {code: masks[code].bit_count() for code in INDICATORS},
    }
