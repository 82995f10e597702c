"""The tables, computed from the analytic view. Only consent_statistics = yes counts."""

from __future__ import annotations

from typing import Any

from kua.analytics.dataset import Dataset

POLICE_LIST, MEDICAL_LIST = "police_violations", "medical_violations"
YES_NO_ROWS = ("knows_where_to_turn", "complained", "complaint_accepted", "measures_taken")


def _count(view: Dataset, field_name: str, code: str, base: int) -> int:
    return (view.mask(field_name, code) & base).bit_count()


def violation_counts(view: Dataset, field_name: str, base: int | None = None) -> dict[str, int]:
    """Every code of the list, zeros included, in the form's order."""
    base = view.counted if base is None else base
    return {code: _count(view, field_name, code, base) for code in view.choice_fields.get(field_name, ())}


def yes_no_table(view: Dataset, prefix: str, base: int | None = None) -> dict[str, dict[str, int]]:
    """Yes/no counts; a respondent to whom a question did not apply is in neither."""
    base = view.counted if base is None else base
    return {
        row: {answer: _count(view, f"{prefix}_{row}", answer, base) for answer in ("yes", "no")}
        for row in YES_NO_ROWS
    }


def summary_tables(view: Dataset, base: int | None = None) -> dict[str, Any]:
    """The `kua tables` JSON: respondents, lists P and M, and the complaint tables, among the
    counted rows of `base` (a scope's mask; every counted row by default)."""
    base = view.counted if base is None else base
    return {
        "respondents": base.bit_count(),
        "police": violation_counts(view, POLICE_LIST, base),
        "medical": violation_counts(view, MEDICAL_LIST, base),
        "yn": {"police": yes_no_table(view, "police", base), "medical": yes_no_table(view, "medical", base)},
    }
