"""Bob logs in on a phone, fills the form, watches skip logic, submits, finds it listed."""

from __future__ import annotations

from typing import Any

import pytest

from kua.accounts.models import User
from kua.interviews.models import Interview
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _visible(page: Any, name: str) -> bool:
    return page.locator(f'[data-field="{name}"]').is_visible()


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    assert "Войти" in page.content()
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")


def test_bob_enters_an_interview_on_a_phone(live_server: Any, phone: Any, bob: User) -> None:
    page = phone
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _log_in(page, live_server.url, "bob")
    page.click("text=Новое интервью")
    page.wait_for_selector('[data-field="consent_recorded"]')
    page.wait_for_load_state("load")  # the deferred script has run (a busy machine is slow)

    # Before consent is recorded, the respondent's sections stay hidden.
    assert not _visible(page, "age")
    page.fill("#f-registered_on", "2026-11-02")
    for name in (
        "consent_statistics",
        "consent_anonymous_use",
        "consent_report_to_authorities",
        "consent_recorded",
    ):
        page.check(f'input[name="{name}"][value="yes"]')
    page.check('input[name="consent_public_name"][value="no"]')
    assert _visible(page, "age")

    page.check('input[name="sex"][value="female"]')
    page.fill("#f-age", "29")
    page.select_option("#f-citizenship", "KZ")
    # work_venue appears only for sex workers.
    assert not _visible(page, "work_venue")
    page.check('input[name="key_population"][value="sex_worker"]')
    assert _visible(page, "work_venue")
    page.check('input[name="work_venue"][value="sauna"]')

    # Districts follow the region.
    page.select_option("#f-residence_region", "zhetysu")
    assert page.locator('#f-residence_district option[value="taldykorgan"]').is_enabled()
    assert not page.locator('#f-residence_district option[value="talgar"]').is_enabled()
    page.select_option("#f-residence_district", "taldykorgan")

    # Police questions show only when rights were violated; complaint follow-ups only after a complaint.
    assert not _visible(page, "police_violations")
    page.check('input[name="rights_violated_6m"][value="yes"]')
    assert _visible(page, "police_violations")
    page.check('input[name="police_violations"][value="extortion"]')
    assert _visible(page, "detentions_last_month")
    page.check('input[name="police_knows_where_to_turn"][value="no"]')
    assert not _visible(page, "police_complaint_accepted")
    page.check('input[name="police_complained"][value="yes"]')
    assert _visible(page, "police_complaint_accepted")
    page.check('input[name="police_complained"][value="no"]')
    assert not _visible(page, "police_complaint_accepted")
    assert _visible(page, "police_no_complaint_reason")

    page.check('input[name="medical_knows_where_to_turn"][value="yes"]')
    page.check('input[name="medical_complained"][value="no"]')
    page.fill("#f-narrative", "Сотрудник забрал деньги и телефон.")
    page.click("text=Сохранить и запечатать")
    page.wait_for_url(f"{live_server.url}/interviews/")

    interview = Interview.objects.get()
    assert interview.documenter == bob
    assert interview.uuid.hex[:8] in page.content()
    assert errors == []


def test_a_minor_sees_the_referral(live_server: Any, phone: Any, bob: User) -> None:
    page = phone
    _log_in(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/interviews/new/")
    page.check('input[name="consent_recorded"][value="yes"]')
    assert not _visible(page, "minor_referral")
    page.fill("#f-age", "16")
    page.locator("#f-age").dispatch_event("input")
    assert _visible(page, "minor_referral")
    assert not page.locator('[data-section="sec_violations"]').is_visible()
