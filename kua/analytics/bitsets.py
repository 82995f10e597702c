"""Linear helpers over row bitsets (bit i = row i).

`(mask >> i) & 1` in a loop over rows copies the whole int at every step: quadratic
(3.6 s at 400,000 rows). These walk the bits once."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from itertools import repeat

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


def interval_masks(values: Iterable[float], intervals: Sequence[tuple[float, float]]) -> list[int]:
    """For each closed interval (low, high), the rows whose value lies in it (NaN in none).

    The intervals are in order and do not overlap: a value's place among their bounds, found
    by `bisect` in C, is odd exactly when it lies in one, so no Python runs per row."""
    edges = [bound for low, high in intervals for bound in (low, math.nextafter(high, math.inf))]
    if edges != sorted(edges) or len(edges) > 255:
        raise ValueError("intervals must be in order, not overlap, and be fewer than 128")
    places = bytes(map(partial(bisect_right, edges), values))
    return [mask_where(places, 2 * i + 1) for i in range(len(intervals))]


def equal_mask(values: Iterable[int], value: int) -> int:
    """The rows that hold `value` (one documenter's, say), without a mask for every other value."""
    return mask_where(bytes(map(value.__eq__, values)), 1)


def value_masks(values: Sequence[int]) -> dict[int, int]:
    """For each distinct value (a documenter id, say), the rows that hold it: one byte per row
    names the value among 255 at a time, so no Python runs per row."""
    distinct = sorted(set(values))
    masks: dict[int, int] = {}
    for start in range(0, len(distinct), 255):
        index = {value: i for i, value in enumerate(distinct[start : start + 255])}
        places = bytes(map(index.get, values, repeat(255)))  # 255: a value of another group
        masks.update({value: mask_where(places, i) for value, i in index.items()})
    return masks
