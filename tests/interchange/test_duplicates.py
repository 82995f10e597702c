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
from kua.forms.services import current_form
from kua.interchange.importing import import_table
from kua.interviews.models import Interview
from kua.interviews.services import interview_create
from kua.vault.models import Vault
from tests.conftest import logged_in, valid_answers
from tests.interchange.conftest import csv_bytes

KOBO_HEADER = [
    "start", "end", "sec_consent/registered_on", "sec_consent/consent_statistics",
    "sec_consent/consent_anonymous_use", "sec_consent/consent_public_name",
    "sec_consent/consent_report_to_authorities", "sec_consent/consent_recorded",
    "sec_respondent/sex", "sec_respondent/age", "sec_respondent/citizenship",
    "sec_respondent/key_population/sex_worker", "sec_respondent/key_population/plhiv",
    "sec_violations/rights_violated_6m",
    "sec_violations/police_violations/extortion", "sec_violations/police_violations/robbery",
    "sec_violations/police_knows_where_to_turn", "sec_violations/police_complained",
    "sec_violations/police_complaint_accepted", "sec_violations/police_measures_taken",
    "sec_medical/medical_knows_where_to_turn", "sec_medical/medical_complained",
    "_id", "_uuid", "_submission_time",
]  # fmt: skip
KOBO_ROW = [
    "2026-11-01T10:00:00", "2026-11-01T10:40:00", "01.11.2026", "1", "да", "0", "нет", "True",
    "female", "27", "UZ", "1", "0", "иә", "1", "True", "no", "yes", "no", "no", "жоқ", "0",
    "101", "3f1c-kobo-uuid-1", "2026-11-01T11:00:00",
]  # fmt: skip
ODK_HEADER = [
    "SubmissionDate", "sec_consent-registered_on", "sec_consent-consent_statistics",
    "sec_consent-consent_anonymous_use", "sec_consent-consent_public_name",
    "sec_consent-consent_report_to_authorities", "sec_consent-consent_recorded",
    "sec_respondent-sex", "sec_respondent-age", "sec_respondent-citizenship",
    "sec_respondent-residence_region", "sec_respondent-residence_district",
    "sec_violations-rights_violated_6m", "sec_violations-police_knows_where_to_turn",
    "sec_violations-police_complained", "sec_medical-medical_violations",
    "sec_medical-medical_knows_where_to_turn", "sec_medical-medical_complained", "meta-instanceID",
]  # fmt: skip
ODK_ROW = [
    "2026-11-03T08:00:00.000Z", "2026-11-03", "yes", "yes", "no", "no", "yes", "trans_woman", "24",
    "KZ", "zhetysu", "eskeldi", "no", "yes", "no", "humiliation hiv_status_disclosed", "no", "no",
    "uuid:aa-bb",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _import(user: User, data: bytes, filename: str, **options: Any) -> Any:
    version = current_form(user.org_id)
    return import_table(
        actor=user, form_version=version, data=data, filename=filename, today=timezone.localdate(), **options
    )


def _flat(**overrides: Any) -> dict[str, str]:
    return {k: " ".join(v) if isinstance(v, list) else v for k, v in valid_answers(**overrides).items()}


def _plain_csv() -> bytes:
    """Four rows, no ids: a repeat interview of the same woman (another date) is kept;
    line 5 is line 2 typed twice."""
    rows = [_flat(), _flat(registered_on="2026-11-09"), _flat(age="45"), _flat()]
    header = sorted(rows[0])
    return csv_bytes(header, [[row[h] for h in header] for row in rows])


def _dropped(data: bytes, columns: set[str], header: list[str], row: list[str], delimiter: str) -> bytes:
    keep = [i for i, name in enumerate(header) if name not in columns]
    return csv_bytes([header[i] for i in keep], [[row[i] for i in keep]], delimiter=delimiter)


def test_a_plain_file_twice_adds_nothing_and_says_when_and_from_where(alice: User, unsealed: Vault) -> None:
    first = _import(alice, _plain_csv(), "kobo-march.csv")
    assert (first.stored, first.duplicates) == (3, 1)
    assert [r.message for r in first.repeats] == ["line 5 repeats line 2 of this file"]
    respondents = summary_tables(store.view_for(unsealed.organisation_id))["respondents"]
    again = _import(alice, _plain_csv(), "kobo-march-copy.csv")
    assert (again.stored, again.duplicates) == (0, 4)
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert again.repeats[0].message == f"line 2 was imported on {today} from kobo-march.csv"
    assert Interview.objects.count() == 3
    assert summary_tables(store.view_for(unsealed.organisation_id))["respondents"] == respondents


def test_the_same_rows_as_xlsx_after_csv(alice: User) -> None:
    _import(alice, _plain_csv(), "march.csv")
    row = _flat()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(sorted(row))
    sheet.append([row[h] for h in sorted(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = _import(alice, buffer.getvalue(), "march.xlsx")
    assert (report.stored, report.duplicates) == (0, 1)
    assert "from march.csv" in report.repeats[0].message


def test_kobo_export_twice_with_and_without_ids(alice: User) -> None:
    with_ids = csv_bytes(KOBO_HEADER, [KOBO_ROW], delimiter=";")
    assert _import(alice, with_ids, "kobo.csv").stored == 1
    again = _import(alice, with_ids, "kobo.csv")
    assert (again.stored, again.duplicates) == (0, 1)
    assert "same instance or record id" in again.repeats[0].message
    without = _dropped(with_ids, {"_id", "_uuid", "_submission_time"}, KOBO_HEADER, KOBO_ROW, ";")
    stripped = _import(alice, without, "kobo-no-ids.csv")
    assert (stripped.stored, stripped.duplicates) == (0, 1)
    assert "from kobo.csv" in stripped.repeats[0].message


def test_odk_export_twice_with_and_without_ids(alice: User) -> None:
    with_ids = csv_bytes(ODK_HEADER, [ODK_ROW], bom=False)
    assert _import(alice, with_ids, "odk.csv").stored == 1
    assert _import(alice, with_ids, "odk.csv").duplicates == 1
    without = _dropped(with_ids, {"meta-instanceID", "SubmissionDate"}, ODK_HEADER, ODK_ROW, ",")
    assert (_import(alice, without, "odk2.csv").stored, Interview.objects.count()) == (0, 1)


def test_allow_duplicates_stores_genuine_repeats_and_dry_run_tells(alice: User) -> None:
    _import(alice, _plain_csv(), "a.csv")
    check = _import(alice, _plain_csv(), "a.csv", dry_run=True)
    assert (check.stored, check.duplicates) == (0, 4)
    forced = _import(alice, _plain_csv(), "a.csv", allow_duplicates=True)
    assert (forced.stored, forced.duplicates) == (4, 0)
    assert Interview.objects.count() == 7
    assert _import(alice, _plain_csv(), "a.csv").stored == 0  # still known by the first import


def test_a_web_entry_imported_later_is_a_repeat(alice: User, bob: User) -> None:
    version = current_form(bob.org_id)
    interview_create(actor=bob, form_version=version, raw=valid_answers(), today=timezone.localdate())
    header = sorted(_flat())
    report = _import(alice, csv_bytes(header, [[_flat()[h] for h in header]]), "typed.csv")
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
