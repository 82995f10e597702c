"""Import of our own format, of a KoboToolbox export and of an ODK Central export."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from kua.accounts.models import User
from kua.interchange.reading import UnreadableFile
from kua.interviews.models import Interview
from kua.interviews.selectors import open_payload
from kua.vault.linkage import instance_key
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from tests.interchange.conftest import KOBO_HEADER, KOBO_ROW, ODK_HEADER, ODK_ROW, csv_bytes, flat_row


def _table(rows: list[dict[str, str]], extra: list[str] = ()) -> tuple[list[str], list[list[str]]]:  # type: ignore[assignment]
    header = sorted({k for row in rows for k in row} | set(extra))
    return header, [[row.get(h, "") for h in header] for row in rows]


def test_our_own_format(run_import: Any, unsealed: Vault, bob: User) -> None:
    rows = [flat_row(documenter="bob"), flat_row(age="45", documenter="bob")]
    header, cells = _table(rows)
    report = run_import(csv_bytes(header, cells))
    assert (report.rows, report.stored, report.problems) == (2, 2, [])
    stored = sorted(open_payload(i).answers["age"] for i in Interview.objects.all())
    assert stored == [32, 45]
    assert all(i.documenter == bob for i in Interview.objects.all())


def test_import_works_while_sealed(run_import: Any, vault: Vault) -> None:
    header, cells = _table([flat_row()])
    assert run_import(csv_bytes(header, cells)).stored == 1


def test_kobo_export(run_import: Any, unsealed: Vault) -> None:
    """Group prefixes, 0/1 columns per option, _uuid, metadata, semicolons, True/False."""
    report = run_import(csv_bytes(KOBO_HEADER, [KOBO_ROW], delimiter=";"))
    assert report.problems == [] and report.stored == 1
    answers = open_payload(Interview.objects.get()).answers
    assert answers["registered_on"] == "2026-11-01"
    assert answers["key_population"] == ["sex_worker"]
    assert answers["police_violations"] == ["extortion", "robbery"]
    assert answers["consent_anonymous_use"] == "yes" and answers["consent_public_name"] == "no"
    stored = Interview.objects.get()
    assert stored.instance_id == instance_key(vault_for(stored.organisation_id), "3f1c-kobo-uuid-1")
    assert report.unknown_columns == []


def test_odk_central_export(run_import: Any, unsealed: Vault) -> None:
    """`-` group separators, meta-instanceID, SubmissionDate/KEY metadata, space-separated codes."""
    report = run_import(csv_bytes(ODK_HEADER, [ODK_ROW], bom=False))
    assert report.problems == [] and report.stored == 1
    answers = open_payload(Interview.objects.get()).answers
    assert answers["medical_violations"] == ["humiliation", "hiv_status_disclosed"]
    assert answers["residence_district"] == "eskeldi"
    stored = Interview.objects.get()
    assert stored.instance_id == instance_key(vault_for(stored.organisation_id), "uuid:aa-bb")


def test_importing_the_same_file_twice_adds_nothing(run_import: Any) -> None:
    rows = [flat_row(), flat_row(age="50")]
    header, cells = _table(rows)
    header.append("meta/instanceID")
    cells[0].append("uuid:1")
    cells[1].append("uuid:2")
    data = csv_bytes(header, cells)
    assert run_import(data).stored == 2
    again = run_import(data)
    assert (again.stored, again.duplicates) == (0, 2)
    assert Interview.objects.count() == 2


BAD_ROWS = [
    ({"age": "16"}, "age"),
    ({"sex": "woman"}, "sex"),
    ({"registered_on": "2099-01-01"}, "registered_on"),
    ({"consent_recorded": ""}, "consent_recorded"),
    ({"consent_recorded": "no"}, "consent_recorded"),
    ({"age": "abc"}, "age"),
    ({"registered_on": "31.02.2026"}, "registered_on"),
    ({"residence_district": "talgar"}, "residence_district"),
    ({"police_violations": "extortion flying"}, "police_violations"),
    ({"documenter": "nobody"}, "documenter"),
]


@pytest.mark.parametrize(("change", "column"), BAD_ROWS)
def test_bad_row_is_rejected_with_line_and_column(
    run_import: Any, change: dict[str, str], column: str
) -> None:
    rows = [flat_row(), {**flat_row(), **change}, flat_row(age="40")]
    header, cells = _table(rows, extra=["documenter"])
    report = run_import(csv_bytes(header, cells))
    assert report.stored == 2  # the good rows are stored
    assert {p.line for p in report.problems} == {3}  # header is line 1
    assert column in {p.column for p in report.problems}
    assert all(p.reason for p in report.problems)


def test_dry_run_stores_nothing(run_import: Any) -> None:
    rows = [flat_row(), {**flat_row(), "age": "16"}]
    header, cells = _table(rows)
    report = run_import(csv_bytes(header, cells), dry_run=True)
    assert (report.stored, report.rejected_lines, report.dry_run) == (1, 1, True)
    assert Interview.objects.count() == 0


def test_unknown_columns_are_listed(run_import: Any) -> None:
    header, cells = _table([flat_row()], extra=["favourite_colour", "notes"])
    report = run_import(csv_bytes(header, cells))
    assert report.unknown_columns == ["favourite_colour", "notes"]
    assert report.stored == 1


def test_xlsx_with_real_dates_and_numbers(run_import: Any, unsealed: Vault) -> None:
    import datetime

    answers = flat_row()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    header = sorted(answers)
    sheet.append(header)
    values: list[Any] = [answers[h] for h in header]
    values[header.index("registered_on")] = datetime.datetime(2026, 11, 2)
    values[header.index("age")] = 33.0
    sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run_import(buffer.getvalue(), filename="data.xlsx")
    assert report.problems == [] and report.stored == 1
    answers_stored = open_payload(Interview.objects.get()).answers
    assert answers_stored["registered_on"] == "2026-11-02" and answers_stored["age"] == 33


def test_multiline_cells_keep_line_numbers(run_import: Any) -> None:
    rows = [flat_row(narrative="первая строка\nвторая строка"), {**flat_row(), "age": "16"}]
    header, cells = _table(rows)
    report = run_import(csv_bytes(header, cells))
    assert {p.line for p in report.problems} == {4}  # row 1 spans lines 2-3


BAD_FILES = [
    ("windows-1251", "Здравствуйте,мир\nа,б\n".encode("cp1251")),
    ("empty", b""),
    ("binary", b"\x00\x01\x02\x03" * 50),
    ("old xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
    ("broken zip", b"PK\x03\x04garbage"),
    ("duplicate header", b"age,age\n1,2\n"),
    ("broken quote", b'age,sex\n"12,female\n'),
]


@pytest.mark.parametrize(("name", "data"), BAD_FILES, ids=[n for n, _ in BAD_FILES])
def test_unusable_file_is_refused_whole(run_import: Any, name: str, data: bytes) -> None:
    with pytest.raises(UnreadableFile) as refused:
        run_import(data)
    assert str(refused.value)
    assert Interview.objects.count() == 0


def test_file_over_the_limit_is_refused(run_import: Any, settings: Any) -> None:
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(UnreadableFile):
        run_import(b"age\n" + b"30\n" * 100)
