"""Repeats across the chunks of one streaming import: the database, not a dict of every
fingerprint of the file, says that a row was written earlier under the pending batch."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone, translation

from kua.accounts.models import User
from kua.interchange.importing import import_table
from kua.interviews import batch, services
from kua.interviews.models import Interview
from kua.interviews.services import streaming
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from tests.interchange.conftest import csv_bytes, flat_row


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _file(ages: list[int]) -> bytes:
    rows = [flat_row(age=str(age)) for age in ages]
    header = sorted(rows[0])
    return csv_bytes(header, [[row[h] for h in header] for row in rows])


def test_a_row_repeating_one_written_chunks_earlier_is_found_in_the_database(
    alice: User, unsealed: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "CHUNK", 3)  # sealed 3 rows at a time
    monkeypatch.setattr(streaming, "CHUNK", 4)  # written 4 rows at a time
    remembered: list[int] = []
    kept = services._Repeats.kept

    def watched(self: services._Repeats, *args: Any) -> Any:
        out = kept(self, *args)
        remembered.append(len(self.unwritten))
        return out

    monkeypatch.setattr(services._Repeats, "kept", watched)
    # 14 distinct rows, then line 2 (age 20) and line 9 (age 27) again, long after they were written.
    ages = [20 + n for n in range(14)] + [20, 27]
    report = import_table(
        actor=alice, form_version=current_form(alice.org_id), data=_file(ages), filename="big.csv",
        today=timezone.localdate(),
    )  # fmt: skip
    assert (report.stored, report.duplicates) == (14, 2)
    assert [r.message for r in report.repeats] == [
        "line 16 repeats line 2 of this file",
        "line 17 repeats line 9 of this file",
    ]
    assert Interview.objects.count() == 14
    # Only the rows not yet written are remembered: never more than a write chunk and a seal chunk.
    assert max(remembered) <= 4 + 3


def test_a_dry_run_still_finds_repeats_within_the_file(alice: User, unsealed: Vault) -> None:
    report = import_table(
        actor=alice, form_version=current_form(alice.org_id), data=_file([30, 31, 30]), filename="f.csv",
        today=timezone.localdate(), dry_run=True,
    )  # fmt: skip
    assert (report.stored, report.duplicates) == (2, 1)
    assert [r.message for r in report.repeats] == ["line 4 repeats line 2 of this file"]
    assert not Interview.all_objects.exists()
