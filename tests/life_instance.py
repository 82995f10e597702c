"""Run in a subprocess by the key and backup tests: adds web-style interviews (one data key
each) to the instance in KUA_DATA_DIR made by `kua init`, and writes a CSV of more rows."""

from __future__ import annotations

import csv
import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "kua.settings"

import django

django.setup()

from django.utils import timezone  # noqa: E402

from kua.accounts.models import User  # noqa: E402
from kua.interviews.services import interview_create  # noqa: E402
from kua.questionnaires.selectors import current_form  # noqa: E402
from tests.conftest import valid_answers  # noqa: E402


def flat(answers: dict[str, object]) -> dict[str, object]:
    return {k: " ".join(v) if isinstance(v, list) else v for k, v in answers.items()}


def main(count: int, csv_path: str | None) -> None:
    user = User.objects.order_by("pk").first()
    assert user is not None, "run `kua init` first"
    version = current_form(user.org_id)
    for i in range(count):
        violations = ["extortion"] if i % 3 else ["extortion", "humiliation"]
        raw = valid_answers(age=str(20 + i % 40), police_violations=violations)
        interview_create(actor=user, form_version=version, raw=raw, today=timezone.localdate())
    if csv_path:
        rows = [flat(valid_answers(age=str(19 + i), narrative=f"row {i}")) for i in range(5)]
        with open(csv_path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
