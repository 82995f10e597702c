"""Clear messages: a refused request logs one line; a broken questionnaire workbook gets a
message in the user's language, never Python's exception text."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kua.accounts.models import User
from tests.conftest import logged_in
from tests.interchange.bombs import bad_shared_string


def test_a_403_writes_one_log_line_without_a_traceback(bob: User, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert logged_in(bob).get(reverse("import_upload")).status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None and records[0].exc_text is None
    line = logging.Formatter().format(records[0])
    assert "\n" not in line and "Traceback" not in line


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The workbook is damaged or is not an XLSForm"),
        ("ru", "Книга повреждена или не является XLSForm"),
        ("kk", "Кітап зақымдалған немесе XLSForm емес"),
    ],
)
def test_a_broken_questionnaire_gets_a_message_not_exception_text(
    alice: User, language: str, expected: str
) -> None:
    data = bad_shared_string([["type", "name", "label"], ["text", "q1", "Q1"], ["text", "q2", "Q2"]])
    response = logged_in(alice).post(
        reverse("form_upload"),
        {"workbook": SimpleUploadedFile("form.xlsx", data)},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert expected in body
    assert "list index out of range" not in body and "IndexError" not in body
