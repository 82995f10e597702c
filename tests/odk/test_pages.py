"""The Collect pages: links with a QR code in Collect's settings format, the coordinator's list."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from lxml import html

from kua.accounts.models import User
from kua.odk.links import user_for_token
from kua.odk.models import OdkLink, OdkSubmission
from kua.odk.settings_qr import qr_svg, read_payload, settings_payload
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def _link_page(client: Client, person: User) -> str:
    response = client.post(f"/collect/people/{person.pk}/link/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    return response.content.decode()


def test_coordinator_makes_a_documenters_link_with_a_qr_code(alice: User, bob: User) -> None:
    client = logged_in(alice)
    listing = client.get("/collect/")
    assert listing.status_code == 200 and "bob" in listing.content.decode()
    page = _link_page(client, bob)
    url = html.fromstring(page).get_element_by_id("odk-url").text_content()
    token = re.fullmatch(r"http://testserver/odk/([A-Za-z0-9_-]{43})/", url).group(1)  # type: ignore[union-attr]
    assert user_for_token(token) == bob
    assert "<svg" in page and "<script" not in page


def test_the_qr_payload_is_zlib_json_base64_with_the_server_url() -> None:
    payload = settings_payload("https://kua.example.org/odk/abc/", "Шапагат")
    settings = read_payload(payload)
    assert settings["general"]["server_url"] == "https://kua.example.org/odk/abc/"  # type: ignore[index]
    assert settings["project"]["name"] == "Шапагат"  # type: ignore[index]
    assert qr_svg(payload).startswith("<svg") or "<svg" in qr_svg(payload)


def test_a_documenter_sees_and_makes_only_her_own_link(bob: User, dana: User) -> None:
    client = logged_in(bob)
    listing = client.get("/collect/").content.decode()
    assert "bob" in listing and "dana" not in listing
    _link_page(client, bob)
    assert client.post(f"/collect/people/{dana.pk}/link/").status_code == 404
    assert client.post(f"/collect/people/{dana.pk}/revoke/").status_code == 404
    assert not OdkLink.objects.filter(user=dana).exists()


def test_revoke_from_the_web(alice: User, bob: User) -> None:
    client = logged_in(alice)
    _link_page(client, bob)
    response = client.post(f"/collect/people/{bob.pk}/revoke/")
    assert response.status_code == 302 and not OdkLink.objects.filter(user=bob).exists()


def test_charlie_gets_404_on_every_collect_page(alice: User, bob: User, charlie: User) -> None:
    client = logged_in(charlie)
    assert client.post(f"/collect/people/{bob.pk}/link/").status_code == 404
    assert client.post(f"/collect/people/{bob.pk}/revoke/").status_code == 404
    assert "bob" not in client.get("/collect/").content.decode()
    assert client.get("/collect/submissions/").status_code == 200
    assert not OdkLink.objects.exists()


def test_lawyer_and_analyst_do_not_use_collect(lena: User, ana: User, bob: User) -> None:
    for user in (lena, ana):
        client = logged_in(user)
        assert client.get("/collect/").status_code == 403
        assert client.get("/collect/submissions/").status_code == 403
        assert client.post(f"/collect/people/{bob.pk}/link/").status_code == 403
    assert not OdkLink.objects.exists()


def test_only_the_coordinator_sees_the_submission_list(alice: User, bob: User) -> None:
    assert logged_in(bob).get("/collect/submissions/").status_code == 403
    assert logged_in(alice).get("/collect/submissions/").status_code == 200


@pytest.mark.parametrize("path", ["/collect/", "/collect/submissions/"])
def test_anonymous_is_sent_to_login(db: object, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_shows_reasons_and_the_referral_but_no_answers(alice: User, bob: User) -> None:
    from tests.conftest import valid_answers
    from tests.odk.conftest import phone_of

    phone = phone_of(bob)
    assert phone.send(phone.submission(valid_answers(age="16", narrative="секрет"))) == 201
    assert phone.send(phone.submission(valid_answers(age="ninety"))) == 201
    from kua.vault.models import Vault
    from kua.vault.services import vault_unseal
    from tests.conftest import PASSPHRASE

    vault_unseal(vault=Vault.objects.get(organisation=alice.organisation), user=alice, passphrase=PASSPHRASE)
    # In clear a referral looks like any failure; the page (unsealed) tells them apart.
    assert list(OdkSubmission.objects.values_list("status", flat=True)) == ["failed", "failed"]
    page = logged_in(alice).get("/collect/submissions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "секрет" not in page and "ninety" not in page
    assert "under 18" in page and "do not pass" in page
    assert page.count("<tr>") == 3  # the header and two rows


def test_submission_needs_no_csrf_token_but_pages_do(alice: User, bob: User) -> None:
    from kua.odk.services.links import odk_link_create
    from tests.conftest import valid_answers
    from tests.odk.collect import Collect
    from tests.odk.conftest import BASE

    strict = Client(enforce_csrf_checks=True)
    phone = Collect(strict, odk_link_create(actor=None, user=bob, base_url=BASE))
    phone.download()
    assert phone.send(phone.submission(valid_answers())) == 201
    strict.force_login(bob)
    assert strict.post(f"/collect/people/{bob.pk}/link/").status_code == 403


@pytest.mark.parametrize(
    ("language", "text"), [("ru", "Создать ссылку"), ("kk", "Сілтеме жасау"), ("en", "Make a link")]
)
def test_the_page_speaks_three_languages(alice: User, bob: User, language: str, text: str) -> None:
    page = logged_in(alice).get("/collect/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert text in page


def test_collect_hears_refusals_in_its_language(bob: User) -> None:
    from tests.odk.conftest import phone_of

    phone = phone_of(bob)
    clear = phone.fill({}, "uuid:clear")
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"xml_submission_file": SimpleUploadedFile("submission.xml", clear, "text/xml")}
    response = phone.client.post(phone.path + "submission", data, HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 400 and "телефонда шифрлануы тиіс" in response.content.decode()
