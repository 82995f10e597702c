"""Numbers into cells, per edition: exact (internal) or with small cells hidden (public)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kua.documents.data import Cell
from kua.localformat import format_amount, group_thousands
from kua.reports.counting import suppression

COMPLEMENT = "x"


@dataclass(frozen=True)
class CellMaker:
    language: str
    public: bool
    threshold: int

    @property
    def hidden(self) -> str:
        return f"<{self.threshold}"

    def number(self, value: int | float | None, *, suppressed: bool = False) -> Cell:
        if suppressed:
            small = value is not None and 0 < value < self.threshold
            # "<5" only where the count really is small; a cell hidden to protect another is "x".
            return Cell(self.hidden if small else COMPLEMENT, None, True)
        if value is None:
            return Cell("—", None)
        if isinstance(value, float) and not value.is_integer():
            return Cell(self._decimal(value, 1), value)
        return Cell(self._thousands(int(value)), int(value))

    def percent(self, part: int, base: int, *, suppressed: bool = False) -> Cell:
        if suppressed:
            return Cell("—", None, True)
        if base == 0:
            return Cell("—", None)
        share = round(100 * part / base, 1)
        return Cell(self._decimal(share, 1) + "%", share)

    def _decimal(self, value: float, digits: int) -> str:
        text = f"{value:.{digits}f}"
        return text.replace(".", ",") if self.language in ("ru", "kk") else text

    def _thousands(self, value: int) -> str:
        return group_thousands(value)  # 40 000 in every language: a comma would read as a decimal in ru/kk

    def amount(self, value: float | None, *, suppressed: bool = False) -> Cell:
        """A sum of money: "40 000 ₸"."""
        if suppressed or value is None:
            return self.number(value, suppressed=suppressed)
        return Cell(format_amount(value, self.language), round(value))

    # Suppression decisions; the internal edition hides nothing.
    def hide_counts(self, counts: Sequence[int], base: int) -> set[int]:
        if not self.public:
            return set()
        return suppression.suppress_counts_with_base(counts, base, self.threshold)

    def hide_partition(self, parts: Sequence[int], total: int) -> tuple[set[int], bool]:
        if not self.public:
            return set(), False
        if not parts:
            return set(), 0 < total < self.threshold
        return suppression.suppress_partition(parts, total, self.threshold)

    def hide_crosstab(self, matrix: Sequence[Sequence[int]]) -> set[tuple[int, int]]:
        if not self.public or not matrix:
            return set()
        return suppression.suppress_crosstab(matrix, self.threshold)
