"""The in-memory analytic view: decrypted answers as compact columns.

Each choice of a select question (select_one and select_multiple alike) is a bitset over
the rows (a Python int; bit i is row i), so a count is `(bits & mask).bit_count()`.
Numbers are arrays of floats (NaN when unanswered), dates arrays of day ordinals (0 when
unanswered). The view lives only in memory, is built after unseal and dropped on seal.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kua.forms.spec import FormSpec

NUMERIC = frozenset({"integer", "decimal"})


@dataclass
class Row:
    """One interview's clear metadata and decrypted answers."""

    documenter_id: int
    answers: dict[str, Any]
    client_code: str | None
    id: int = 0  # the interview's database id


@dataclass
class AnalyticView:
    choice_fields: dict[str, tuple[str, ...]]
    numeric_fields: tuple[str, ...]
    date_fields: tuple[str, ...]
    multiple: frozenset[str] = frozenset()  # the select_multiple fields
    size: int = 0
    max_id: int = 0  # the largest interview id in the view
    bits: dict[str, dict[str, int]] = field(default_factory=dict)
    numbers: dict[str, array[float]] = field(default_factory=dict)
    dates: dict[str, array[int]] = field(default_factory=dict)
    documenters: array[int] = field(default_factory=lambda: array("q"))
    ids: array[int] = field(default_factory=lambda: array("q"))  # row -> interview id
    client_codes: list[str | None] = field(default_factory=list)
    live: int = 0  # rows not erased
    # Narratives the respondent allowed to be quoted: (row, text, pseudonym, age).
    quotes: list[tuple[int, str, str, int | None]] = field(default_factory=list)

    def mask(self, field_name: str, code: str) -> int:
        return self.bits.get(field_name, {}).get(code, 0)

    @property
    def counted(self) -> int:
        """Rows that may be counted: consent_statistics = yes, not erased."""
        return self.mask("consent_statistics", "yes") & self.live

    def append(self, row: Row) -> None:
        """Add one row (after a web entry while unsealed)."""
        index = self.size
        self.size += 1
        self.max_id = max(self.max_id, row.id)
        self.live |= 1 << index
        self.documenters.append(row.documenter_id)
        self.ids.append(row.id)
        self.client_codes.append(row.client_code)
        _keep_quote(self, index, row.answers)
        for name in self.choice_fields:
            for code in _codes(row.answers.get(name)):
                if code in self.bits[name]:
                    self.bits[name][code] |= 1 << index
        for name in self.numeric_fields:
            self.numbers[name].append(_number(row.answers.get(name)))
        for name in self.date_fields:
            self.dates[name].append(_ordinal(row.answers.get(name)))


def _keep_quote(view: AnalyticView, index: int, answers: dict[str, Any]) -> None:
    """Consent is enforced here: only quotable narratives enter the view's quotes."""
    if answers.get("consent_anonymous_use") != "yes" or answers.get("quote_allowed") != "yes":
        return
    text = str(answers.get("narrative") or "").strip()
    if text:
        age = answers.get("age")
        view.quotes.append(
            (index, text, str(answers.get("quote_pseudonym") or ""), int(age) if age else None)
        )


def _codes(value: Any) -> list[str]:
    if value is None:
        return []
    return value if isinstance(value, list) else [str(value)]


def _number(value: Any) -> float:
    try:
        return float(value) if value is not None else math.nan
    except (TypeError, ValueError):
        return math.nan


def _ordinal(value: Any) -> int:
    import datetime

    try:
        return datetime.date.fromisoformat(str(value)).toordinal() if value else 0
    except ValueError:
        return 0


def empty_view(spec: FormSpec) -> AnalyticView:
    choice_fields = {
        f.name: f.choice_names() for f in spec.fields if f.kind in ("select_one", "select_multiple")
    }
    view = AnalyticView(
        choice_fields=choice_fields,
        multiple=frozenset(f.name for f in spec.fields if f.kind == "select_multiple"),
        numeric_fields=tuple(f.name for f in spec.fields if f.kind in NUMERIC),
        date_fields=tuple(f.name for f in spec.fields if f.kind == "date"),
    )
    view.bits = {name: dict.fromkeys(codes, 0) for name, codes in choice_fields.items()}
    view.numbers = {name: array("d") for name in view.numeric_fields}
    view.dates = {name: array("l") for name in view.date_fields}
    return view


def build_view(spec: FormSpec, rows: Iterable[Row]) -> AnalyticView:
    """Build from all rows at once: bits are gathered in bytearrays, then made ints."""
    view = empty_view(spec)
    gathered: dict[str, dict[str, bytearray]] = {
        name: {code: bytearray() for code in codes} for name, codes in view.choice_fields.items()
    }
    index = 0
    for index, row in enumerate(rows):
        view.documenters.append(row.documenter_id)
        view.ids.append(row.id)
        view.client_codes.append(row.client_code)
        view.max_id = max(view.max_id, row.id)
        _keep_quote(view, index, row.answers)
        _gather(view, gathered, index, row.answers)
    view.size = len(view.documenters)
    view.live = (1 << view.size) - 1
    for name, per_code in gathered.items():
        for code, raw in per_code.items():
            view.bits[name][code] = int.from_bytes(raw, "little")
    return view


def _gather(
    view: AnalyticView, gathered: dict[str, dict[str, bytearray]], index: int, answers: dict[str, Any]
) -> None:
    byte, bit = index >> 3, 1 << (index & 7)
    for name, value in answers.items():
        per_code = gathered.get(name)
        if per_code is None:
            continue
        for code in value if isinstance(value, list) else (value,):
            raw = per_code.get(code)
            if raw is not None:
                if len(raw) <= byte:
                    raw.extend(bytes(byte + 1 - len(raw)))
                raw[byte] |= bit
    for name in view.numeric_fields:
        view.numbers[name].append(_number(answers.get(name)))
    for name in view.date_fields:
        view.dates[name].append(_ordinal(answers.get(name)))
