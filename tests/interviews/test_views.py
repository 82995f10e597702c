"""Entry, list and detail views with the named users; charlie always gets 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.interviews.models import Interview
from kua.interviews.selectors import open_payload
from kua.vault.models import Vault
from tests.conftest import logged_in, valid_answers


def _post(user: User, answers: dict[str, Any]) -> Any:
    return logged_in(user).post(reverse("interview_new"), answers)


def test_documenter_sees_the_entry_form(bob: User) -> None:
    response = logged_in(bob).get(reverse("interview_new"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-field="consent_recorded"' in body
    assert 'id="kua-logic"' in body
    assert "<script>" not in body  # no inline script (CSP)


def test_entry_saves_sealed_while_the_vault_is_sealed(bob: User, vault: Vault) -> None:
    response = _post(bob, valid_answers())
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert interview.documenter == bob
    assert "Полицейские".encode() not in bytes(interview.payload)
    assert AuditEvent.objects.filter(action="interview.create").count() == 1


def test_saved_answers_open_after_unseal(bob: User, unsealed: Vault) -> None:
    _post(bob, valid_answers())
    content = open_payload(Interview.objects.get())
    assert content.answers["police_violations"] == ["extortion", "humiliation"]
    assert content.answers["age"] == 32
    assert "uic_mother_name" not in content.answers and "uic_birth_year" not in content.answers
    assert content.client_code and len(content.client_code) == 20


def test_no_consent_nothing_saved(bob: User) -> None:
    response = _post(bob, {"registered_on": "2026-11-02", "consent_recorded": "no"})
    assert response.status_code == 400
    assert Interview.objects.count() == 0


def test_minor_gets_the_referral_and_nothing_is_saved(bob: User) -> None:
    response = _post(bob, valid_answers(age="16"))
    assert response.status_code == 200
    assert b"111" in response.content
    assert Interview.objects.count() == 0


def test_errors_show_beside_the_field_in_russian(bob: User) -> None:
    # complained = yes: whether the complaint was accepted is required, and left empty
    answers = valid_answers(police_complained="yes", police_no_complaint_reason=None)
    response = _post(bob, answers)
    assert response.status_code == 400
    body = response.content.decode()
    block = body.split('data-field="police_complaint_accepted"', 1)[1].split('data-field="', 1)[0]
    assert 'class="error"' in block
    assert Interview.objects.count() == 0


def test_errors_in_english_when_chosen(bob: User) -> None:
    client = logged_in(bob)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("interview_new"), valid_answers(age=""))
    assert response.status_code == 400
    assert "required" in response.content.decode().lower()


def test_documenter_lists_and_opens_only_her_own(bob: User, dana: User, unsealed: Vault) -> None:
    _post(bob, valid_answers())
    _post(dana, valid_answers(narrative="Дана записала это."))
    mine = Interview.objects.get(documenter=bob)
    hers = Interview.objects.get(documenter=dana)
    listing = logged_in(bob).get(reverse("interview_list")).content.decode()
    assert mine.uuid.hex[:8] in listing and hers.uuid.hex[:8] not in listing
    assert logged_in(bob).get(reverse("interview_detail", args=[mine.uuid])).status_code == 200
    assert logged_in(bob).get(reverse("interview_detail", args=[hers.uuid])).status_code == 404


def test_coordinator_sees_all(alice: User, bob: User, dana: User, unsealed: Vault) -> None:
    _post(bob, valid_answers())
    _post(dana, valid_answers())
    listing = logged_in(alice).get(reverse("interview_list")).content.decode()
    for interview in Interview.objects.all():
        assert interview.uuid.hex[:8] in listing
    detail = logged_in(alice).get(reverse("interview_detail", args=[Interview.objects.first().uuid]))
    assert detail.status_code == 200
    assert "Полицейские потребовали деньги." in detail.content.decode()
    assert "02.11.2026" in detail.content.decode() and "2026-11-02" not in detail.content.decode()
    assert AuditEvent.objects.filter(action="interview.read").count() == 1


def test_detail_is_sealed_page_while_sealed(alice: User, bob: User) -> None:
    _post(bob, valid_answers())
    response = logged_in(alice).get(reverse("interview_detail", args=[Interview.objects.get().uuid]))
    assert response.status_code == 503
    assert "Полицейские".encode() not in response.content


def test_charlie_gets_404_on_everything_of_another_organisation(
    bob: User, charlie: User, unsealed: Vault
) -> None:
    _post(bob, valid_answers())
    record = Interview.objects.get().uuid
    client = logged_in(charlie)
    assert client.get(reverse("interview_detail", args=[record])).status_code == 404
    assert record.hex[:8] not in client.get(reverse("interview_list")).content.decode()


def test_analyst_sees_no_interviews(ana: User, bob: User) -> None:
    _post(bob, valid_answers())
    client = logged_in(ana)
    assert client.get(reverse("interview_list")).status_code == 403
    assert client.get(reverse("interview_new")).status_code == 403
    assert client.get(reverse("interview_detail", args=[Interview.objects.get().uuid])).status_code == 404


@pytest.mark.parametrize("consent", ["yes", "no"])
def test_lawyer_opens_only_cases_with_consent_to_report(
    lena: User, bob: User, unsealed: Vault, consent: str
) -> None:
    _post(bob, valid_answers(consent_report_to_authorities=consent))
    response = logged_in(lena).get(reverse("interview_detail", args=[Interview.objects.get().uuid]))
    assert response.status_code == (200 if consent == "yes" else 404)


def test_anonymous_is_sent_to_login(db: Any, client: Any) -> None:
    response = client.get(reverse("interview_new"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
