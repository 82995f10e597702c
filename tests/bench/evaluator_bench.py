"""The validator's compiled plan against the reference (every expression walked as a tree by
`kua.questionnaires.expressions.evaluate`): µs per complete random answer set, both ways, and a check
that both give the same results. `python -m tests.bench.evaluator_bench [N]` (default 5,000).

Keeps the fast path only if it pays: the figures go in the report of the branch."""

from __future__ import annotations

import datetime
import os
import sys
import time
from collections.abc import Callable
from typing import Any

TODAY = datetime.date(2026, 11, 20)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kua.settings_test")
    import django

    django.setup()


def _per_row(fn: Callable[[Any], Any], rows: list[dict[str, str]], repeats: int = 3) -> float:
    """The best of `repeats` passes over `rows`, in µs of CPU per row."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        for raw in rows:
            fn(raw)
        best = min(best, time.process_time() - started)
    return best / len(rows) * 1e6


def main(count: int) -> None:
    _setup()
    from django.utils import translation

    from kua.demo import generate_answers
    from kua.questionnaires.loader import load_xlsform
    from kua.questionnaires.validator import validate
    from tests.questionnaires.helpers import REGISTRATION_FORM
    from tests.questionnaires.reference_validator import validate_reference

    spec = load_xlsform(REGISTRATION_FORM)
    rows = list(generate_answers(count, seed=5, today=TODAY))
    with translation.override("en"):
        for raw in rows:
            fast, reference = validate(spec, raw, today=TODAY), validate_reference(spec, raw, today=TODAY)
            if repr(fast) != repr(reference):
                raise SystemExit("the compiled plan and the reference disagree")
        invalid = sum(1 for raw in rows if validate(spec, raw, today=TODAY).errors)
        plan = _per_row(lambda raw: validate(spec, raw, today=TODAY), rows)
        tree = _per_row(lambda raw: validate_reference(spec, raw, today=TODAY), rows)
    print(f"{count} complete answer sets ({invalid} invalid), {len(spec.fields)} fields, CPU per row:")
    print(f"  compiled plan (validate)          {plan:7.1f} µs")
    print(f"  reference (expressions.evaluate)  {tree:7.1f} µs  ({tree / plan:.1f}× the plan)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
