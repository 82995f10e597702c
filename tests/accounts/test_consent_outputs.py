"""Consent at every output: what the lawyer may open is what her list, export and detail hold;
the analyst (counts only) never receives a respondent's words."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kua.accounts.models import User
from kua.analytics import store
from kua.interviews.models import Interview
from kua.reports.quotes import ChosenQuote, quote_sources
from kua.reports.services import quote_selection_save
from kua.vault.models import Vault
from tests.conftest import logged_in, valid_answers

# narrative marker → the consent answers of that respondent
RESPONDENTS: dict[str, dict[str, str]] = {
    "NARR-AUTH-COUNTED": {"consent_report_to_authorities": "yes", "consent_statistics": "yes"},
    "NARR-NOAUTH-QUOTABLE": {"consent_report_to_authorities": "no", "consent_statistics": "yes"},
    "NARR-AUTH-UNCOUNTED": {"consent_report_to_authorities": "yes", "consent_statistics": "no"},
    "NARR-NOAUTH-UNCOUNTED": {"consent_report_to_authorities": "no", "consent_statistics": "no"},
}
FOR_AUTHORITIES = {"NARR-AUTH-COUNTED", "NARR-AUTH-UNCOUNTED"}


@pytest.fixture
def records(bob: User, unsealed: Vault) -> dict[str, str]:
    """narrative marker → record uuid, entered by bob on the web."""
    client = logged_in(bob)
    made = {}
    for marker, consents in RESPONDENTS.items():
        before = set(Interview.objects.values_list("uuid", flat=True))
        response = client.post(reverse("interview_new"), valid_answers(narrative=marker, **consents))
        assert response.status_code == 302, f"{marker} was not saved"
        (new,) = set(Interview.objects.values_list("uuid", flat=True)) - before
        made[marker] = str(new)
    return made


def _opens(client: Client, records: dict[str, str]) -> set[str]:
    opened = set()
    for marker, record in records.items():
        status = client.get(reverse("interview_detail", args=[record])).status_code
        assert status in (200, 404), f"{marker}: {status}"
        if status == 200:
            opened.add(marker)
    return opened


def _export_rows(client: Client, edition: str) -> list[dict[str, str]]:
    response = client.post(reverse("export"), {"format": "csv", "edition": edition})
    assert response.status_code == 200 and response.streaming, "the export was refused"
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(text)))


def test_lawyer_export_list_and_detail_hold_exactly_what_she_may_open(
    lena: User, records: dict[str, str]
) -> None:
    client = logged_in(lena)
    opened = _opens(client, records)
    assert opened == FOR_AUTHORITIES

    rows = _export_rows(client, "authorities")
    assert {row["record_id"] for row in rows} == {records[m].replace("-", "") for m in opened}
    assert {row["narrative"] for row in rows} == opened

    listed = client.get(reverse("interview_list")).content.decode()
    shown = {
        marker for marker, record in records.items() if reverse("interview_detail", args=[record]) in listed
    }
    assert shown == opened
    assert "согласились передать их в государственные органы" in listed  # the lawyer knows what she sees


@pytest.mark.parametrize("edition", ["full", "statistical"])
def test_lawyer_receives_no_other_edition(lena: User, records: dict[str, str], edition: str) -> None:
    response = logged_in(lena).post(reverse("export"), {"format": "csv", "edition": edition})
    assert not response.streaming
    assert "NARR-" not in response.content.decode()


def test_lawyer_list_is_the_sealed_page_while_sealed(lena: User, bob: User) -> None:
    logged_in(bob).post(reverse("interview_new"), valid_answers())
    response = logged_in(lena).get(reverse("interview_list"))
    assert response.status_code == 503


def test_coordinator_authorities_edition_is_the_lawyers(alice: User, records: dict[str, str]) -> None:
    rows = _export_rows(logged_in(alice), "authorities")
    assert {row["narrative"] for row in rows} == FOR_AUTHORITIES


def _choose_every_quote(coordinator: User) -> None:
    """Only the quotes the coordinator chose reach a report: she chooses all that may be quoted."""
    sources = quote_sources(store.view_for(coordinator.org_id))
    quote_selection_save(actor=coordinator, quotes=[ChosenQuote(key) for key in sources])


def _preview(client: Client, edition: str) -> str:
    response = client.get(reverse("report_preview"), {"edition": edition})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_coordinator_preview_quotes_respondents_who_allowed_it(
    alice: User, records: dict[str, str], edition: str
) -> None:
    _choose_every_quote(alice)
    assert "NARR-NOAUTH-QUOTABLE" in _preview(logged_in(alice), edition)


@pytest.mark.parametrize("edition", ["public", "internal"])
def test_analyst_preview_has_no_quotes(ana: User, records: dict[str, str], edition: str) -> None:
    page = _preview(logged_in(ana), edition)
    assert "NARR-" not in page
    assert 'class="quote"' not in page


def test_analyst_dashboard_has_no_free_text(ana: User, records: dict[str, str]) -> None:
    response = logged_in(ana).get(reverse("dashboard"))
    assert response.status_code == 200
    assert "NARR-" not in response.content.decode()


def _text_of(content: bytes, fmt: str) -> str:
    if fmt == "html":
        return content.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx"])
@pytest.mark.parametrize("edition", ["public", "internal"])
def test_analyst_downloads_have_no_quotes(
    ana: User, alice: User, records: dict[str, str], fmt: str, edition: str
) -> None:
    data: dict[str, Any] = {"language": "en", "edition": edition, "format": fmt, "despite_gaps": "on"}
    _choose_every_quote(alice)
    theirs = logged_in(ana).post(reverse("report"), data)
    assert theirs.status_code == 200
    assert "NARR-" not in _text_of(theirs.content, fmt)
    if fmt != "xlsx":  # the workbook holds the tables only, for everyone
        # The same download by the coordinator does hold the quote: the check above can fail.
        coordinators = logged_in(alice).post(reverse("report"), data)
        assert "NARR-NOAUTH-QUOTABLE" in _text_of(coordinators.content, fmt)
