"""Uploading a questionnaire version: refused with the sheet and row, or installed."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kua.accounts.models import User
from kua.questionnaires.models import FormVersion
from tests.conftest import logged_in
from tests.questionnaires.helpers import FIXTURES


def _workbook(relevant: str, version: str) -> bytes:
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "relevant"])
    survey.append(["integer", "age", "Age", ""])
    survey.append(["text", "note_text", "Why", relevant])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version"])
    settings.append(["small_form", version])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(user: User, data: bytes, name: str = "form.xlsx") -> str:
    client = logged_in(user)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("form_upload"), {"workbook": SimpleUploadedFile(name, data)}, follow=True)
    return response.content.decode()


def test_expression_outside_the_subset_is_refused_with_sheet_and_row(alice: User) -> None:
    body = _upload(alice, _workbook("if(${age} > 18, true(), false())", "2"))
    assert "survey sheet, row 3" in body
    assert not FormVersion.objects.filter(form_id="small_form").exists()


def test_valid_form_is_installed_as_the_current_version(alice: User) -> None:
    _upload(alice, _workbook("${age} > 18", "2"))
    version = FormVersion.objects.get(form_id="small_form")
    assert version.is_current and version.version == "2"


def test_a_fixture_workbook_with_repeats_is_refused(alice: User) -> None:
    with open(FIXTURES / "tutorial.xls", "rb") as handle:
        body = _upload(alice, handle.read(), "tutorial.xls")
    assert "row" in body and 'class="error"' in body


def test_only_coordinators_upload_forms(bob: User, ana: User) -> None:
    for user in (bob, ana):
        assert logged_in(user).get(reverse("form_upload")).status_code == 403
