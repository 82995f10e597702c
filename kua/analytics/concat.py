"""The analytic view as the concatenation of column blocks: byte joins, no per-row work.

Every block has a multiple of 8 rows, so a code's bitmap over the view is its blocks'
bitmaps joined. Form versions live side by side: a question missing from a version's
blocks is simply unanswered (no bit, NaN, no date) for their rows.
"""

from __future__ import annotations

import logging
import math
from array import array
from dataclasses import replace
from functools import partial
from typing import Any

from kua.analytics.bitsets import flags
from kua.analytics.blocks import CHOICE_KINDS, NUMBER_KINDS, Block, BlockInvalid, Column, values_of
from kua.analytics.dataset import Dataset

log = logging.getLogger("kua.analytics")


def _schema(blocks: list[Block]) -> dict[str, Column]:
    """Every question of every block; the newest form version decides the order of codes."""
    merged: dict[str, Column] = {}
    for block in sorted(blocks, key=lambda b: -b.identity.form_version):
        for column in block.parts.columns:
            known = merged.get(column.name)
            if known is None:
                merged[column.name] = column
                continue
            codes = known.codes + tuple(c for c in column.codes if c not in known.codes)
            kind = "select_multiple" if "select_multiple" in (known.kind, column.kind) else known.kind
            merged[column.name] = Column(column.name, kind, codes)
    return merged


def view_of(blocks: list[Block], live: list[bytes]) -> Dataset:
    """`live[i]` is block i's bitmap of rows that count (erased or withdrawn rows cleared).

    The list is consumed: each block's sections are folded into the view and let go (the
    list keeps only what its quotes need), so a million rows are never held twice."""
    schema = _schema(blocks)
    choice = {name: c.codes for name, c in schema.items() if c.kind in CHOICE_KINDS}
    view = Dataset(
        choice_fields=choice,
        numeric_fields=tuple(name for name, c in schema.items() if c.kind in NUMBER_KINDS),
        date_fields=tuple(name for name, c in schema.items() if c.kind == "date"),
        multiple=frozenset(name for name, c in schema.items() if c.kind == "select_multiple"),
    )
    view.size = sum(block.rows for block in blocks)
    view.live = int.from_bytes(b"".join(live), "little")
    folded = _Folded(choice, view.numeric_fields, view.date_fields)
    offset = 0
    for index, (block, block_live) in enumerate(zip(blocks, live, strict=True)):
        folded.add(block)
        blocks[index] = _quotes_only(block)
        view.quote_sources.append(partial(_quotes, blocks[index], block_live, offset))
        offset += block.rows
    folded.into(view)
    return view


class _Folded:
    """The view's columns as they grow, a block at a time."""

    def __init__(
        self, choice: dict[str, tuple[str, ...]], numbers: tuple[str, ...], dates: tuple[str, ...]
    ) -> None:
        self.bits = {(name, code): bytearray() for name, codes in choice.items() for code in codes}
        self.numbers: dict[str, array[float]] = {name: array("d") for name in numbers}
        self.dates: dict[str, array[int]] = {name: array("i") for name in dates}
        self.documenters: array[int] = array("q")
        self.codes, self.code_bits, self.records = bytearray(), bytearray(), bytearray()

    def add(self, block: Block) -> None:
        sections, parts = block.sections(), block.parts
        for key, bits in self.bits.items():
            bits += sections.get(key) or bytes(block.rows // 8)
        for name, values in self.numbers.items():
            values.extend(_values(block, sections, name, "d"))
        for name, days in self.dates.items():
            days.extend(_values(block, sections, name, "i"))
        self.documenters.extend(block.documenters())
        self.codes += parts.codes
        self.code_bits += parts.code_bits
        self.records += parts.records

    def into(self, view: Dataset) -> None:
        for (name, code), bits in self.bits.items():
            view.bits.setdefault(name, {})[code] = int.from_bytes(bits, "little")
            bits.clear()
        view.numbers, view.dates, view.documenters = self.numbers, self.dates, self.documenters
        view.codes = self.codes
        view.code_rows = int.from_bytes(self.code_bits, "little")
        view.records = bytes(self.records)


def _quotes_only(block: Block) -> Block:
    """The block as its quotes need it: the view keeps its quotes until a report reads them,
    not its other sections (at a million rows they would double the memory a view holds)."""
    empty = b""
    parts = replace(
        block.parts, records=empty, live=empty, documenters=empty, code_bits=empty, codes=empty, sections=[]
    )
    return Block(block.identity, parts)


def _quotes(block: Block, live: bytes, offset: int) -> list[tuple[int, str, str, int | None]]:
    alive = flags(int.from_bytes(live, "little"), block.rows)
    try:
        quotes = block.parts.quote_list()
    except BlockInvalid as refused:
        log.warning("the quotes of column block %s are refused: %s", block.identity.block, refused)
        return []
    return [(offset + row, text, name, age) for row, text, name, age in quotes if alive[row]]


def _values(block: Block, sections: dict[tuple[str, str], bytes], name: str, code: str) -> array[Any]:
    """One block's values of a number or date question (NaN or 0 where it has none)."""
    data = sections.get((name, ""))
    column = next((c for c in block.parts.columns if c.name == name), None)
    kinds = NUMBER_KINDS if code == "d" else frozenset({"date"})
    if data is not None and column is not None and column.kind in kinds:
        return values_of(data, "integer" if code == "d" else "date")
    return array(code, [math.nan if code == "d" else 0]) * block.rows
