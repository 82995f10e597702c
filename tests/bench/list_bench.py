"""The interview list on a large analytic view (no database, no decryption): filter and
one page of rows, median of repeated runs. `python -m tests.bench.list_bench [rows]`."""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kua.settings")
os.environ.setdefault("KUA_SECRET_KEY", "benchmark-only-not-a-secret")

import django

django.setup()

from kua.analytics import listing  # noqa: E402
from kua.analytics.dataset import Row, build_view  # noqa: E402
from kua.demo import generate_answers  # noqa: E402
from kua.questionnaires.loader import load_xlsform  # noqa: E402
from kua.questionnaires.services import DEFAULT_FORM  # noqa: E402
from kua.questionnaires.validator import validate  # noqa: E402

TODAY = datetime.date(2026, 11, 20)


def _median(run: Callable[[], Any], times: int = 20) -> float:
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent)


def main(rows: int) -> None:
    spec = load_xlsform(DEFAULT_FORM)
    base = [validate(spec, raw, today=TODAY).clean for raw in generate_answers(2000, seed=7, today=TODAY)]
    view = build_view(
        spec,
        (Row(1 + i % 3, base[i % len(base)], f"{i:020x}", i + 1) for i in range(rows)),
    )
    coordinator = SimpleNamespace(role="coordinator", pk=1)
    documenter = SimpleNamespace(role="documenter", pk=2)
    cases = {
        "no filter": (coordinator, listing.ListFilters()),
        "district": (coordinator, listing.ListFilters(district="taldykorgan")),
        "dates + violation": (
            coordinator,
            listing.ListFilters(
                date_from=datetime.date(2026, 10, 1),
                date_to=datetime.date(2026, 10, 31),
                violation="extortion",
            ),
        ),
        "code search": (coordinator, listing.ListFilters(q="ab12")),
        "documenter's own": (documenter, listing.ListFilters()),
    }
    print(f"rows in the view: {view.size}")
    for name, (user, filters) in cases.items():
        found = listing.matching_rows(view, user, filters)  # type: ignore[arg-type]
        ms = _median(lambda u=user, f=filters: listing.matching_rows(view, u, f)) * 1000  # type: ignore[misc]
        print(f"{name:20s} {len(found):7d} rows  {ms:7.1f} ms")
    page = listing.matching_rows(view, coordinator, listing.ListFilters())[:50]  # type: ignore[arg-type]
    ms = _median(lambda: listing._codes_of(view, "police_violations", page)) * 1000
    print(f"one page's violations (50 rows) {ms:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
