"""Upload → dry-run report → confirm, and export downloads, with the named users."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.interviews.models import Interview
from kua.vault.models import Vault
from tests.conftest import logged_in, valid_answers
from tests.interchange.conftest import csv_bytes


def _file() -> SimpleUploadedFile:
    good = {k: " ".join(v) if isinstance(v, list) else v for k, v in valid_answers().items()}
    header = sorted(good)
    bad = dict(good, age="16")
    data = csv_bytes(header, [[good[h] for h in header], [bad[h] for h in header]])
    return SimpleUploadedFile("old-data.csv", data, content_type="text/csv")


def test_upload_shows_a_dry_run_then_confirm_stores(alice: User) -> None:
    client = logged_in(alice)
    report = client.post(reverse("import_upload"), {"file": _file()})
    assert report.status_code == 200
    body = report.content.decode()
    assert "old-data.csv" in body and "<td>3</td>" in body  # the rejected line
    assert Interview.objects.count() == 0
    token = body.split('name="token" value="', 1)[1].split('"', 1)[0]
    done = client.post(reverse("import_confirm"), {"token": token})
    assert done.status_code == 200
    assert Interview.objects.count() == 1
    # The token is used up: confirming twice stores nothing more.
    client.post(reverse("import_confirm"), {"token": token})
    assert Interview.objects.count() == 1


def test_unreadable_upload_gets_a_clear_error(alice: User) -> None:
    client = logged_in(alice)
    bad = SimpleUploadedFile("x.csv", "а,б\n1,2\n".encode("cp1251"))
    response = client.post(reverse("import_upload"), {"file": bad})
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()


def test_only_coordinators_import(bob: User, lena: User, ana: User) -> None:
    for user in (bob, lena, ana):
        assert logged_in(user).get(reverse("import_upload")).status_code == 403


def test_charlie_cannot_confirm_alices_upload(alice: User, charlie: User) -> None:
    body = logged_in(alice).post(reverse("import_upload"), {"file": _file()}).content.decode()
    token = body.split('name="token" value="', 1)[1].split('"', 1)[0]
    response = logged_in(charlie).post(reverse("import_confirm"), {"token": token})
    assert response.status_code == 302
    assert Interview.objects.count() == 0


def _enter(user: User, **answers: Any) -> None:
    logged_in(user).post(reverse("interview_new"), valid_answers(**answers))


def test_export_csv_is_escaped_and_audited(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, narrative='=HYPERLINK("http://x")')
    response = logged_in(alice).post(reverse("export"), {"format": "csv", "edition": "full"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "'=HYPERLINK" in text
    assert "uic_mother_name" not in text
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_export_xlsx_keeps_formulas_as_text(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, narrative="=1+1")
    response = logged_in(alice).post(reverse("export"), {"format": "xlsx", "edition": "full"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("narrative") + 1)
    assert cell.data_type == "s" and cell.value == "'=1+1"
    assert sheet.cell(row=2, column=header.index("age") + 1).value == 32  # a number stays a number


def test_statistical_edition_leaves_out_records_without_consent(
    alice: User, bob: User, unsealed: Vault
) -> None:
    _enter(bob, narrative="counted")
    _enter(bob, narrative="not counted", consent_statistics="no")
    _enter(bob, narrative="no quotes", consent_anonymous_use="no", quote_allowed=None, quote_pseudonym=None)
    response = logged_in(alice).post(reverse("export"), {"format": "csv", "edition": "statistical"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "counted" in text and "not counted" not in text
    assert "no quotes" not in text  # free text only where anonymous use was allowed
    assert len(text.strip().splitlines()) == 3


@pytest.mark.parametrize("edition", ["full", "statistical"])
def test_lawyer_is_refused_the_full_and_statistical_editions(
    lena: User, bob: User, unsealed: Vault, edition: str
) -> None:
    _enter(bob, narrative="not for the lawyer", consent_report_to_authorities="no")
    response = logged_in(lena).post(reverse("export"), {"format": "csv", "edition": edition})
    assert response.status_code == 200
    assert not response.streaming
    assert "not for the lawyer" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_export_while_sealed_is_the_sealed_page(alice: User) -> None:
    response = logged_in(alice).post(reverse("export"), {"format": "csv", "edition": "full"})
    assert response.status_code == 503
    assert AuditEvent.objects.filter(action="export").count() == 0


def test_documenters_and_analysts_cannot_export(bob: User, ana: User) -> None:
    for user in (bob, ana):
        assert logged_in(user).get(reverse("export")).status_code == 403


def test_charlie_exports_only_his_own(alice: User, bob: User, charlie: User, unsealed: Vault) -> None:
    from kua.vault.selectors import vault_for
    from kua.vault.services import vault_unseal
    from tests.conftest import PASSPHRASE

    _enter(bob, narrative="alice's organisation")
    vault_unseal(vault=vault_for(charlie.org_id), user=charlie, passphrase=PASSPHRASE)
    response = logged_in(charlie).post(reverse("export"), {"format": "csv", "edition": "full"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "alice's organisation" not in text and len(text.strip().splitlines()) == 1
