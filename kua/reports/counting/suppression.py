"""Statistical disclosure control for the public edition of a report.

A table of counts of respondents may not show a small count (1 to threshold−1, by
default 1–4): it is hidden as "<5" so that no respondent can be singled out (*primary
suppression*). Hiding it is not enough when the table also publishes totals: if a row
shows "<5", 20 and a total of 23, the hidden cell is 3. So further cells are hidden
(*complementary suppression*) until no relation "these cells add up to that total" has
exactly one hidden cell.

Model. A `Grid` is a matrix of counts (≥ 0) plus the linear relations a reader can use:
each relation lists the cells that add up and the cell holding their total, or None when
that total is published outside the grid (then it is known and cannot be hidden here).
`suppress` returns the hidden cells of a grid; three helpers cover Kua's table shapes:

* `suppress_counts_with_base` — items each counted out of one base (multi-response, no
  additive relation): primary suppression only.
* `suppress_partition` — parts adding up to a published total (yes + no = base).
* `suppress_crosstab` — rows × columns with row, column and grand totals.

Rules. Zero cells are never primary-suppressed (a zero singles nobody out). A complement
is a visible cell of the exposed relation, non-zero unless no non-zero cell is left in
it; among those, the one that hides the least information: the fewest respondents hidden
once the table is completed greedily from there (so a crosstab gets a small rectangle,
not a long chain of complements), then the smallest value, then position (row, then
column; totals come last). In a partition that is simply the smallest other non-zero
part. The same input always gives the same output.

Protection claimed: protects against derivation by row and column totals; not against
linear programming attacks on large tables. `derivable_cells`, an independent checker
used by the tests, solves every relation with one unknown, substitutes what it found and
repeats; it finds nothing in our output. A little beyond that standard, `suppress` also
makes sure no hidden cell is fixed exactly by adding and subtracting whole relations
(e.g. rows 1 + 2 minus columns 1 + 2, when the hidden cells form two rectangles joined
by one cell; see `determined_cells`). Not covered: bounds. A reader can still narrow a
hidden cell down using counts ≥ 0 and the "<5" label (when "yes" is "<5" of 58, "no" is
54 to 57), and a zero used as a complement narrows it further. Render a complement as
hidden, not as "<5" when it is 5 or more (or say in the note that "<5" may also hide a
larger cell), and hide the percentage of a hidden count (the caller does both).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

DEFAULT_THRESHOLD = 5

Coord = tuple[int, int]
Relation = tuple[tuple[Coord, ...], Coord | None]  # (cells that add up, cell of their total or None)
Equation = tuple[dict[Coord, int], int]  # sum(coefficient × cell) = constant


class SuppressionError(ValueError):
    """The grid cannot be protected (a hidden cell equals a total published elsewhere)."""


@dataclass(frozen=True)
class Grid:
    """A table of counts with the linear relations a reader can use."""

    values: tuple[tuple[int, ...], ...]  # rows × columns of cells (counts ≥ 0)
    sums: tuple[Relation, ...] = ()

    def __post_init__(self) -> None:
        for row in self.values:
            for value in row:
                _check_count(value)
        for relation in self.sums:
            self._check_relation(relation)

    @classmethod
    def of(cls, values: Sequence[Sequence[int]], sums: Iterable[Relation] = ()) -> Grid:
        """Build a grid from lists (normalised to tuples)."""
        rows = tuple(tuple(row) for row in values)
        relations = tuple(
            (tuple((c[0], c[1]) for c in cells), _coord_or_none(total)) for cells, total in sums
        )
        return cls(rows, relations)

    def value(self, cell: Coord) -> int:
        return self.values[cell[0]][cell[1]]

    def cells(self) -> Iterator[Coord]:
        """Every cell, in position order."""
        for r, row in enumerate(self.values):
            for c in range(len(row)):
                yield (r, c)

    def _contains(self, cell: Coord) -> bool:
        r, c = cell
        return 0 <= r < len(self.values) and 0 <= c < len(self.values[r])

    def _check_relation(self, relation: Relation) -> None:
        cells, total = relation
        members = (*cells, total) if total is not None else cells
        if not cells:
            raise ValueError("a relation needs at least one cell")
        if len(set(members)) != len(members):
            raise ValueError(f"a relation repeats a cell: {relation}")
        if not all(self._contains(cell) for cell in members):
            raise ValueError(f"a relation names a cell outside the grid: {relation}")
        if total is not None and sum(self.value(c) for c in cells) != self.value(total):
            raise ValueError(f"cells {cells} do not add up to their total {total}")


class PartitionSuppression(NamedTuple):
    parts: set[int]  # indices of the hidden parts
    total: bool  # whether the total is hidden


# --- the algorithm ------------------------------------------------------------------


def suppress(
    grid_values: Sequence[Sequence[int]], relations: Iterable[Relation], *, threshold: int = DEFAULT_THRESHOLD
) -> set[Coord]:
    """The cells to hide in a table of counts whose cells obey `relations`."""
    return suppress_grid(Grid.of(grid_values, relations), threshold=threshold)


def suppress_grid(grid: Grid, *, threshold: int = DEFAULT_THRESHOLD) -> set[Coord]:
    """Primary suppression, then complements until no hidden cell can be worked out."""
    hidden = primary_cells(grid, threshold=threshold)
    while True:
        _complete_relations(grid, hidden)
        exposed = _first_determined(grid, hidden)
        if exposed is None:
            return hidden
        hidden.add(_freeing_complement(grid, hidden, exposed))


def primary_cells(grid: Grid, *, threshold: int = DEFAULT_THRESHOLD) -> set[Coord]:
    """Cells holding a small count (1 to threshold−1); zero is safe to show."""
    _check_threshold(threshold)
    return {cell for cell in grid.cells() if 0 < grid.value(cell) < threshold}


def _complete_relations(grid: Grid, hidden: set[Coord]) -> None:
    """Hide complements until no relation has exactly one hidden cell."""
    while (relation := _exposed_relation(grid, hidden)) is not None:
        hidden.add(_best_complement(grid, relation, hidden))


def _exposed_relation(grid: Grid, hidden: set[Coord]) -> Relation | None:
    for relation in grid.sums:
        if sum(cell in hidden for cell in _members(relation)) == 1:
            return relation
    return None


def _best_complement(grid: Grid, relation: Relation, hidden: set[Coord]) -> Coord:
    """The candidate after which the table loses least, once completed greedily.

    Looking one step ahead turns the chains a plain "smallest cell" choice makes in a
    crosstab (one complement exposing the next row, and so on) into small rectangles.
    """
    candidates = _candidates(grid, relation, hidden)
    return min(candidates, key=lambda cell: (_outcome(grid, hidden | {cell}), _cost(grid, cell)))


def _outcome(grid: Grid, hidden: set[Coord]) -> tuple[bool, int, int]:
    """(impossible, respondents hidden, cells hidden) after greedy completion from `hidden`."""
    done = _greedy_completion(grid, hidden)
    return (True, 0, 0) if done is None else (False, *_loss(grid, done))


def _greedy_completion(grid: Grid, hidden: set[Coord]) -> set[Coord] | None:
    """`hidden` plus the cheapest complements, one exposed relation at a time; None if stuck."""
    done = set(hidden)
    try:
        while (relation := _exposed_relation(grid, done)) is not None:
            done.add(min(_candidates(grid, relation, done), key=lambda cell: _cost(grid, cell)))
    except SuppressionError:
        return None
    return done


def _loss(grid: Grid, hidden: set[Coord]) -> tuple[int, int]:
    """What readers lose: respondents hidden, then cells hidden."""
    return (sum(grid.value(cell) for cell in hidden), len(hidden))


def _candidates(grid: Grid, relation: Relation, hidden: set[Coord]) -> list[Coord]:
    """The visible cells of an exposed relation; zeros only when no non-zero cell is left."""
    visible = [cell for cell in _members(relation) if cell not in hidden]
    if not visible:
        (cell,) = (c for c in _members(relation) if c in hidden)
        raise SuppressionError(f"cell {cell} equals a total published outside the table")
    return [cell for cell in visible if grid.value(cell) != 0] or visible


def _cost(grid: Grid, cell: Coord) -> tuple[bool, int, Coord]:
    """How much hiding a cell costs: any non-zero before a zero, smaller first, then position."""
    value = grid.value(cell)
    return (value == 0, value, cell)


def _first_determined(grid: Grid, hidden: set[Coord]) -> Coord | None:
    return min(determined_cells(grid, hidden), default=None)


def _freeing_complement(grid: Grid, hidden: set[Coord], exposed: Coord) -> Coord:
    """The visible cell after whose hiding `exposed` is no longer determined, at least loss.

    Hiding it may expose its own row or column: the greedy completion that follows is part
    of the price. A zero only when no non-zero cell works.
    """
    visible = [cell for cell in grid.cells() if cell not in hidden]
    for pool in ([c for c in visible if grid.value(c) != 0], [c for c in visible if grid.value(c) == 0]):
        options = [
            (loss, _cost(grid, cell), cell)
            for cell in pool
            if (loss := _freeing_loss(grid, hidden | {cell}, exposed)) is not None
        ]
        if options:
            return min(options)[2]
    raise SuppressionError(f"cell {exposed} is fixed by totals published outside the table")


def _freeing_loss(grid: Grid, hidden: set[Coord], exposed: Coord) -> tuple[int, int] | None:
    done = _greedy_completion(grid, hidden)
    if done is None or exposed in determined_cells(grid, done):
        return None
    return _loss(grid, done)


def _members(relation: Relation) -> tuple[Coord, ...]:
    cells, total = relation
    return (*cells, total) if total is not None else cells


# --- Kua's table shapes ---------------------------------------------------------------


def suppress_counts_with_base(
    counts: Sequence[int], base: int, threshold: int = DEFAULT_THRESHOLD
) -> set[int]:
    """Indices of the items to hide, each item counted out of the same `base`.

    Multi-response items do not add up to the base, so there is nothing to derive a hidden
    count from: primary suppression only. The caller hides the percentage of a hidden count.
    """
    _check_threshold(threshold)
    _check_count(base)
    for count in counts:
        _check_count(count)
        if count > base:
            raise ValueError(f"count {count} exceeds its base {base}")
    return {i for i, count in enumerate(counts) if 0 < count < threshold}


def partition_grid(parts: Sequence[int], total: int, *, total_published: bool = True) -> Grid:
    """One row: the parts, then the total (cell (0, len(parts)))."""
    if sum(parts) != total:
        raise ValueError(f"parts {list(parts)} do not add up to {total}; add the missing part")
    cells = tuple((0, i) for i in range(len(parts)))
    sums: tuple[Relation, ...] = ((cells, (0, len(parts))),) if total_published and parts else ()
    return Grid.of([[*parts, total]], sums)


def suppress_partition(
    parts: Sequence[int], total: int, threshold: int = DEFAULT_THRESHOLD, total_published: bool = True
) -> PartitionSuppression:
    """The parts to hide, and whether to hide the total, for parts adding up to a total.

    A total that is not published cannot give a hidden part away (nor is it shown, so it
    is never reported as hidden): primary suppression only.
    """
    grid = partition_grid(parts, total, total_published=total_published)
    hidden = suppress_grid(grid, threshold=threshold)
    total_hidden = total_published and (0, len(parts)) in hidden
    return PartitionSuppression({c for _r, c in hidden if c < len(parts)}, total_hidden)


def add_totals(matrix: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    """The matrix with a row-total column appended and a column-total row below."""
    rows = _rectangular(matrix)
    with_row_totals = [(*row, sum(row)) for row in rows]
    width = len(with_row_totals[0])
    totals_row = tuple(sum(row[j] for row in with_row_totals) for j in range(width))
    return (*with_row_totals, totals_row)


def crosstab_grid(matrix: Sequence[Sequence[int]], *, with_totals: bool = True) -> Grid:
    """A crosstab as a grid.

    with_totals=True: the extended matrix (totals as last row and column), every row and
    column of it a relation (the row totals add up to the grand total, and so on).
    with_totals=False: the matrix alone, its margins taken as published elsewhere (they
    usually are, in the one-way tables of the same report), so complements come from the
    inside. If the margins are really published nowhere, use `suppress(matrix, [])`.
    """
    rows = _rectangular(matrix)
    if with_totals:
        return Grid(add_totals(rows), _extended_relations(len(rows), len(rows[0])))
    return Grid(rows, _outside_relations(len(rows), len(rows[0])))


def suppress_crosstab(
    matrix: Sequence[Sequence[int]], threshold: int = DEFAULT_THRESHOLD, with_totals: bool = True
) -> set[Coord]:
    """Cells to hide in a crosstab; coordinates in the extended matrix when with_totals."""
    return suppress_grid(crosstab_grid(matrix, with_totals=with_totals), threshold=threshold)


def _extended_relations(n_rows: int, n_cols: int) -> tuple[Relation, ...]:
    rows = tuple((tuple((r, c) for c in range(n_cols)), (r, n_cols)) for r in range(n_rows + 1))
    cols = tuple((tuple((r, c) for r in range(n_rows)), (n_rows, c)) for c in range(n_cols + 1))
    return rows + cols


def _outside_relations(n_rows: int, n_cols: int) -> tuple[Relation, ...]:
    rows = tuple((tuple((r, c) for c in range(n_cols)), None) for r in range(n_rows))
    cols = tuple((tuple((r, c) for r in range(n_rows)), None) for c in range(n_cols))
    return rows + cols


# --- checkers ---------------------------------------------------------------------------


def derivable_cells(matrix_with_totals: Sequence[Sequence[int]], suppressed: Iterable[Coord]) -> set[Coord]:
    """Hidden cells of a crosstab (totals as last row and column) a reader can compute.

    Independent of the suppression code: it writes the row and column equations itself,
    solves any equation with one unknown, substitutes the result and repeats.
    """
    table = _rectangular(matrix_with_totals)
    return _eliminate(table, _margin_equations(table), set(suppressed))


def grid_derivable_cells(grid: Grid, suppressed: Iterable[Coord]) -> set[Coord]:
    """Hidden cells of any grid a reader can compute by solving relations one at a time."""
    return _eliminate(grid.values, _grid_equations(grid), set(suppressed))


def determined_cells(grid: Grid, suppressed: Iterable[Coord]) -> set[Coord]:
    """Hidden cells fixed by some combination of the relations (exact linear algebra).

    Stronger than `grid_derivable_cells`: it also finds a cell given away only by adding and
    subtracting several relations. Bounds from counts being ≥ 0 are not considered.
    """
    unknowns = sorted(set(suppressed))
    index = {cell: i for i, cell in enumerate(unknowns)}
    matrix = []
    for coefficients, _ in _grid_equations(grid):
        row = [Fraction(0)] * len(unknowns)
        for cell, coefficient in coefficients.items():
            if cell in index:
                row[index[cell]] = Fraction(coefficient)
        matrix.append(row)
    return {unknowns[i] for i in _unit_rows(_reduced_row_echelon(matrix), len(unknowns))}


def _margin_equations(table: tuple[tuple[int, ...], ...]) -> list[Equation]:
    last_row, last_col = len(table) - 1, len(table[0]) - 1
    equations: list[Equation] = []
    for r in range(last_row + 1):
        equation = {(r, c): 1 for c in range(last_col)} | {(r, last_col): -1}
        equations.append((equation, 0))
    for c in range(last_col + 1):
        equation = {(r, c): 1 for r in range(last_row)} | {(last_row, c): -1}
        equations.append((equation, 0))
    for coefficients, constant in equations:
        if sum(k * table[r][c] for (r, c), k in coefficients.items()) != constant:
            raise ValueError("the totals do not add up")
    return equations


def _grid_equations(grid: Grid) -> list[Equation]:
    equations: list[Equation] = []
    for cells, total in grid.sums:
        coefficients = dict.fromkeys(cells, 1)
        if total is None:  # published elsewhere: a known constant
            equations.append((coefficients, sum(grid.value(c) for c in cells)))
        else:
            equations.append((coefficients | {total: -1}, 0))
    return equations


def _eliminate(
    table: Sequence[Sequence[int]], equations: list[Equation], suppressed: set[Coord]
) -> set[Coord]:
    known = {
        (r, c): Fraction(v)
        for r, row in enumerate(table)
        for c, v in enumerate(row)
        if (r, c) not in suppressed
    }
    solved: set[Coord] = set()
    progress = True
    while progress:
        progress = False
        for coefficients, constant in equations:
            unknown = [cell for cell in coefficients if cell not in known]
            if len(unknown) == 1:
                (cell,) = unknown
                rest = sum((k * known[c] for c, k in coefficients.items() if c != cell), Fraction(0))
                known[cell] = (constant - rest) / coefficients[cell]
                solved.add(cell)
                progress = True
    return solved


def _reduced_row_echelon(matrix: list[list[Fraction]]) -> list[list[Fraction]]:
    rows = [row[:] for row in matrix]
    width = len(rows[0]) if rows else 0
    pivot_row = 0
    for col in range(width):
        pivot = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[pivot_row], rows[pivot] = rows[pivot], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [x / lead for x in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [x - factor * p for x, p in zip(rows[r], rows[pivot_row], strict=True)]
        pivot_row += 1
    return rows[:pivot_row]


def _unit_rows(rows: list[list[Fraction]], width: int) -> Iterator[int]:
    """Columns u such that some row is the unit vector e_u: x_u is fixed by the relations."""
    for row in rows:
        nonzero = [i for i in range(width) if row[i] != 0]
        if len(nonzero) == 1:
            yield nonzero[0]


# --- validation -------------------------------------------------------------------------


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be an integer ≥ 1, not {threshold!r}")


def _check_count(value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a count must be an integer ≥ 0, not {value!r}")


def _rectangular(matrix: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    rows = tuple(tuple(row) for row in matrix)
    if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("a crosstab needs at least one row and column, all rows of the same length")
    for row in rows:
        for value in row:
            _check_count(value)
    return rows


def _coord_or_none(cell: Sequence[int] | None) -> Coord | None:
    return None if cell is None else (cell[0], cell[1])
