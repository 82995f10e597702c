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
    """`live[i]` is block i's bitmap of rows that count (erased or withdrawn rows cleared)."""
    schema = _schema(blocks)
    choice = {name: c.codes for name, c in schema.items() if c.kind in CHOICE_KINDS}
    view = Dataset(
        choice_fields=choice,
        numeric_fields=tuple(name for name, c in schema.items() if c.kind in NUMBER_KINDS),
        date_fields=tuple(name for name, c in schema.items() if c.kind == "date"),
        multiple=frozenset(name for name, c in schema.items() if c.kind == "select_multiple"),
    )
    sections = [block.sections() for block in blocks]
    view.size = sum(block.rows for block in blocks)
    view.live = int.from_bytes(b"".join(live), "little")
    for name, codes in choice.items():
        view.bits[name] = {
            code: int.from_bytes(
                b"".join(
                    s.get((name, code)) or bytes(b.rows // 8) for b, s in zip(blocks, sections, strict=True)
                ),
                "little",
            )
            for code in codes
        }
    for name in view.numeric_fields:
        view.numbers[name] = _values(blocks, sections, name, "d")
    for name in view.date_fields:
        view.dates[name] = _values(blocks, sections, name, "i")
    view.documenters = array("q")
    for block in blocks:
        view.documenters.extend(block.documenters())
    view.codes = bytearray(b"".join(block.parts.codes for block in blocks))
    view.code_rows = int.from_bytes(b"".join(block.parts.code_bits for block in blocks), "little")
    offset = 0
    for block, block_live in zip(blocks, live, strict=True):
        view.quote_sources.append(partial(_quotes, _quotes_only(block), block_live, offset))
        offset += block.rows
    return view


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


def _values(
    blocks: list[Block], sections: list[dict[tuple[str, str], bytes]], name: str, code: str
) -> array[Any]:
    values: array[Any] = array(code)
    filler: array[Any] = array(code, [math.nan if code == "d" else 0])
    kind = "integer" if code == "d" else "date"
    kinds = NUMBER_KINDS if code == "d" else frozenset({"date"})
    for block, found in zip(blocks, sections, strict=True):
        data = found.get((name, ""))
        column = next((c for c in block.parts.columns if c.name == name), None)
        if data is not None and column is not None and column.kind in kinds:
            values.extend(values_of(data, kind))
        else:
            values.extend(filler * block.rows)
    return values
