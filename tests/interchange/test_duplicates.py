"""The same rows imported twice are recognised by their keyed fingerprint, with or without ids,
as CSV or XLSX, Kobo or ODK: nothing is added and the report says where they came from."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from kua.accounts.models import User
from kua.analytics import store
from kua.analytics.tables import summary_tables
from kua.interviews.models import Interview
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from tests.conftest import logged_in, valid_answers
from tests.interchange.conftest import KOBO_HEADER, KOBO_ROW, ODK_HEADER, ODK_ROW, csv_bytes, flat_row


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _plain_csv() -> bytes:
    """Four rows, no ids: a repeat interview of the same woman (another date) is kept;
    line 5 is line 2 typed twice."""
    rows = [flat_row(), flat_row(registered_on="2026-11-09"), flat_row(age="45"), flat_row()]
    header = sorted(rows[0])
    return csv_bytes(header, [[row[h] for h in header] for row in rows])


def _dropped(data: bytes, columns: set[str], header: list[str], row: list[str], delimiter: str) -> bytes:
    keep = [i for i, name in enumerate(header) if name not in columns]
    return csv_bytes([header[i] for i in keep], [[row[i] for i in keep]], delimiter=delimiter)


def test_a_plain_file_twice_adds_nothing_and_says_when_and_from_where(
    run_import: Any, unsealed: Vault
) -> None:
    first = run_import(_plain_csv(), "kobo-march.csv")
    assert (first.stored, first.duplicates) == (3, 1)
    assert [r.message for r in first.repeats] == ["line 5 repeats line 2 of this file"]
    respondents = summary_tables(store.view_for(unsealed.organisation_id))["respondents"]
    again = run_import(_plain_csv(), "kobo-march-copy.csv")
    assert (again.stored, again.duplicates) == (0, 4)
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert again.repeats[0].message == f"line 2 was imported on {today} from kobo-march.csv"
    assert Interview.objects.count() == 3
    assert summary_tables(store.view_for(unsealed.organisation_id))["respondents"] == respondents


def test_the_same_rows_as_xlsx_after_csv(run_import: Any) -> None:
    run_import(_plain_csv(), "march.csv")
    row = flat_row()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(sorted(row))
    sheet.append([row[h] for h in sorted(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run_import(buffer.getvalue(), "march.xlsx")
    assert (report.stored, report.duplicates) == (0, 1)
    assert "from march.csv" in report.repeats[0].message


def test_kobo_export_twice_with_and_without_ids(run_import: Any) -> None:
    with_ids = csv_bytes(KOBO_HEADER, [KOBO_ROW], delimiter=";")
    assert run_import(with_ids, "kobo.csv").stored == 1
    again = run_import(with_ids, "kobo.csv")
    assert (again.stored, again.duplicates) == (0, 1)
    assert "same instance or record id" in again.repeats[0].message
    without = _dropped(with_ids, {"_id", "_uuid", "_submission_time"}, KOBO_HEADER, KOBO_ROW, ";")
    stripped = run_import(without, "kobo-no-ids.csv")
    assert (stripped.stored, stripped.duplicates) == (0, 1)
    assert "from kobo.csv" in stripped.repeats[0].message


def test_odk_export_twice_with_and_without_ids(run_import: Any) -> None:
    with_ids = csv_bytes(ODK_HEADER, [ODK_ROW], bom=False)
    assert run_import(with_ids, "odk.csv").stored == 1
    assert run_import(with_ids, "odk.csv").duplicates == 1
    without = _dropped(with_ids, {"meta-instanceID", "KEY", "SubmissionDate"}, ODK_HEADER, ODK_ROW, ",")
    assert (run_import(without, "odk2.csv").stored, Interview.objects.count()) == (0, 1)


def test_allow_duplicates_stores_genuine_repeats_and_dry_run_tells(run_import: Any) -> None:
    run_import(_plain_csv(), "a.csv")
    check = run_import(_plain_csv(), "a.csv", dry_run=True)
    assert (check.stored, check.duplicates) == (0, 4)
    forced = run_import(_plain_csv(), "a.csv", allow_duplicates=True)
    assert (forced.stored, forced.duplicates) == (4, 0)
    assert Interview.objects.count() == 7
    assert run_import(_plain_csv(), "a.csv").stored == 0  # still known by the first import


def test_a_web_entry_imported_later_is_a_repeat(run_import: Any, bob: User) -> None:
    version = current_form(bob.org_id)
    interview_create(actor=bob, form_version=version, raw=valid_answers(), today=timezone.localdate())
    header = sorted(flat_row())
    report = run_import(csv_bytes(header, [[flat_row()[h] for h in header]]), "typed.csv")
    assert report.stored == 0
    assert report.repeats[0].message.startswith("line 2 was entered on ")
    assert Interview.objects.get().fingerprint  # stored only as a keyed hash
    assert len(Interview.objects.get().fingerprint or "") == 64


def test_the_web_report_names_repeats_and_can_store_them_on_purpose(alice: User) -> None:
    def upload() -> SimpleUploadedFile:
        return SimpleUploadedFile("march.csv", _plain_csv(), content_type="text/csv")

    client = logged_in(alice)
    first = client.post(reverse("import_upload"), {"file": upload()}, HTTP_ACCEPT_LANGUAGE="en")
    token = first.content.decode().split('name="token" value="', 1)[1].split('"', 1)[0]
    client.post(reverse("import_confirm"), {"token": token})
    assert Interview.objects.count() == 3
    again = client.post(reverse("import_upload"), {"file": upload()}, HTTP_ACCEPT_LANGUAGE="en")
    body = again.content.decode()
    assert "line 2 was imported on" in body and "from march.csv" in body
    token = body.split('name="token" value="', 1)[1].split('"', 1)[0]
    client.post(reverse("import_confirm"), {"token": token, "allow_duplicates": "1"})
    assert Interview.objects.count() == 7
