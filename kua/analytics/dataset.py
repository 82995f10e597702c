"""The in-memory analytic view: decrypted answers as compact columns.

Each choice of a select question (select_one and select_multiple alike) is a bitset over
the rows (a Python int; bit i is row i), so a count is `(bits & mask).bit_count()`.
Numbers are arrays of floats (NaN when unanswered), dates arrays of day ordinals (0 when
unanswered). The view lives only in memory, is built after unseal and dropped on seal.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kua.analytics.bitsets import flags
from kua.analytics.cells import as_number, as_ordinal
from kua.questionnaires.spec import FormSpec

CODE_BYTES = 10

NUMERIC = frozenset({"integer", "decimal"})


@dataclass
class Row:
    """One interview's clear metadata and decrypted answers."""

    documenter_id: int
    answers: dict[str, Any]
    client_code: str | None
    id: int = 0  # the interview's database id


@dataclass
class Dataset:
    choice_fields: dict[str, tuple[str, ...]]
    numeric_fields: tuple[str, ...]
    date_fields: tuple[str, ...]
    multiple: frozenset[str] = frozenset()  # the select_multiple fields
    size: int = 0
    bits: dict[str, dict[str, int]] = field(default_factory=dict)
    numbers: dict[str, array[float]] = field(default_factory=dict)
    dates: dict[str, array[int]] = field(default_factory=dict)
    documenters: array[int] = field(default_factory=lambda: array("q"))
    # Client codes, 10 bytes per row, and which rows have one (read with `client_code`).
    codes: bytearray = field(default_factory=bytearray)
    code_rows: int = 0
    _ids: array[int] = field(default_factory=lambda: array("q"))  # row -> interview id
    # A view made of blocks looks its interview ids up when they are first read (the list).
    ids_source: Callable[[], array[int]] | None = None
    # The blocks' record ids, 16 bytes per row; rows appended later (web entries) are not in it.
    records: bytes = b""
    _client_codes: list[str | None] | None = None
    live: int = 0  # rows not erased
    # Narratives the respondent allowed to be quoted: (row, text, pseudonym, age).
    _quotes: list[tuple[int, str, str, int | None]] = field(default_factory=list)
    # Quotes of blocks, decoded at the first reading of `quotes` (only reports read them).
    quote_sources: list[Callable[[], list[tuple[int, str, str, int | None]]]] = field(default_factory=list)
    # Figures other apps derive from these rows (the cases' statuses by row), kept while the rows
    # stay as they are: `append` clears them, and they go with the view when the key is dropped.
    derived: dict[object, Any] = field(default_factory=dict)

    @property
    def quotes(self) -> list[tuple[int, str, str, int | None]]:
        if self.quote_sources:
            sources, self.quote_sources = self.quote_sources, []
            self._quotes[:0] = [quote for source in sources for quote in source()]
        return self._quotes

    def mask(self, field_name: str, code: str) -> int:
        return self.bits.get(field_name, {}).get(code, 0)

    @property
    def counted(self) -> int:
        """Rows that may be counted: consent_statistics = yes, not erased."""
        return self.mask("consent_statistics", "yes") & self.live

    @property
    def ids(self) -> array[int]:
        if self.ids_source is not None:
            source, self.ids_source = self.ids_source, None
            appended, self._ids = self._ids, source()
            self._ids.extend(appended)
        return self._ids

    @property
    def client_codes(self) -> list[str | None]:
        """Every row's client code (made once, linearly, when first read)."""
        if self._client_codes is None or len(self._client_codes) != self.size:
            present = flags(self.code_rows, self.size)
            codes = bytes(self.codes)
            self._client_codes = [
                codes[CODE_BYTES * i : CODE_BYTES * (i + 1)].hex() if present[i] else None
                for i in range(self.size)
            ]
        return self._client_codes

    def client_code(self, index: int) -> str | None:
        return self.client_codes[index]  # a bit test on code_rows per call would copy it each time

    def append(self, row: Row) -> None:
        """Add one row (after a web entry while unsealed)."""
        index = self.size
        self.size += 1
        self.derived.clear()
        self.live |= 1 << index
        self.documenters.append(row.documenter_id)
        self._ids.append(row.id)
        self._append_code(index, row.client_code)
        _keep_quote(self, index, row.answers)
        for name in self.choice_fields:
            for code in _codes(row.answers.get(name)):
                if code in self.bits[name]:
                    self.bits[name][code] |= 1 << index
        for name in self.numeric_fields:
            self.numbers[name].append(as_number(row.answers.get(name)))
        for name in self.date_fields:
            self.dates[name].append(as_ordinal(row.answers.get(name)))

    def _append_code(self, index: int, code: str | None) -> None:
        try:
            raw = bytes.fromhex(code) if code else b""
        except ValueError:
            raw = b""
        if len(raw) == CODE_BYTES:
            self.codes += raw
            self.code_rows |= 1 << index
        else:
            self.codes += bytes(CODE_BYTES)


def _keep_quote(view: Dataset, index: int, answers: dict[str, Any]) -> None:
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


def empty_view(spec: FormSpec) -> Dataset:
    choice_fields = {
        f.name: f.choice_names() for f in spec.fields if f.kind in ("select_one", "select_multiple")
    }
    view = Dataset(
        choice_fields=choice_fields,
        multiple=frozenset(f.name for f in spec.fields if f.kind == "select_multiple"),
        numeric_fields=tuple(f.name for f in spec.fields if f.kind in NUMERIC),
        date_fields=tuple(f.name for f in spec.fields if f.kind == "date"),
    )
    view.bits = {name: dict.fromkeys(codes, 0) for name, codes in choice_fields.items()}
    view.numbers = {name: array("d") for name in view.numeric_fields}
    view.dates = {name: array("i") for name in view.date_fields}
    return view


def build_view(spec: FormSpec, rows: Iterable[Row]) -> Dataset:
    """Build from all rows at once: bits are gathered in bytearrays, then made ints."""
    view = empty_view(spec)
    gathered: dict[str, dict[str, bytearray]] = {
        name: {code: bytearray() for code in codes} for name, codes in view.choice_fields.items()
    }
    index = 0
    for index, row in enumerate(rows):
        view.documenters.append(row.documenter_id)
        view._ids.append(row.id)
        view._append_code(index, row.client_code)
        _keep_quote(view, index, row.answers)
        _gather(view, gathered, index, row.answers)
    view.size = len(view.documenters)
    view.live = (1 << view.size) - 1
    for name, per_code in gathered.items():
        for code, raw in per_code.items():
            view.bits[name][code] = int.from_bytes(raw, "little")
    return view


def _gather(
    view: Dataset, gathered: dict[str, dict[str, bytearray]], index: int, answers: dict[str, Any]
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
        view.numbers[name].append(as_number(answers.get(name)))
    for name in view.date_fields:
        view.dates[name].append(as_ordinal(answers.get(name)))
