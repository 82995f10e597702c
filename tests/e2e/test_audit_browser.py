"""In a real browser, in Russian: alice reads who did what, filtered to bob's entries, with the
record's number while the vault is open, and the help page for her role."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from kua.accounts.models import User
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from tests.conftest import valid_answers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_reads_who_did_what(live_server: Any, open_vault_as_alice: Any, bob: User) -> None:
    interview = interview_create(
        actor=bob, form_version=current_form(bob.org_id), raw=valid_answers(), today=timezone.localdate()
    )
    page = open_vault_as_alice()
    page.click("nav >> text=Кто что делал")
    page.select_option("#id_person", str(bob.pk))
    page.select_option("#id_action", "interview.create")
    page.click("text=Показать")
    table = page.locator("table.audit")
    assert "Найдено строк: 1. Страница 1 из 1." in page.content()
    assert "Интервью внесено" in table.inner_text()
    assert interview.uuid.hex[:8] in table.inner_text()
    page.click("nav >> text=Справка")
    assert page.locator("h2", has_text="Если телефон потерян или изъят").is_visible()
