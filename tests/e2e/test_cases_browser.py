"""Lena, on a phone, logs in, opens a due follow-up, records a complaint filed and its outcome,
and sees the report's response table change."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from kua.accounts.models import User
from kua.cases.models import Case
from kua.cases.services import case_update
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from tests.conftest import valid_answers
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The complaints table: rows in the order of the body codes, cells in the order of the outcomes.
PROSECUTOR_ROW, POSITIVE_CELL = 2, 2


def _positive_complaints_to_prosecutor(page: Any, base: str) -> str:
    page.goto(f"{base}/dashboard/")
    cell = page.locator(
        f"#table-responses_complaints tbody tr:nth-child({PROSECUTOR_ROW}) td:nth-of-type({POSITIVE_CELL})"
    )
    return str(cell.inner_text()).strip()


def test_lawyer_on_a_phone_records_a_complaint_and_its_outcome(
    live_server: Any, phone: Any, alice: User, bob: User, lena: User, unsealed: Vault
) -> None:
    today = timezone.localdate()
    interview = interview_create(
        actor=bob,
        form_version=current_form(bob.org_id),
        raw=valid_answers(registered_on=(today - datetime.timedelta(days=10)).isoformat()),
        today=today,
    )
    case = Case.objects.get(interview=interview)
    case_update(
        actor=alice,
        case=case,
        today=today,
        assigned_to=lena,
        next_follow_up=today - datetime.timedelta(days=1),
    )
    page, base = phone, live_server.url
    log_in(page, base, lena)
    page.wait_for_url(f"{base}/")
    assert _positive_complaints_to_prosecutor(page, base) == "0"

    page.goto(f"{base}/cases/")
    assert page.locator('[data-count="overdue"]').inner_text() == "1"
    page.click('a[href="?due=overdue"]')
    page.click(f"text={case.record_id.hex[:8]}")
    page.wait_for_url(f"{base}/cases/{case.record_id}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # no sideways scrolling

    page.select_option("#id_action", "complaint_filed")
    page.select_option("#id_body", "prosecutor")
    page.select_option("#id_outcome", "pending")
    page.fill("#id_note", "Подала жалобу вместе с клиенткой")
    page.fill("#id_next_follow_up", (today + datetime.timedelta(days=14)).isoformat())
    page.click("#action-form button[type=submit]")
    page.wait_for_url(f"{base}/cases/{case.record_id}/")
    assert page.locator('li[data-action="complaint_filed"]').count() == 1

    page.select_option("form.outcome select", "positive")
    page.click("form.outcome button")
    page.wait_for_url(f"{base}/cases/{case.record_id}/")
    assert page.locator('[data-outcome="positive"]').count() == 1

    assert _positive_complaints_to_prosecutor(page, base) == "1"
