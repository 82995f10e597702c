"""The linear bit helpers agree with the obvious (quadratic) reading of a bitset."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kua.analytics.bitsets import bits_at, flags, set_rows


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
