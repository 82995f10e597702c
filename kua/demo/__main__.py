"""``python -m kua.demo [N]``: how many interviews a second the generator makes."""

from __future__ import annotations

import datetime
import sys
import time

from kua.demo import generate_answers


def benchmark(n: int) -> None:
    started = time.perf_counter()
    count = sum(1 for _ in generate_answers(n, seed=1, today=datetime.date.today()))
    elapsed = time.perf_counter() - started
    print(f"{count} interviews in {elapsed:.2f} s: {count / elapsed:,.0f} per second")


if __name__ == "__main__":
    benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
