"""The coordinator's audit page: who did what, when; record numbers only while unsealed."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.models import AuditEvent
from kua.audit.services import audit_record, read_reference, reference_maker
from kua.cases.models import Case
from kua.interviews.models import Interview
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from kua.vault.services import sealed_note, vault_seal, vault_unseal
from tests.conftest import PASSPHRASE, logged_in, valid_answers

URL = "/audit/"


def _enter(user: User) -> Interview:
    return interview_create(
        actor=user, form_version=current_form(user.org_id), raw=valid_answers(), today=timezone.localdate()
    )


def _get(user: User, language: str = "ru", **params: Any) -> Any:
    client = logged_in(user)
    client.cookies["django_language"] = language
    return client.get(URL, params)


def test_the_url_is_the_audit_page() -> None:
    assert reverse("audit_list") == URL


def test_actions_are_named_in_her_language_not_by_code(alice: User, bob: User, vault: Vault) -> None:
    _enter(bob)
    for language, label in (
        ("ru", "Интервью внесено"),
        ("kk", "Сұхбат енгізілді"),
        ("en", "Interview entered"),
    ):
        page = _get(alice, language).content.decode()
        assert label in page, language
        assert ">interview.create<" not in page
    ru = _get(alice, "ru").content.decode()
    assert "<td>версия анкеты</td>" in ru and "<td>хранилище</td>" in ru  # what the row is about
    assert "formversion" not in ru and "<td>vault</td>" not in ru
    assert "канал: web" in ru  # the detail's keys too


def test_numbers_only_while_unsealed(alice: User, bob: User, vault: Vault) -> None:
    number = _enter(bob).uuid.hex[:8]
    sealed_page = _get(alice).content.decode()
    assert number not in sealed_page
    assert "<code>—</code>" in sealed_page
    assert "r1:" not in sealed_page
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert f"<code>{number}</code>" in _get(alice).content.decode()
    vault_seal(vault=vault, actor=None, via="test")
    assert number not in _get(alice).content.decode()


def test_a_case_row_shows_its_interviews_number_and_a_gone_record_none(
    alice: User, bob: User, unsealed: Vault
) -> None:
    interview = _enter(bob)
    with transaction.atomic():
        audit_record(AuditAction.CASE_READ, actor=alice, obj=Case(record_id=interview.uuid))
        audit_record(AuditAction.CASE_READ, actor=alice, obj=Case(record_id=uuid.uuid4()))  # erased since
    page = _get(alice, action="case.read").content.decode()
    assert f"<code>{interview.uuid.hex[:8]}</code>" in page
    assert page.count("<code>—</code>") == 1
    assert "r1:" not in page


def test_sealed_notes_open_for_the_coordinator_while_unsealed(alice: User, vault: Vault) -> None:
    with transaction.atomic():
        audit_record(
            AuditAction.CASE_ACTION_ADD,
            actor=alice,
            sealed=sealed_note(alice.org_id, {"code": "complaint_filed"}),
        )
    sealed_page = _get(alice).content.decode()
    assert "complaint_filed" not in sealed_page
    assert "запечатано" in sealed_page
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert "code: complaint_filed" in _get(alice).content.decode()
    listed = AuditEvent.objects.filter(action=AuditAction.AUDIT_LIST).order_by("-seq").first()
    assert listed is not None and listed.detail["notes_opened"] == 1


@pytest.mark.parametrize("person", ["bob", "lena", "ana"])
def test_only_the_coordinator(person: str, request: pytest.FixtureRequest, vault: Vault) -> None:
    assert _get(request.getfixturevalue(person)).status_code == 403


def test_another_organisations_rows_are_not_shown(alice: User, charlie: User, bob: User) -> None:
    _enter(bob)
    page = _get(charlie, "en", action="interview.create").content.decode()
    assert "Rows found: 0." in page
    assert ">bob<" not in page


def _rows(actor: User, count: int, action: AuditAction = AuditAction.LOGIN) -> None:
    with transaction.atomic():
        for _ in range(count):
            audit_record(action, actor=actor)


def test_pages_of_fifty_with_a_page_count(alice: User, bob: User, vault: Vault) -> None:
    _rows(bob, 60)
    page = _get(alice, "en", person=bob.pk).content.decode()
    assert "Rows found: 60. Page 1 of 2." in page
    assert page.count("<tr><td") == 50
    second = _get(alice, "en", person=bob.pk, page=2).content.decode()
    assert "Page 2 of 2." in second
    assert second.count("<tr><td") == 10


def test_filters_by_person_action_and_dates(alice: User, bob: User, vault: Vault) -> None:
    _rows(bob, 3)
    _rows(alice, 2, AuditAction.STUDY_SAVE)
    assert "Rows found: 3." in _get(alice, "en", person=bob.pk).content.decode()
    assert "Rows found: 2." in _get(alice, "en", action="study.save").content.decode()
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    none = _get(alice, "en", date_from=tomorrow.isoformat()).content.decode()
    assert "Rows found: 0." in none
    some = _get(alice, "en", action="login", date_from=today.isoformat(), date_to=today.isoformat())
    assert "Rows found: 3." in some.content.decode()


def test_a_period_that_ends_before_it_starts_is_a_clear_error(alice: User, vault: Vault) -> None:
    response = _get(alice, "ru", date_from="2026-12-05", date_to="2026-12-01")
    assert response.status_code == 400
    assert "Период заканчивается раньше, чем начинается." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.AUDIT_LIST).exists()


def test_viewing_writes_one_row_of_counts(alice: User, bob: User, vault: Vault) -> None:
    _rows(bob, 2)
    before = AuditEvent.objects.count()
    hers = AuditEvent.objects.filter(organisation_id=alice.org_id).count()
    _get(alice)
    assert AuditEvent.objects.count() == before + 1
    row = AuditEvent.objects.order_by("-seq").first()
    assert row is not None and row.action == "audit.list" and row.detail == {"shown": hers, "notes_opened": 0}


def test_queries_do_not_grow_with_the_rows(
    alice: User, bob: User, unsealed: Vault, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        _enter(bob)
    _rows(bob, 120)
    _get(alice)  # builds the index of record numbers
    with django_assert_max_num_queries(40):
        _get(alice, page="2")


def test_reference_maker_is_read_reference() -> None:
    for action in ("interview.read", "case.open", "interview.create"):
        make = reference_maker(action)
        assert make("0b6f0c5e-2f6e-4b2a-9d7e-1d2c3b4a5f60") == read_reference(
            "0b6f0c5e-2f6e-4b2a-9d7e-1d2c3b4a5f60", action
        )
