"""Dashboard, report downloads, report texts and refusals, with the named users."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.interviews.models import Refusal
from kua.reports.models import ReportContent
from kua.vault.models import Vault
from tests.conftest import logged_in, valid_answers


def _enter(user: User, n: int, **answers: Any) -> None:
    client = logged_in(user)
    for _ in range(n):
        assert client.post(reverse("interview_new"), valid_answers(**answers)).status_code == 302


def test_dashboard_shows_counts_with_bars(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, 6)
    response = logged_in(alice).get(reverse("dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "<rect" in body and 'class="report-table"' in body
    assert "style=" not in body.split("<main>", 1)[1]  # CSP: no inline styles


def test_dashboard_filters_by_district(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, 3)
    _enter(bob, 2, residence_district="eskeldi")
    client = logged_in(alice)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("dashboard"), {"district": "eskeldi"}).content.decode()
    assert "Respondents counted: 2" in body
    assert "Respondents counted: 5" in client.get(reverse("dashboard")).content.decode()


def test_dashboard_is_sealed_page_while_sealed(alice: User) -> None:
    assert logged_in(alice).get(reverse("dashboard")).status_code == 503


@pytest.mark.parametrize("role_user", ["ana", "lena"])
def test_analyst_and_lawyer_see_the_dashboard(role_user: str, request: Any, unsealed: Vault) -> None:
    user = request.getfixturevalue(role_user)
    assert logged_in(user).get(reverse("dashboard")).status_code == 200


def test_documenter_has_no_dashboard(bob: User, unsealed: Vault) -> None:
    assert logged_in(bob).get(reverse("dashboard")).status_code == 403
    assert logged_in(bob).get(reverse("report")).status_code == 403


def test_charlie_sees_only_his_own_counts(alice: User, bob: User, charlie: User, unsealed: Vault) -> None:
    from kua.vault.selectors import vault_for
    from kua.vault.services import vault_unseal
    from tests.conftest import PASSPHRASE

    _enter(bob, 4)
    vault_unseal(vault=vault_for(charlie.org_id), user=charlie, passphrase=PASSPHRASE)
    client = logged_in(charlie)
    client.cookies["django_language"] = "en"
    assert "Respondents counted: 0" in client.get(reverse("dashboard")).content.decode()


def _download(
    user: User, fmt: str, edition: str = "public", language: str = "kk", despite: bool = True
) -> Any:
    form = {"format": fmt, "edition": edition, "language": language}
    return logged_in(user).post(reverse("report"), {**form, "despite_gaps": "on"} if despite else form)


def test_missing_texts_are_listed_and_confirmed_before_download(
    alice: User, bob: User, unsealed: Vault
) -> None:
    _enter(bob, 5)
    client = logged_in(alice)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("report")).content.decode()
    assert 'id="report-gaps"' in page and "Қазақша: title; summary" in page and "recommendations" in page
    refused = _download(alice, "pdf", despite=False)
    assert refused.status_code == 400 and "не хватает: заголовок; резюме" in refused.content.decode()
    assert AuditEvent.objects.filter(action="report").count() == 0
    assert _download(alice, "pdf").status_code == 200


def test_report_downloads_open_in_their_own_libraries(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, 7)
    pdf = _download(alice, "pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "7" in text
    document = Document(io.BytesIO(_download(alice, "docx").content))
    assert document.tables
    workbook = openpyxl.load_workbook(io.BytesIO(_download(alice, "xlsx").content))
    assert any("Полиция қызметкерлерінің" in name for name in workbook.sheetnames)
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    html = _download(alice, "html", "internal", "en")
    assert b"Internal edition" in html.content
    assert AuditEvent.objects.filter(action="report").count() == 4


def test_report_while_sealed_is_refused(alice: User) -> None:
    assert _download(alice, "pdf").status_code == 503
    assert AuditEvent.objects.filter(action="report").count() == 0


def test_coordinator_saves_texts_in_versions(alice: User, bob: User, unsealed: Vault) -> None:
    client = logged_in(alice)
    url = reverse("report_texts", args=["en"])
    assert client.get(url).status_code == 200
    form = {
        "t-title": "Violations in Zhetysu",
        "t-period": "Sep–Nov 2026",
        "t-authors": "A. S.",
        "t-summary": "",
        "t-context": "The law says...",
        "t-conclusions": "",
        "t-threshold": "5",
        "t-crosstabs": ["residence_district"],
        "r-TOTAL_FORMS": "2",
        "r-INITIAL_FORMS": "0",
        "r-MIN_NUM_FORMS": "0",
        "r-MAX_NUM_FORMS": "30",
        "r-0-agency": "police",
        "r-0-text": "Stop extortion.",
        "r-0-findings": ["police_violations:extortion"],
        "r-1-agency": "aids_centre",
        "r-1-text": "",
    }
    assert client.post(url, form).status_code == 302
    # The page now shows the saved recommendation as an initial form.
    assert client.post(url, {**form, "t-title": "Second title", "r-INITIAL_FORMS": "1"}).status_code == 302
    versions = list(ReportContent.objects.order_by("version").values_list("version", flat=True))
    assert versions == [1, 2]
    _enter(bob, 5)
    html = _download(alice, "html", "internal", "en").content.decode()
    assert "Second title" in html
    assert "The law says..." in html
    assert "Stop extortion." in html


def test_only_coordinators_edit_texts(ana: User, lena: User) -> None:
    for user in (ana, lena):
        assert logged_in(user).get(reverse("report_texts", args=["en"])).status_code == 403


def test_documenter_records_a_refusal(bob: User) -> None:
    client = logged_in(bob)
    response = client.post(reverse("refusal_new"), {
        "refused_on": "2026-11-01", "reason": "fear_police", "district": "taldykorgan", "venue": "sauna",
        "migrant": "true"})  # fmt: skip
    assert response.status_code == 302
    refusal = Refusal.objects.get()
    assert (refusal.reason, refusal.migrant, refusal.documenter) == ("fear_police", True, bob)


def test_refusal_in_the_future_is_refused(bob: User) -> None:
    response = logged_in(bob).post(reverse("refusal_new"), {"refused_on": "2099-01-01", "reason": "other"})
    assert response.status_code == 200 and Refusal.objects.count() == 0
