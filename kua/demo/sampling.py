"""Lookup tables and the one random source: how the demo draws an answer quickly.

A distribution becomes a tuple of exactly 2**k entries in which each value appears in
proportion to its weight; ``table[getrandbits(k)]`` then picks by weight with a single C
call, which is what keeps the generator fast. A select_multiple question of independent
codes becomes a table of all its subsets (exact odds), one table per six codes.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")
Subsets = tuple[tuple[str, ...], ...]
CodeSampler = tuple[Subsets, ...]  # one subset table per group of codes

WEIGHT_BITS = 12  # a distribution's table has 2**12 entries
PHRASE_BITS = 5  # a phrase table has 32 entries
SUBSET_BITS = 14  # a subset table (select_multiple) has 2**14 entries
CODES_PER_SUBSET_TABLE = 6


def weighted_table(
    weights: Mapping[T, float] | Sequence[tuple[T, float]], bits: int = WEIGHT_BITS
) -> tuple[T, ...]:
    """Expand weights into a lookup table of exactly 2**bits entries, in the given order."""
    pairs = list(weights.items()) if isinstance(weights, Mapping) else list(weights)
    size = 1 << bits
    total = sum(weight for _, weight in pairs)
    table: list[T] = []
    cumulated = 0.0
    for value, weight in pairs:
        cumulated += weight
        table.extend([value] * (round(size * cumulated / total) - len(table)))
    return tuple(table)


def phrase_table(phrases: Sequence[str]) -> tuple[str, ...]:
    """Equally likely phrases as a table of 2**PHRASE_BITS entries."""
    if len(phrases) > 1 << PHRASE_BITS:
        raise ValueError("too many phrases for one table")
    return weighted_table([(phrase, 1.0) for phrase in phrases], PHRASE_BITS)


def subset_table(chances: Sequence[tuple[str, float]], *, nonempty: bool = False) -> Subsets:
    """All subsets of a few independent codes as one weighted table (exact odds).

    With `nonempty`, the empty answer is left out (the odds are then conditional on at
    least one code).
    """
    weighted: list[tuple[tuple[str, ...], float]] = []
    for mask in range(1 if nonempty else 0, 1 << len(chances)):
        odds = 1.0
        for i, (_, chance) in enumerate(chances):
            odds *= chance if mask >> i & 1 else 1.0 - chance
        codes = tuple(code for i, (code, _) in enumerate(chances) if mask >> i & 1)
        weighted.append((codes, odds))
    return weighted_table(weighted, SUBSET_BITS)


def code_sampler(chances: Mapping[str, float]) -> CodeSampler:
    """Independent draws per code (select_multiple), one subset table per group of codes."""
    pairs = list(chances.items())
    step = CODES_PER_SUBSET_TABLE
    return tuple(subset_table(pairs[i : i + step]) for i in range(0, len(pairs), step))


class Dice:
    """The demo's one random source (one ``random.Random``): a seed gives the same draws."""

    __slots__ = ("_bits", "_fraction")

    def __init__(self, seed: int) -> None:
        generator = random.Random(seed)  # noqa: S311 -- synthetic data, not a secret
        self._fraction = generator.random
        self._bits = generator.getrandbits

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self._fraction() < probability

    def below(self, count: int) -> int:
        """An integer from 0 to count - 1, equally likely."""
        return int(self._fraction() * count)

    def pick(self, table: Sequence[T]) -> T:
        """One entry of a lookup table of 2**k entries (see `weighted_table`)."""
        return table[self._bits(len(table).bit_length() - 1)]

    def codes(self, sampler: CodeSampler) -> tuple[str, ...]:
        """A select_multiple answer; the codes keep the order of the choice list."""
        codes: tuple[str, ...] = ()
        for table in sampler:
            codes += self.pick(table)
        return codes
