"""Small counts hidden, and no hidden count computable from the totals that stay visible."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kua.reports.counting.suppression import (
    Coord,
    Grid,
    SuppressionError,
    add_totals,
    crosstab_grid,
    derivable_cells,
    determined_cells,
    grid_derivable_cells,
    partition_grid,
    primary_cells,
    suppress,
    suppress_counts_with_base,
    suppress_crosstab,
    suppress_grid,
    suppress_partition,
)

PROPERTY = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Many small counts (and zeros), some larger ones.
counts = st.one_of(st.integers(0, 4), st.integers(0, 30))
thresholds = st.one_of(st.just(5), st.integers(1, 10))


@st.composite
def matrices(draw: st.DrawFn, min_size: int = 1) -> list[list[int]]:
    n_rows = draw(st.integers(min_size, 6))
    n_cols = draw(st.integers(min_size, 5))
    return draw(
        st.lists(st.lists(counts, min_size=n_cols, max_size=n_cols), min_size=n_rows, max_size=n_rows)
    )


def _show(table: Sequence[Sequence[int]], hidden: set[Coord]) -> str:
    """The table as a reader would see it, for failure messages."""
    return "\n".join(
        " ".join("  x" if (r, c) in hidden else f"{v:3}" for c, v in enumerate(row))
        for r, row in enumerate(table)
    )


def _zeros_justified(grid: Grid, hidden: set[Coord]) -> bool:
    """A hidden zero was a last resort: some relation it is in has every non-zero cell hidden."""
    for zero in (cell for cell in hidden if grid.value(cell) == 0):
        relations = [
            (*cells, total) if total is not None else cells
            for cells, total in grid.sums
            if zero in cells or zero == total
        ]
        if not any(all(c in hidden for c in cells if grid.value(c) != 0) for cells in relations):
            return False
    return True


# --- items out of one base --------------------------------------------------------------


def test_counts_with_base_hide_only_small_counts() -> None:
    # Extortion 31, humiliation 22, passport taken 3, detention 12, robbery 0 — of 58.
    assert suppress_counts_with_base([31, 22, 3, 12, 0], 58) == {2}


def test_counts_with_base_threshold_one_hides_nothing() -> None:
    assert suppress_counts_with_base([1, 2, 3], 10, threshold=1) == set()


def test_counts_with_base_other_threshold() -> None:
    assert suppress_counts_with_base([9, 10, 11, 0], 40, threshold=11) == {0, 1}


def test_count_above_its_base_is_an_error() -> None:
    with pytest.raises(ValueError, match="exceeds"):
        suppress_counts_with_base([59], 58)


@PROPERTY
@given(st.lists(counts, max_size=12), thresholds)
def test_counts_with_base_hide_exactly_the_small_ones(items: list[int], threshold: int) -> None:
    base = max(items, default=0) + 3
    assert suppress_counts_with_base(items, base, threshold) == {
        i for i, n in enumerate(items) if 0 < n < threshold
    }


# --- parts of a published total ---------------------------------------------------------


def test_yes_no_both_hidden_when_one_is_small() -> None:
    # 3 yes, 55 no of 58: "<5", 55, 58 would give the 3 away.
    assert suppress_partition([3, 55], 58) == ({0, 1}, False)


def test_nothing_hidden_when_no_part_is_small() -> None:
    assert suppress_partition([20, 38], 58) == (set(), False)


def test_the_next_smallest_part_is_the_complement() -> None:
    assert suppress_partition([30, 3, 10, 7], 50) == ({1, 3}, False)


def test_a_zero_is_shown_when_a_non_zero_complement_exists() -> None:
    assert suppress_partition([3, 0, 40], 43) == ({0, 2}, False)


def test_ties_are_broken_by_position() -> None:
    assert suppress_partition([9, 2, 9], 20) == ({0, 1}, False)


def test_two_small_parts_protect_each_other() -> None:
    assert suppress_partition([2, 3, 40], 45) == ({0, 1}, False)


def test_a_small_total_is_hidden_with_its_parts() -> None:
    assert suppress_partition([2, 1, 0], 3) == ({0, 1}, True)
    assert suppress_partition([3, 0], 3) == ({0}, True)


def test_an_unpublished_total_needs_no_complement() -> None:
    assert suppress_partition([3, 55], 58, total_published=False) == ({0}, False)
    assert suppress_partition([3, 1], 4, total_published=False) == ({0, 1}, False)


def test_parts_must_add_up_to_the_total() -> None:
    with pytest.raises(ValueError, match="add up"):
        suppress_partition([3, 50], 58)


def test_partition_result_unpacks_as_a_pair() -> None:
    hidden, total_hidden = suppress_partition([3, 55], 58)
    assert 0 in hidden and 1 in hidden and total_hidden is False


@st.composite
def partitions(draw: st.DrawFn) -> tuple[list[int], int]:
    parts = draw(st.lists(counts, min_size=1, max_size=6))
    return parts, sum(parts)


@PROPERTY
@given(partitions(), thresholds, st.booleans())
def test_partition_properties(partition: tuple[list[int], int], threshold: int, published: bool) -> None:
    parts, total = partition
    result = suppress_partition(parts, total, threshold, total_published=published)
    grid = partition_grid(parts, total, total_published=published)
    hidden = {(0, i) for i in result.parts} | ({(0, len(parts))} if result.total else set())
    # (a) every small count hidden (the total too, when it is shown)
    assert all(i in result.parts for i, n in enumerate(parts) if 0 < n < threshold)
    if published and 0 < total < threshold:
        assert result.total
    if not published:
        assert not result.total  # not shown, so never reported hidden
    # (b) nothing hidden can be computed back
    assert grid_derivable_cells(grid, hidden) == set()
    # (c) the same answer every time
    assert suppress_partition(list(parts), total, threshold, total_published=published) == result
    # (d) a zero only when no non-zero cell was left
    assert _zeros_justified(grid, hidden)


@PROPERTY
@given(partitions(), thresholds)
def test_one_small_part_takes_the_smallest_other_as_complement(
    partition: tuple[list[int], int], threshold: int
) -> None:
    parts, total = partition
    small = [i for i, n in enumerate(parts) if 0 < n < threshold]
    if len(small) != 1 or total < threshold:
        return
    others = [
        (n, i) for i, n in enumerate(parts) if i != small[0] and n > 0
    ]  # never empty: total ≥ threshold
    assert suppress_partition(parts, total, threshold) == ({small[0], min(others)[1]}, False)


# --- crosstabs ----------------------------------------------------------------------------

# Districts × venues (street, sauna, apartment); one small cell: 3 in district 2, sauna.
DISTRICTS = [[12, 20, 9], [15, 3, 11], [8, 14, 17]]


def test_a_single_small_cell_is_hidden_in_a_rectangle() -> None:
    hidden = suppress_crosstab(DISTRICTS)
    assert hidden == {(1, 0), (1, 1), (2, 0), (2, 1)}  # 15, 3 / 8, 14: the cheapest rectangle
    assert derivable_cells(add_totals(DISTRICTS), hidden) == set()


def test_the_rectangle_uses_the_cheapest_cells() -> None:
    table = [[40, 30, 25], [35, 2, 28], [26, 33, 50]]
    assert suppress_crosstab(table) == {(1, 1), (1, 2), (0, 1), (0, 2)}


def test_a_small_row_total_is_hidden_and_protected() -> None:
    table = [[2, 1, 0], [10, 12, 8], [9, 7, 15]]
    hidden = suppress_crosstab(table)
    assert {(0, 0), (0, 1), (0, 3)} <= hidden
    assert (0, 2) not in hidden  # the zero stays visible
    full = add_totals(table)
    assert derivable_cells(full, hidden) == set(), _show(full, hidden)


def test_a_small_grand_total_hides_all_non_zero_cells() -> None:
    table = [[1, 0], [0, 2]]
    assert suppress_crosstab(table) == {(0, 0), (1, 1), (0, 2), (1, 2), (2, 0), (2, 1), (2, 2)}


def test_a_table_without_small_cells_is_shown_whole() -> None:
    assert suppress_crosstab([[10, 20], [30, 40]]) == set()
    assert suppress_crosstab([[0, 20], [30, 0]]) == set()


def test_threshold_one_hides_nothing() -> None:
    assert suppress_crosstab([[1, 2], [3, 4]], threshold=1) == set()
    assert suppress_partition([1, 2], 3, threshold=1) == (set(), False)


def test_combined_relations_are_covered_too() -> None:
    # Hiding only until no row or column has one hidden cell leaves (2, 3) — the 4 in the
    # last row — computable by adding and subtracting rows and columns:
    # x(2,2) = 8 − x(0,2), x(2,4) = 12 − x(0,4), x(0,2) = x(0,4), so x(2,3) = x(2,4) − x(2,2) = 4.
    table = [[0, 0, 4, 0], [3, 13, 0, 2], [0, 0, 4, 4]]
    full = add_totals(table)
    one_at_a_time = {(0, 2), (0, 4), (1, 0), (1, 3), (2, 2), (2, 3), (2, 4), (3, 0), (3, 3)}
    assert derivable_cells(full, one_at_a_time) == set()
    assert determined_cells(crosstab_grid(table), one_at_a_time) == {(2, 3)}
    hidden = suppress_crosstab(table)
    assert determined_cells(crosstab_grid(table), hidden) == set()
    assert derivable_cells(full, hidden) == set()


def test_margins_published_elsewhere() -> None:
    # The table shows no totals, but the district and venue tables of the report do.
    hidden = suppress_crosstab(DISTRICTS, with_totals=False)
    assert hidden == {(1, 0), (1, 1), (2, 0), (2, 1)}
    assert derivable_cells(add_totals(DISTRICTS), hidden) == set()


def test_a_cell_equal_to_an_outside_total_cannot_be_protected() -> None:
    with pytest.raises(SuppressionError):
        suppress_crosstab([[3, 20]], with_totals=False)


@PROPERTY
@given(matrices(), thresholds)
def test_crosstab_properties(matrix: list[list[int]], threshold: int) -> None:
    hidden = suppress_crosstab(matrix, threshold)
    full = add_totals(matrix)
    grid = crosstab_grid(matrix)
    # (a) every small count hidden, totals included
    assert primary_cells(grid, threshold=threshold) <= hidden
    # (b) nothing hidden can be computed back: one relation at a time, nor by combining them
    assert derivable_cells(full, hidden) == set(), _show(full, hidden)
    assert determined_cells(grid, hidden) == set(), _show(full, hidden)
    # (c) the same answer every time, whatever the container
    assert suppress_crosstab(tuple(tuple(row) for row in matrix), threshold) == hidden
    # (d) a zero only when no non-zero cell was left in its relation
    assert _zeros_justified(grid, hidden), _show(full, hidden)


@PROPERTY
@given(matrices(min_size=2), thresholds)
def test_crosstab_with_outside_margins(matrix: list[list[int]], threshold: int) -> None:
    hidden = suppress_crosstab(matrix, threshold, with_totals=False)
    grid = crosstab_grid(matrix, with_totals=False)
    assert primary_cells(grid, threshold=threshold) <= hidden
    assert all(r < len(matrix) and c < len(matrix[0]) for r, c in hidden)
    assert derivable_cells(add_totals(matrix), hidden) == set()  # totals all visible
    assert determined_cells(grid, hidden) == set()
    assert _zeros_justified(grid, hidden)


# --- the general grid and the checker -----------------------------------------------------


def test_suppress_takes_any_relations() -> None:
    # Two lines, each adding up to a total published in the text (None), not in the grid.
    values = [[3, 40], [20, 23]]
    relations = [(((0, 0), (0, 1)), None), (((1, 0), (1, 1)), None)]
    assert suppress(values, relations) == {(0, 0), (0, 1)}


def test_derivable_cells_finds_what_a_reader_can_compute() -> None:
    full = add_totals(DISTRICTS)
    assert derivable_cells(full, {(1, 1)}) == {(1, 1)}
    # (0, 1) follows from column 1; then (0, 0) from row 0, once (0, 1) is substituted.
    assert derivable_cells(full, {(0, 0), (0, 1), (2, 1)}) == {(0, 0), (0, 1), (2, 1)}
    assert derivable_cells(full, {(0, 0), (0, 1), (1, 0), (1, 1)}) == set()


def test_derivable_cells_checks_the_totals() -> None:
    with pytest.raises(ValueError, match="add up"):
        derivable_cells([[1, 2, 4], [1, 2, 3]], set())


@pytest.mark.parametrize("threshold", [0, -5, True, 2.5])
def test_threshold_must_be_a_positive_integer(threshold: object) -> None:
    with pytest.raises(ValueError, match="threshold"):
        suppress_crosstab([[1]], threshold)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threshold"):
        suppress_counts_with_base([1], 1, threshold)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "relations"),
    [
        ([[-1, 2]], []),
        ([[1, 2, 4]], [(((0, 0), (0, 1)), (0, 2))]),  # 1 + 2 ≠ 4
        ([[1, 2]], [(((0, 0), (0, 5)), None)]),  # outside the grid
        ([[1, 2]], [(((0, 0), (0, 0)), None)]),  # a repeated cell
        ([[1, 2]], [((), (0, 1))]),
    ],
)
def test_grid_rejects_bad_input(values: list[list[int]], relations: list) -> None:
    with pytest.raises(ValueError, match=r"count|add up|outside|repeats|at least"):
        suppress(values, relations)


def test_suppress_grid_does_not_depend_on_list_or_tuple() -> None:
    grid = Grid.of([[3, 55, 58]], [([(0, 0), (0, 1)], (0, 2))])  # type: ignore[list-item]
    assert suppress_grid(grid) == {(0, 0), (0, 1)}
