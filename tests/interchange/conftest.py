from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.utils import timezone

from kua.accounts.models import User
from kua.interchange.importing import ImportReport, import_table
from kua.questionnaires.selectors import current_form
from tests.conftest import valid_answers

# One KoboToolbox export row and one ODK Central export row of the same kind of interview,
# with the metadata columns those tools add.
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
    "_id", "_uuid", "_submission_time", "_validation_status", "__version__",
]  # fmt: skip
KOBO_ROW = [
    "2026-11-01T10:00:00", "2026-11-01T10:40:00", "01.11.2026", "1", "да", "0", "нет", "True",
    "female", "27", "UZ", "1", "0", "иә", "1", "True", "no", "yes", "no", "no", "жоқ", "0",
    "101", "3f1c-kobo-uuid-1", "2026-11-01T11:00:00", "", "vAbc",
]  # fmt: skip
ODK_HEADER = [
    "SubmissionDate", "sec_consent-registered_on", "sec_consent-consent_statistics",
    "sec_consent-consent_anonymous_use", "sec_consent-consent_public_name",
    "sec_consent-consent_report_to_authorities", "sec_consent-consent_recorded",
    "sec_respondent-sex", "sec_respondent-age", "sec_respondent-citizenship",
    "sec_respondent-residence_region", "sec_respondent-residence_district",
    "sec_violations-rights_violated_6m", "sec_violations-police_knows_where_to_turn",
    "sec_violations-police_complained", "sec_medical-medical_violations",
    "sec_medical-medical_knows_where_to_turn", "sec_medical-medical_complained",
    "meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
    "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
]  # fmt: skip
ODK_ROW = [
    "2026-11-03T08:00:00.000Z", "2026-11-03", "yes", "yes", "no", "no", "yes", "trans_woman", "24",
    "KZ", "zhetysu", "eskeldi", "no", "yes", "no", "humiliation hiv_status_disclosed", "no", "no",
    "uuid:aa-bb", "uuid:aa-bb", "5", "collector", "0", "0", "", "", "collect:x", "0", "1",
]  # fmt: skip


def csv_bytes(header: list[str], rows: list[list[Any]], delimiter: str = ",", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def flat_row(**overrides: Any) -> dict[str, str]:
    """`valid_answers` as one row of a table: several choices in one cell, space-separated."""
    return {k: " ".join(v) if isinstance(v, list) else v for k, v in valid_answers(**overrides).items()}


@pytest.fixture
def run_import(alice: User, bob: User) -> Any:
    """Import `data` as alice (bob exists, so rows may name him as documenter)."""

    def run(data: bytes, filename: str = "data.csv", **options: Any) -> ImportReport:
        return import_table(
            actor=alice,
            form_version=current_form(alice.org_id),
            data=data,
            filename=filename,
            today=timezone.localdate(),
            **options,
        )

    return run
