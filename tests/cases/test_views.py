"""The lawyer's workspace with the named users; charlie gets 404 on every case URL."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.cases.models import Case, CaseAction
from kua.cases.sealing import open_action, open_case
from kua.cases.services import case_key
from kua.vault.models import Vault
from tests.cases.conftest import entered
from tests.conftest import logged_in

ACTION = {"action_on": "2026-11-10", "action": "complaint_filed", "body": "prosecutor", "outcome": "pending"}


def _urls(case: Case) -> list[tuple[str, str]]:
    record = case.record_id
    action = uuid.uuid4()
    return [
        ("get", reverse("case_detail", args=[record])),
        ("post", reverse("case_action_new", args=[record])),
        ("post", reverse("case_update", args=[record])),
        ("post", reverse("case_action_outcome", args=[record, action])),
    ]


def test_charlie_gets_404_on_every_case_url(bob: User, charlie: User, unsealed: Vault) -> None:
    case = entered(bob)
    client = logged_in(charlie)
    for method, url in _urls(case):
        assert getattr(client, method)(url, ACTION).status_code == 404, url
    assert str(case.record_id)[:8].encode() not in client.get(reverse("case_list")).content


def test_anonymous_is_sent_to_login(bob: User) -> None:
    case = entered(bob)
    from django.test import Client

    for method, url in [("get", reverse("case_list")), *_urls(case)]:
        response = getattr(Client(), method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_analyst_gets_403_on_the_list_and_404_on_a_case(bob: User, ana: User, unsealed: Vault) -> None:
    case = entered(bob)
    client = logged_in(ana)
    assert client.get(reverse("case_list")).status_code == 403  # a function analysts do not use
    assert client.get(reverse("case_detail", args=[case.record_id])).status_code == 404


def test_documenter_sees_only_her_own_cases_read_only(bob: User, dana: User, unsealed: Vault) -> None:
    own, other = entered(bob), entered(dana)
    client = logged_in(bob)
    listing = client.get(reverse("case_list")).content.decode()
    assert own.record_id.hex[:8] in listing and other.record_id.hex[:8] not in listing
    page = client.get(reverse("case_detail", args=[own.record_id]))
    assert page.status_code == 200 and 'id="action-form"' not in page.content.decode()
    assert client.get(reverse("case_detail", args=[other.record_id])).status_code == 404
    assert client.post(reverse("case_action_new", args=[own.record_id]), ACTION).status_code == 404
    assert not CaseAction.objects.exists()


def test_lawyer_records_a_complaint_and_its_outcome(bob: User, lena: User, unsealed: Vault) -> None:
    case = entered(bob)
    client = logged_in(lena)
    response = client.post(
        reverse("case_action_new", args=[case.record_id]), {**ACTION, "status": "in_progress"}
    )
    assert response.status_code == 302
    action = CaseAction.objects.get()
    facts = open_action(action, case_key(case))
    assert (facts.action, facts.body, facts.by, facts.outcome) == (
        "complaint_filed",
        "prosecutor",
        "lena",
        "pending",
    )
    assert b"prosecutor" not in bytes(action.payload)
    case.refresh_from_db()
    assert open_case(case, case_key(case)).status == "in_progress"
    url = reverse("case_action_outcome", args=[case.record_id, action.uuid])
    assert client.post(url, {"outcome": "positive"}).status_code == 302
    action.refresh_from_db()
    assert open_action(action, case_key(case)).outcome == "positive"
    assert AuditEvent.objects.filter(action="case.action_add", actor_id=lena.pk).count() == 1
    assert AuditEvent.objects.filter(action="case.action_outcome").count() == 1


def test_prosecutor_refused_without_consent_on_the_web(bob: User, alice: User, unsealed: Vault) -> None:
    case = entered(bob, consent_report_to_authorities="no")
    response = logged_in(alice).post(reverse("case_action_new", args=[case.record_id]), ACTION)
    assert response.status_code == 400
    assert "consent_report_to_authorities" in response.content.decode()
    assert not CaseAction.objects.exists()
    legal = {"action_on": "2026-11-10", "action": "legal_consultation"}
    assert logged_in(alice).post(reverse("case_action_new", args=[case.record_id]), legal).status_code == 302


def test_lawyer_does_not_see_cases_without_consent_unless_assigned(
    bob: User, alice: User, lena: User, unsealed: Vault
) -> None:
    case = entered(bob, consent_report_to_authorities="no")
    client = logged_in(lena)
    assert client.get(reverse("case_detail", args=[case.record_id])).status_code == 404
    response = logged_in(alice).post(
        reverse("case_update", args=[case.record_id]), {"case-status": "open", "case-assigned_to": lena.pk}
    )
    assert response.status_code == 302
    page = client.get(reverse("case_detail", args=[case.record_id])).content.decode()
    assert "Полицейские потребовали" not in page  # the narrative needs the consent


def test_action_date_in_the_future_or_before_the_interview(bob: User, alice: User, unsealed: Vault) -> None:
    case = entered(bob)
    client = logged_in(alice)
    url = reverse("case_action_new", args=[case.record_id])
    assert client.post(url, {**ACTION, "action_on": "2099-01-01"}).status_code == 400
    assert client.post(url, {**ACTION, "action_on": "2026-10-01"}).status_code == 400
    assert client.post(url, {**ACTION, "body": ""}).status_code == 400
    assert not CaseAction.objects.exists()


@pytest.mark.parametrize(("due", "shown"), [("overdue", True), ("week", False)])
def test_follow_up_filters(bob: User, alice: User, unsealed: Vault, due: str, shown: bool) -> None:
    case = entered(bob)
    client = logged_in(alice)
    client.post(
        reverse("case_update", args=[case.record_id]),
        {"case-status": "open", "case-next_follow_up": "2020-01-01"},
    )
    listing = client.get(reverse("case_list"), {"due": due}).content.decode()
    assert (case.record_id.hex[:8] in listing) is shown
    assert 'data-count="overdue">1<' in listing


def test_sealed_vault_gives_the_sealed_page(bob: User, alice: User) -> None:
    entered(bob)
    assert logged_in(alice).get(reverse("case_list")).status_code == 503


def test_coordinator_opens_a_case_by_hand(bob: User, alice: User, lena: User, unsealed: Vault) -> None:
    from kua.interviews.services import interview_create
    from kua.questionnaires.selectors import current_form
    from tests.cases.conftest import no_violation
    from tests.conftest import TODAY

    interview = interview_create(
        actor=bob, form_version=current_form(bob.org_id), raw=no_violation(), today=TODAY
    )
    page = logged_in(alice).get(reverse("interview_detail", args=[interview.uuid])).content.decode()
    assert reverse("case_open", args=[interview.uuid]) in page
    assert logged_in(lena).post(reverse("case_open", args=[interview.uuid])).status_code == 404
    assert logged_in(alice).post(reverse("case_open", args=[interview.uuid])).status_code == 302
    assert Case.objects.filter(interview=interview).exists()
    assert (
        logged_in(alice).post(reverse("case_open", args=[interview.uuid])).status_code == 404
    )  # has one now


def test_reading_the_list_is_audited(bob: User, alice: User, unsealed: Vault) -> None:
    entered(bob)
    logged_in(alice).get(reverse("case_list"))
    assert AuditEvent.objects.filter(action="case.list", actor_id=alice.pk).get().detail == {"shown": 1}


def test_an_assigned_lawyer_without_consent_reads_no_words_of_the_respondent(
    bob: User, alice: User, lena: User, unsealed: Vault
) -> None:
    """One rule (policy.case_facts_shown): without consent to the authorities, an assigned lawyer
    works from the coded facts; the free text and the settlement follow the narrative's rule."""
    words = {"police_violations_other": "Участковый Сапаров забрал паспорт", "residence_settlement": "Еркин"}
    case = entered(bob, consent_report_to_authorities="no", **words)
    update = {"case-status": "open", "case-assigned_to": lena.pk}
    assert logged_in(alice).post(reverse("case_update", args=[case.record_id]), update).status_code == 302
    lawyers = logged_in(lena).get(reverse("case_detail", args=[case.record_id])).content.decode()
    coordinators = logged_in(alice).get(reverse("case_detail", args=[case.record_id])).content.decode()
    for text in words.values():
        assert text not in lawyers
        assert text in coordinators
