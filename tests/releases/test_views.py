"""The releases on the web: preview, publish, ledger, budget, and the report from a release."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kua.accounts.models import User
from kua.releases import fileformat
from kua.releases.models import LedgerEntry
from kua.releases.selectors import budgets
from kua.vault.models import Vault
from tests.conftest import logged_in as logged_in_ru
from tests.releases.helpers import population


def logged_in(user: User) -> Client:
    """Pages in English, the language of these assertions."""
    client = logged_in_ru(user)
    client.cookies["django_language"] = "en"
    return client


def test_preview_shows_what_will_leave_then_publish_downloads_the_signed_file(
    bob: User, alice: User, unsealed: Vault
) -> None:
    population(bob)
    client = logged_in(alice)
    preview = client.post("/releases/new/", {"method": "suppressed", "action": "preview"})
    page = preview.content.decode()
    assert preview.status_code == 200 and 'id="release-preview"' in page
    assert "<th>extortion</th><td>12</td>" in page and "<th>rape</th><td>hidden</td>" in page
    assert not LedgerEntry.objects.exists()  # a preview writes nothing
    published = client.post("/releases/new/", {"method": "suppressed", "action": "publish"})
    verified = fileformat.read(published.content)
    assert verified.document["tables"]["police"]["extortion"] == 12
    ledger = client.get("/releases/").content.decode()
    assert verified.document["release_id"] in ledger


def test_dp_preview_shows_no_number_and_the_budget_refusal_writes_nothing(
    bob: User, alice: User, unsealed: Vault
) -> None:
    population(bob)
    client = logged_in(alice)
    preview = client.post("/releases/new/", {"method": "dp", "epsilon": "1", "action": "preview"})
    page = preview.content.decode()
    assert preview.status_code == 200 and "± 105" in page and "<th>extortion</th>" not in page
    refused = client.post("/releases/new/", {"method": "dp", "epsilon": "1", "action": "publish"})
    assert refused.status_code == 400 and "privacy budget" in refused.content.decode()
    assert not LedgerEntry.objects.exists()
    assert client.post("/releases/budget/", {"epsilon": "1"}).status_code == 302
    assert [(b.epsilon, b.left) for b in budgets(alice)] == [(1.0, 1.0)]
    assert client.get("/releases/budget/").status_code == 200
    made = client.post("/releases/new/", {"method": "dp", "epsilon": "1", "action": "publish"})
    assert fileformat.read(made.content).document["method"]["epsilon"] == 1.0


def test_report_from_an_uploaded_release(bob: User, alice: User, ana: User, unsealed: Vault) -> None:
    population(bob)
    release = logged_in(alice).post("/releases/new/", {"method": "suppressed", "action": "publish"}).content
    upload = SimpleUploadedFile("r.json", release, content_type="application/json")
    made = logged_in(ana).post("/releases/report/", {"release": upload, "language": "en", "format": "html"})
    assert made.status_code == 200 and "Respondents counted: 14" in made.content.decode()
    changed = SimpleUploadedFile("r.json", release.replace(b'"extortion": 12', b'"extortion": 13'))
    refused = logged_in(ana).post(
        "/releases/report/", {"release": changed, "language": "en", "format": "html"}
    )
    assert refused.status_code == 400 and "Not a valid release" in refused.content.decode()


def test_the_report_page_offers_publishing_to_the_coordinator_only(alice: User, ana: User) -> None:
    assert b'href="/releases/new/"' in logged_in(alice).get("/report/").content
    assert b'href="/releases/new/"' not in logged_in(ana).get("/report/").content
    assert b'href="/releases/report/"' in logged_in(ana).get("/report/").content


def test_unknown_study_or_region_is_a_form_error(alice: User, unsealed: Vault) -> None:
    client = logged_in(alice)
    budget = client.post("/releases/budget/", {"epsilon": "1", "study": "999"})
    assert budget.status_code == 400 and "There is no such study." in budget.content.decode()
    preview = client.post("/releases/new/", {"method": "suppressed", "region": "xx", "action": "preview"})
    assert preview.status_code == 400 and "There is no such region." in preview.content.decode()
    assert not budgets(alice) and not LedgerEntry.objects.exists()
