"""The linear bit helpers agree with the obvious (quadratic) reading of a bitset."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kua.analytics.bitsets import (
    bits_at,
    equal_mask,
    flags,
    interval_masks,
    mask_where,
    set_rows,
    value_masks,
)


@given(st.lists(st.booleans(), max_size=300))
def test_flags_and_set_rows_read_every_bit(bits: list[bool]) -> None:
    mask = sum(1 << i for i, bit in enumerate(bits) if bit)
    assert list(flags(mask, len(bits))) == [int(b) for b in bits]
    raw = mask.to_bytes((len(bits) + 7) // 8, "little")
    assert list(set_rows(raw)) == [i for i, bit in enumerate(bits) if bit]


def test_flags_ignore_bits_beyond_the_size() -> None:
    assert flags(0b1111, 2) == b"\x01\x01"
    assert flags(0, 3) == bytes(3)


@given(st.lists(st.booleans(), max_size=300), st.data())
def test_bits_at_reads_the_rows_asked_for(bits: list[bool], data: st.DataObject) -> None:
    mask = sum(1 << i for i, b in enumerate(bits) if b)
    rows = data.draw(st.lists(st.integers(0, max(len(bits) - 1, 0)), max_size=20)) if bits else []
    assert bits_at(mask, rows) == [bits[r] for r in rows]


def _mask(rows: list[bool]) -> int:
    return sum(1 << i for i, yes in enumerate(rows) if yes)


@given(st.binary(max_size=300), st.integers(0, 255))
def test_mask_where_finds_every_row_with_the_value(values: bytes, value: int) -> None:
    assert mask_where(values, value) == _mask([v == value for v in values])


NUMBERS = st.one_of(st.floats(allow_infinity=False), st.integers(-5, 300).map(float))


@given(st.lists(NUMBERS, max_size=200))
def test_interval_masks_agree_with_comparing_each_value(values: list[float]) -> None:
    bands = [(0.0, 0.0), (1.0, 1.0), (2.0, 3.0), (18.0, 24.0), (25.0, 34.0), (45.0, 200.0)]
    masks = interval_masks(array("d", values), bands)
    assert masks == [_mask([low <= v <= high for v in values]) for low, high in bands]  # NaN: in none


def test_interval_masks_refuse_overlapping_intervals() -> None:
    with pytest.raises(ValueError, match="overlap"):
        interval_masks([1.0], [(0.0, 5.0), (3.0, 8.0)])


@given(st.lists(st.integers(0, 600), max_size=400))
def test_value_masks_partition_the_rows_by_value(values: list[int]) -> None:
    masks = value_masks(values)
    assert set(masks) == set(values)
    assert all(mask == _mask([v == value for v in values]) for value, mask in masks.items())
    assert all(equal_mask(values, value) == masks.get(value, 0) for value in (0, 1, 599, 601))
