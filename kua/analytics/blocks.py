"""The sealed column block: many interviews' answers as columns, in one encrypted blob.

Layout of the plaintext (compressed with zlib, then encrypted under a data key sealed to the
organisation's public key, so a sealed server writes blocks too):

    MAGIC | u32 header length | header (JSON) | sections

The header names the organisation, the import batch, the form version, the block's own id,
the number of rows (a multiple of 8, so blocks concatenate byte by byte) and the column
directory (field name, kind, choice codes). Every section's size follows from the header, so a
block whose sizes do not add up is refused. Never pickle: anyone with the public key can
write a block, so reading one must not run anything.

Sections, in order: record uuids (16 bytes per row), live rows (bitmap), documenter ids
(int64), client-code presence (bitmap), client codes (10 bytes), then per field: one bitmap
per choice code (select_one and select_multiple), float64 for numbers, int32 day ordinals
for dates; last, the quotable narratives as JSON.
"""

from __future__ import annotations

import json
import math
import struct
import sys
import uuid
import zlib
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kua.analytics.bitsets import set_rows
from kua.analytics.cells import as_number, as_ordinal

if TYPE_CHECKING:  # a type only: the models import this module at start-up, the spec is not needed
    from kua.questionnaires.spec import FormSpec

MAGIC = b"KUABLK\x00\x01"
FORMAT = 1
CHOICE_KINDS = frozenset({"select_one", "select_multiple"})
NUMBER_KINDS = frozenset({"integer", "decimal"})
COLUMN_KINDS = CHOICE_KINDS | NUMBER_KINDS | {"date"}
CODE_BYTES = 10  # a client code is 20 hex digits
MAX_ROWS = 1 << 26
_LITTLE = sys.byteorder == "little"


class BlockInvalid(Exception):
    """A block that does not open or whose header does not match where it is stored."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    codes: tuple[str, ...] = ()

    def size(self, rows: int) -> int:
        if self.kind in CHOICE_KINDS:
            return len(self.codes) * (rows // 8)
        return rows * (8 if self.kind in NUMBER_KINDS else 4)


@dataclass(frozen=True)
class Identity:
    """Where a block belongs; bound into the encryption and checked against the header."""

    organisation: int
    batch: int | None
    form_version: int
    block: uuid.UUID

    def associated_data(self) -> bytes:
        batch = "-" if self.batch is None else str(self.batch)
        text = f"kua-block:{FORMAT}:{self.organisation}:{batch}:{self.form_version}:{self.block.hex}"
        return text.encode("ascii")


def columns_of(spec: FormSpec) -> tuple[Column, ...]:
    """The form's questions that become columns, in the form's order."""
    return tuple(
        Column(f.name, f.kind, f.choice_names() if f.kind in CHOICE_KINDS else ())
        for f in spec.fields
        if f.kind in COLUMN_KINDS
    )


def _native(values: array[Any]) -> bytes:
    if not _LITTLE:
        values = array(values.typecode, values)
        values.byteswap()
    return values.tobytes()


def _from(typecode: str, data: bytes) -> array[Any]:
    values = array(typecode)
    values.frombytes(data)
    if not _LITTLE:
        values.byteswap()
    return values


def _set(bitmap: bytearray, index: int) -> None:
    bitmap[index >> 3] |= 1 << (index & 7)


def quote_of(answers: Mapping[str, Any]) -> tuple[str, str, int | None] | None:
    """Consent is enforced here: only narratives the respondent allowed to be quoted."""
    if answers.get("consent_anonymous_use") != "yes" or answers.get("quote_allowed") != "yes":
        return None
    text = str(answers.get("narrative") or "").strip()
    if not text:
        return None
    age = answers.get("age")
    try:
        years = int(age) if age not in (None, "") else None
    except (TypeError, ValueError):
        years = None
    return text, str(answers.get("quote_pseudonym") or ""), years


@dataclass
class Builder:
    """Gathers rows into columns; `encode` pads to a multiple of 8 rows."""

    columns: tuple[Column, ...]
    rows: int = 0
    records: bytearray = field(default_factory=bytearray)
    documenters: array[int] = field(default_factory=lambda: array("q"))
    code_bits: bytearray = field(default_factory=bytearray)
    codes: bytearray = field(default_factory=bytearray)
    bits: dict[str, dict[str, bytearray]] = field(default_factory=dict)
    numbers: dict[str, array[float]] = field(default_factory=dict)
    dates: dict[str, array[int]] = field(default_factory=dict)
    quotes: list[list[Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for column in self.columns:
            if column.kind in CHOICE_KINDS:
                self.bits[column.name] = {code: bytearray() for code in column.codes}
            elif column.kind in NUMBER_KINDS:
                self.numbers[column.name] = array("d")
            else:
                self.dates[column.name] = array("i")

    def add(
        self, record: uuid.UUID, documenter_id: int, answers: Mapping[str, Any], code: str | None
    ) -> None:
        index = self.rows
        self.rows += 1
        if index % 8 == 0:
            self._grow()
        self.records += record.bytes
        self.documenters.append(documenter_id)
        raw_code = _code_bytes(code)
        self.codes += raw_code or bytes(CODE_BYTES)
        if raw_code:
            _set(self.code_bits, index)
        for name, per_code in self.bits.items():
            value = answers.get(name)
            if value is None:
                continue
            for choice in value if isinstance(value, list) else (value,):
                bitmap = per_code.get(choice)
                if bitmap is not None:
                    _set(bitmap, index)
        for name, numbers in self.numbers.items():
            numbers.append(as_number(answers.get(name)))
        for name, days in self.dates.items():
            days.append(as_ordinal(answers.get(name)))
        quote = quote_of(answers)
        if quote is not None:
            self.quotes.append([index, *quote])

    def _grow(self) -> None:
        self.code_bits.append(0)
        for per_code in self.bits.values():
            for bitmap in per_code.values():
                bitmap.append(0)

    def parts(self) -> Parts:
        """The gathered rows as block sections, padded to a multiple of 8 rows."""
        padded = -(-self.rows // 8) * 8
        extra = padded - self.rows
        nan = _native(array("d", [math.nan]) * extra)
        columns: list[bytes] = []
        for column in self.columns:
            if column.kind in CHOICE_KINDS:
                columns.extend(bytes(self.bits[column.name][code]) for code in column.codes)
            elif column.kind in NUMBER_KINDS:
                columns.append(_native(self.numbers[column.name]) + nan)
            else:
                columns.append(_native(self.dates[column.name]) + bytes(4 * extra))
        return Parts(
            rows=padded,
            columns=self.columns,
            records=bytes(self.records) + bytes(16 * extra),
            live=((1 << self.rows) - 1).to_bytes(padded // 8, "little"),
            documenters=_native(self.documenters) + bytes(8 * extra),
            code_bits=bytes(self.code_bits),
            codes=bytes(self.codes) + bytes(CODE_BYTES * extra),
            sections=columns,
            quotes=[(q[0], q[1], q[2], q[3]) for q in self.quotes],
        )

    def encode(self, identity: Identity) -> bytes:
        return self.parts().encode(identity)


@dataclass
class Parts:
    """A block's sections as bytes, ready to be packed (or merged, or cleared of records)."""

    rows: int
    columns: tuple[Column, ...]
    records: bytes
    live: bytes
    documenters: bytes
    code_bits: bytes
    codes: bytes
    sections: list[bytes]  # per column: one bitmap per code, or the values
    # Decoded only when asked for (`quote_list`): only reports read them.
    quotes: list[tuple[int, str, str, int | None]] | None
    quotes_raw: bytes = field(default=b"", compare=False, repr=False)

    def quote_list(self) -> list[tuple[int, str, str, int | None]]:
        """The quotable narratives (row, text, pseudonym, age); BlockInvalid if malformed."""
        if self.quotes is None:
            self.quotes = _quotes(self.quotes_raw, self.rows)
        return self.quotes

    def encode(self, identity: Identity) -> bytes:
        """The block's plaintext (compressed): encrypt it before it leaves memory."""
        if self.quotes is None:
            quotes = self.quotes_raw
        else:
            quotes = json.dumps(self.quotes, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = {
            "format": FORMAT,
            "organisation": identity.organisation,
            "batch": identity.batch,
            "form_version": identity.form_version,
            "block": identity.block.hex,
            "rows": self.rows,
            "columns": [[c.name, c.kind, list(c.codes)] for c in self.columns],
            "quotes": len(quotes),
        }
        head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        fixed = [self.records, self.live, self.documenters, self.code_bits, self.codes]
        body = b"".join([MAGIC, struct.pack("<I", len(head)), head, *fixed, *self.sections, quotes])
        return zlib.compress(body, 1)


def _code_bytes(code: str | None) -> bytes | None:
    if not code or len(code) != 2 * CODE_BYTES:
        return None
    try:
        return bytes.fromhex(code)
    except ValueError:
        return None


@dataclass
class Block:
    """A block opened and checked."""

    identity: Identity
    parts: Parts

    @property
    def rows(self) -> int:
        return self.parts.rows

    def sections(self) -> dict[tuple[str, str], bytes]:
        """Every column's bytes: (name, code) for a choice bitmap, (name, "") for values."""
        found: dict[tuple[str, str], bytes] = {}
        position = 0
        for column in self.parts.columns:
            for code in column.codes if column.kind in CHOICE_KINDS else ("",):
                found[column.name, code] = self.parts.sections[position]
                position += 1
        return found

    def live_records(self) -> Iterator[tuple[int, bytes]]:
        """(row, record uuid bytes) of the rows that are live in the block."""
        records = self.parts.records
        for row in set_rows(self.parts.live):
            yield row, records[16 * row : 16 * row + 16]

    def client_code(self, row: int) -> str | None:
        if not (self.parts.code_bits[row >> 3] >> (row & 7)) & 1:
            return None
        return self.parts.codes[CODE_BYTES * row : CODE_BYTES * (row + 1)].hex()

    def documenters(self) -> array[int]:
        return _from("q", self.parts.documenters)


def decode(raw: bytes, expected: Identity) -> Block:
    """Decompress and check a decrypted block; BlockInvalid if anything does not fit."""
    try:
        body = zlib.decompress(raw)
    except zlib.error:
        raise BlockInvalid("the block does not decompress") from None
    if body[:8] != MAGIC or len(body) < 12:
        raise BlockInvalid("not a column block (magic)")
    (length,) = struct.unpack("<I", body[8:12])
    try:
        header = json.loads(body[12 : 12 + length])
    except (ValueError, UnicodeDecodeError):
        raise BlockInvalid("the block header is not JSON") from None
    rows, columns, quotes_length = _check_header(header, expected)
    sizes = [16 * rows, rows // 8, 8 * rows, rows // 8, CODE_BYTES * rows]
    for column in columns:
        sizes.extend([rows // 8] * len(column.codes) if column.kind in CHOICE_KINDS else [column.size(rows)])
    offset = 12 + length
    if offset + sum(sizes) + quotes_length != len(body):
        raise BlockInvalid("the block's sections do not match its header")
    chunks = []
    for size in sizes:
        chunks.append(body[offset : offset + size])
        offset += size
    records, live, documenters, code_bits, codes = chunks[:5]
    parts = Parts(
        rows, columns, records, live, documenters, code_bits, codes, chunks[5:], None, body[offset:]
    )
    return Block(expected, parts)


def _check_header(header: Any, expected: Identity) -> tuple[int, tuple[Column, ...], int]:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BlockInvalid("unknown block format")
    claimed = (
        header.get("organisation"),
        header.get("batch"),
        header.get("form_version"),
        header.get("block"),
    )
    wanted = (expected.organisation, expected.batch, expected.form_version, expected.block.hex)
    if claimed != wanted:
        raise BlockInvalid("the block's header names another organisation, batch, form version or block")
    rows, quotes_length = header.get("rows"), header.get("quotes")
    if not isinstance(rows, int) or isinstance(rows, bool) or not 0 < rows <= MAX_ROWS or rows % 8:
        raise BlockInvalid("the block's row count is not valid")
    if not isinstance(quotes_length, int) or quotes_length < 0:
        raise BlockInvalid("the block's quotes length is not valid")
    return rows, _columns(header.get("columns")), quotes_length


def _columns(directory: Any) -> tuple[Column, ...]:
    if not isinstance(directory, list):
        raise BlockInvalid("the block's column directory is not valid")
    columns: list[Column] = []
    names: set[str] = set()
    for entry in directory:
        if not (isinstance(entry, list) and len(entry) == 3):
            raise BlockInvalid("the block's column directory is not valid")
        name, kind, codes = entry
        good_codes = isinstance(codes, list) and all(isinstance(c, str) for c in codes)
        if not (isinstance(name, str) and kind in COLUMN_KINDS and good_codes) or name in names:
            raise BlockInvalid("the block's column directory is not valid")
        if len(set(codes)) != len(codes) or (codes and kind not in CHOICE_KINDS):
            raise BlockInvalid("the block's column directory is not valid")
        names.add(name)
        columns.append(Column(name, kind, tuple(codes)))
    return tuple(columns)


def _quotes(raw: bytes, rows: int) -> list[tuple[int, str, str, int | None]]:
    try:
        items = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BlockInvalid("the block's quotes are not valid") from None
    quotes: list[tuple[int, str, str, int | None]] = []
    for item in items if isinstance(items, list) else [None]:
        if not (isinstance(item, list) and len(item) == 4):
            raise BlockInvalid("the block's quotes are not valid")
        row, text, pseudonym, age = item
        if not (isinstance(row, int) and 0 <= row < rows and isinstance(text, str)
                and isinstance(pseudonym, str) and (age is None or isinstance(age, int))):  # fmt: skip
            raise BlockInvalid("the block's quotes are not valid")
        quotes.append((row, text, pseudonym, age))
    return quotes


def values_of(data: bytes, kind: str) -> array[Any]:
    """A number or date section as an array."""
    return _from("d" if kind in NUMBER_KINDS else "i", data)


def merge(blocks: list[Block]) -> Parts:
    """Blocks of one form version, one after the other (rows stay multiples of 8)."""
    return merge_parts([block.parts for block in blocks])


def merge_parts(all_parts: list[Parts]) -> Parts:
    columns = all_parts[0].columns
    if any(p.columns != columns for p in all_parts):
        raise ValueError("only blocks with the same columns merge")
    quotes: list[tuple[int, str, str, int | None]] = []
    offset = 0
    for parts in all_parts:
        quotes.extend((offset + row, text, name, age) for row, text, name, age in parts.quote_list())
        offset += parts.rows
    count = len(all_parts[0].sections)
    return Parts(
        rows=offset,
        columns=columns,
        records=b"".join(p.records for p in all_parts),
        live=b"".join(p.live for p in all_parts),
        documenters=b"".join(p.documenters for p in all_parts),
        code_bits=b"".join(p.code_bits for p in all_parts),
        codes=b"".join(p.codes for p in all_parts),
        sections=[b"".join(p.sections[i] for p in all_parts) for i in range(count)],
        quotes=quotes,
    )


def without(block: Block, rows: set[int]) -> Parts:
    """The block with these rows cleared: every byte of their answers zeroed, not just masked."""
    parts = block.parts
    keep = ~sum(1 << row for row in rows)
    size = parts.rows // 8

    def clear_bits(bitmap: bytes) -> bytes:
        return (int.from_bytes(bitmap, "little") & keep & ((1 << parts.rows) - 1)).to_bytes(size, "little")

    def clear_fixed(data: bytes, width: int, filler: bytes) -> bytes:
        out = bytearray(data)
        for row in rows:
            out[width * row : width * (row + 1)] = filler
        return bytes(out)

    sections: list[bytes] = []
    position = 0
    for column in parts.columns:
        if column.kind in CHOICE_KINDS:
            for _code in column.codes:
                sections.append(clear_bits(parts.sections[position]))
                position += 1
        elif column.kind in NUMBER_KINDS:
            sections.append(clear_fixed(parts.sections[position], 8, _native(array("d", [math.nan]))))
            position += 1
        else:
            sections.append(clear_fixed(parts.sections[position], 4, bytes(4)))
            position += 1
    return Parts(
        rows=parts.rows,
        columns=parts.columns,
        records=clear_fixed(parts.records, 16, bytes(16)),
        live=clear_bits(parts.live),
        documenters=clear_fixed(parts.documenters, 8, bytes(8)),
        code_bits=clear_bits(parts.code_bits),
        codes=clear_fixed(parts.codes, CODE_BYTES, bytes(CODE_BYTES)),
        sections=sections,
        quotes=[q for q in parts.quote_list() if q[0] not in rows],
    )
