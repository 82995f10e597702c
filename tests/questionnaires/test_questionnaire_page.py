"""The questionnaire page in every language, the download of the workbook in use, the title
per language, and districts for every region."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from kua.accounts.models import User
from kua.questionnaires.loader import load_xlsform
from kua.questionnaires.selectors import current_form
from tests.conftest import logged_in
from tests.questionnaires.helpers import REGISTRATION_FORM, REPO

EDIT_SCRIPT = REPO / "forms" / "edits" / "screens_titles_districts.py"


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [("ru", "Анкета", "Скачать используемую книгу"), ("kk", "Сауалнама", "Қолданыстағы кітапты жүктеп алу")],
)
def test_the_page_speaks_the_interface_language(
    alice: User, language: str, heading: str, button: str
) -> None:
    client = logged_in(alice)
    client.cookies["django_language"] = language
    body = client.get(reverse("form_upload")).content.decode()
    assert f"<h1>{heading}</h1>" in body and button in body
    assert "The questionnaire is an XLSForm" not in body and "Check and install" not in body


def test_download_gives_the_exact_bytes_of_the_version_in_use(alice: User) -> None:
    version = current_form(alice.org_id)
    response = logged_in(alice).get(reverse("form_workbook", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    expected = f'attachment; filename="violation_registration-v{version.version}.xlsx"'
    assert response["Content-Disposition"] == expected
    assert hashlib.sha256(response.content).hexdigest() == version.sha256
    assert response.content == REGISTRATION_FORM.read_bytes()


def test_download_is_404_for_others(alice: User, bob: User, charlie: User) -> None:
    version = current_form(alice.org_id)
    url = reverse("form_workbook", args=[version.pk])
    assert logged_in(bob).get(url).status_code == 404
    assert logged_in(charlie).get(url).status_code == 404
    assert (
        logged_in(alice).get(reverse("form_workbook", args=[current_form(charlie.org_id).pk])).status_code
        == 404
    )


def test_anonymous_download_goes_to_login(alice: User, client: object) -> None:
    response = client.get(reverse("form_workbook", args=[current_form(alice.org_id).pk]))  # type: ignore[attr-defined]
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("ru", "Регистрация нарушений прав человека"),
        ("kk", "Адам құқықтарының бұзылуын тіркеу"),
        ("en", "Registration of human rights violations"),
    ],
)
def test_the_form_title_follows_the_interface_language(bob: User, language: str, title: str) -> None:
    assert load_xlsform(REGISTRATION_FORM).title[language] == title
    client = logged_in(bob)
    client.cookies["django_language"] = language
    assert f"<h1>{title}</h1>" in client.get(reverse("interview_new")).content.decode()


def test_the_workbook_stays_valid_for_pyxform_and_odk() -> None:
    """The translated titles are in a column pyxform passes through: its XForm still builds
    (load_xlsform builds it), with the default-language title."""
    book = openpyxl.load_workbook(REGISTRATION_FORM)
    headers = [c.value for c in book["settings"][1]]
    assert "form_title" in headers and "kua_form_title::Kazakh (kk)" in headers
    assert not any(str(h).startswith("form_title::") for h in headers)


def test_every_region_has_districts_with_three_labels() -> None:
    spec = load_xlsform(REGISTRATION_FORM)
    regions = spec.field("residence_region").choice_names()
    assert len(regions) == 20
    districts = spec.field("residence_district").choices
    by_region: dict[str, int] = {}
    for choice in districts:
        assert set(choice.labels) == {"ru", "kk", "en"} and all(choice.labels.values()), choice.name
        by_region[choice.extra["region"]] = by_region.get(choice.extra["region"], 0) + 1
    assert set(by_region) == set(regions)
    assert all(n >= 2 for n in by_region.values()), by_region
    names = [c.name for c in districts]
    assert len(names) == len(set(names))
    for kept in ("taldykorgan", "tekeli", "aksu", "sarkand", "konaev", "zhambyl_district", "uighur"):
        assert kept in names  # the codes that existed are unchanged


def test_the_edit_script_is_idempotent(tmp_path: Path) -> None:
    copy = tmp_path / "form.xlsx"
    copy.write_bytes(REGISTRATION_FORM.read_bytes())
    subprocess.run([sys.executable, str(EDIT_SCRIPT), str(copy)], check=True)
    assert copy.read_bytes() == REGISTRATION_FORM.read_bytes()  # already applied: nothing changes
    book = openpyxl.load_workbook(io.BytesIO(copy.read_bytes()))
    assert book["choices"].max_row == openpyxl.load_workbook(REGISTRATION_FORM)["choices"].max_row
