"""Linear helpers over row bitsets (bit i = row i).

`(mask >> i) & 1` in a loop over rows copies the whole int at every step: quadratic
(3.6 s at 400,000 rows). These walk the bits once."""

from __future__ import annotations

from collections.abc import Iterator

_TO_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


def flags(mask: int, size: int) -> bytes:
    """One byte per row, 1 where the bit is set (for itertools.compress)."""
    if mask <= 0:
        return bytes(size)
    text = format(mask, "b")[::-1].encode("ascii")[:size]
    return text.translate(_TO_FLAGS) + bytes(size - len(text))


def set_rows(bitmap: bytes) -> Iterator[int]:
    """The rows set in a little-endian bitmap, in order."""
    for index, byte in enumerate(bitmap):
        if byte:
            base = index << 3
            for bit in range(8):
                if byte >> bit & 1:
                    yield base + bit


def bits_at(mask: int, rows: list[int]) -> list[bool]:
    """Whether each of `rows` is set: one shift to the lowest row, then tests on a window as
    wide as the rows' span (a test per row on the whole int copies it every time)."""
    if not rows or mask <= 0:
        return [False] * len(rows)
    low = min(rows)
    window = mask >> low
    return [bool(window >> (row - low) & 1) for row in rows]


def mask_where(values: bytes, value: int) -> int:
    """The rows whose byte in `values` (one per row) equals `value`, as a mask (no loop in Python)."""
    table = bytearray(b"0" * 256)
    table[value] = ord("1")
    return int(values.translate(bytes(table))[::-1] or b"0", 2)
