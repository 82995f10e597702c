"""A release's tables over its scope: exact (never written anywhere), suppressed exactly as
the public report suppresses them, or noised with differential privacy (dp.py)."""

from __future__ import annotations

from typing import Any

from kua.analytics.dataset import Dataset
from kua.analytics.filters import Filters, base_mask
from kua.analytics.tables import MEDICAL_LIST, POLICE_LIST, violation_counts, yes_no_table
from kua.releases import dp
from kua.reports.counting.cells import CellMaker

LISTS = (("police", POLICE_LIST), ("medical", MEDICAL_LIST))
Tables = dict[str, Any]


def exact_tables(view: Dataset, filters: Filters) -> Tables:
    """The `kua tables` shape, counted over the scope. Only consent_statistics = yes counts."""
    return tables_over(view, base_mask(view, filters))


def tables_over(view: Dataset, base: int) -> Tables:
    """The same tables over the counted rows of a mask (a scope's, a region's within it)."""
    tables: Tables = {"respondents": base.bit_count(), "yn": {}}
    for key, field in LISTS:
        tables[key] = violation_counts(view, field, base)
        tables["yn"][key] = yes_no_table(view, key, base)
    return tables


def suppressed_tables(exact: Tables, threshold: int) -> Tables:
    """The public report's cells: the same CellMaker decisions, a hidden cell as null."""
    cells = CellMaker("en", True, threshold)
    out: Tables = {"respondents": exact["respondents"], "yn": {}}
    for key, _field in LISTS:
        counts = exact[key]
        hidden = cells.hide_counts(list(counts.values()), exact["respondents"])
        out[key] = {code: None if i in hidden else n for i, (code, n) in enumerate(counts.items())}
        out["yn"][key] = {}
        for row, answers in exact["yn"][key].items():
            parts, _total = cells.hide_partition(
                [answers["yes"], answers["no"]], answers["yes"] + answers["no"]
            )
            out["yn"][key][row] = {
                answer: None if i in parts else answers[answer] for i, answer in enumerate(("yes", "no"))
            }
    return out


def flatten(tables: Tables) -> list[Any]:
    """Every cell in one fixed order: respondents, the lists, the yes/no rows."""
    cells = [tables["respondents"]]
    for key, _field in LISTS:
        cells += list(tables[key].values())
    for key, _field in LISTS:
        for answers in tables["yn"][key].values():
            cells += [answers["yes"], answers["no"]]
    return cells


def unflatten(shape: Tables, cells: list[Any]) -> Tables:
    """`cells` (in `flatten`'s order) put back into the shape of `shape`."""
    values = iter(cells)
    out: Tables = {"respondents": next(values), "yn": {}}
    for key, _field in LISTS:
        out[key] = {code: next(values) for code in shape[key]}
    for key, _field in LISTS:
        out["yn"][key] = {row: {"yes": next(values), "no": next(values)} for row in shape["yn"][key]}
    return out


def sensitivity(exact: Tables) -> int:
    """L1 sensitivity of the whole vector to adding or removing one respondent (dp.py)."""
    rows = sum(len(exact["yn"][key]) for key, _field in LISTS)
    return 1 + len(exact["police"]) + len(exact["medical"]) + rows


def dp_tables(exact: Tables, epsilon: float) -> tuple[Tables, Tables]:
    """(noised tables, error tables): one OpenDP measurement spending `epsilon`."""
    noised = dp.release_counts(flatten(exact), epsilon=epsilon, sensitivity=sensitivity(exact))
    error = unflatten(exact, [noised.half_width] * len(noised.counts))
    return unflatten(exact, noised.counts), error
