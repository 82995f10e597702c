"""A seed gives the demo it gave before kua.demo was split out of kua/interviews/demo.py.

The digests were computed from the interviews of the old single-file generator (same
arguments), so they pin the demo, not the new package's internals: a change in a weight,
a phrase, or the order in which answers are drawn shows up here. If the demo is meant to
change, compute the new digests with `_digest` and say so in the commit.
"""

from __future__ import annotations

import datetime
import hashlib
import json

import pytest

from kua.demo import generate_answers


def _digest(n: int, *, seed: int, today: datetime.date, fieldwork_days: int) -> str:
    digest = hashlib.sha256()
    for answers in generate_answers(n, seed=seed, today=today, fieldwork_days=fieldwork_days):
        digest.update(json.dumps(answers, ensure_ascii=False).encode())  # keys in the order drawn
        digest.update(b"\n")
    return digest.hexdigest()


@pytest.mark.parametrize(
    ("n", "seed", "today", "fieldwork_days", "expected"),
    [
        (3000, 20261201, datetime.date(2026, 11, 20), 60,
         "3823fe5b2db564bfb0e75ee8b65a3950a2c0ea2bc27ea47da20bd9f2ca25485b"),
        (300, 5, datetime.date(2024, 2, 29), 7,
         "c45e860f5e9941bf3da87af89b157b5f84cc247257e4dd0fcbed42daae0eab8f"),
    ],
)  # fmt: skip
def test_a_seed_gives_the_same_demo_as_before(
    n: int, seed: int, today: datetime.date, fieldwork_days: int, expected: str
) -> None:
    assert _digest(n, seed=seed, today=today, fieldwork_days=fieldwork_days) == expected
