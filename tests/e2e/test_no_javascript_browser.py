"""With JavaScript off (an old phone, a blocked script), in Russian: every follow-up is on the
page, says when it applies instead of a red *, and a radio she can no longer clear does not
cost her the interview: its answer is dropped and named after saving."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kua.accounts.models import User
from kua.interviews.models import Interview
from kua.interviews.selectors import open_payload
from kua.vault.models import Vault
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOLLOW_UP = '[data-field="police_complaint_accepted"]'


@pytest.fixture
def phone_without_js(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="ru-RU",
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _log_in(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "bob")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")


def _answer_everything_required(page: Any) -> None:
    page.fill("#f-registered_on", "2026-11-02")
    for name in ("consent_statistics", "consent_anonymous_use", "consent_report_to_authorities"):
        page.check(f'input[name="{name}"][value="yes"]')
    page.check('input[name="consent_public_name"][value="no"]')
    page.check('input[name="consent_recorded"][value="yes"]')
    page.check('input[name="sex"][value="female"]')
    page.fill("#f-age", "29")
    page.select_option("#f-citizenship", "KZ")
    page.check('input[name="key_population"][value="sex_worker"]')
    page.select_option("#f-residence_region", "zhetysu")
    page.select_option("#f-residence_district", "taldykorgan")
    page.check('input[name="rights_violated_6m"][value="yes"]')
    page.check('input[name="police_violations"][value="extortion"]')
    page.check('input[name="police_knows_where_to_turn"][value="no"]')
    page.check('input[name="medical_knows_where_to_turn"][value="yes"]')
    page.check('input[name="medical_complained"][value="no"]')


def test_a_follow_up_that_no_longer_applies_is_dropped_not_refused(
    live_server: Any, phone_without_js: Any, bob: User, unsealed: Vault
) -> None:
    page = phone_without_js
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/interviews/new/")

    # Every question is on the page; the follow-up says when it applies, with no red *.
    follow_up = page.locator(FOLLOW_UP)
    assert follow_up.is_visible()
    assert not follow_up.locator(".req").is_visible()
    assert follow_up.locator(".only-if").inner_text().startswith("только если «Подавали ли вы за")
    assert page.locator('[data-field="consent_recorded"] .req').is_visible()

    _answer_everything_required(page)
    # She answers the follow-up, then changes her mind about the complaint: without the
    # script the radio cannot be cleared.
    page.check('input[name="police_complained"][value="yes"]')
    page.check('input[name="police_complaint_accepted"][value="yes"]')
    page.check('input[name="police_complained"][value="no"]')
    page.fill("#f-police_no_complaint_reason", "боялась")
    page.click("text=Сохранить и запечатать")
    page.wait_for_url(f"{live_server.url}/interviews/")

    message = page.locator(".msg-warning").inner_text()
    assert message.startswith("Не сохранены ответы на вопросы, которые при других ответах не задаются")
    assert "«Приняли ли вашу жалобу?»" in message
    assert "должен остаться пустым" not in page.content()
    interview = Interview.objects.get()
    assert interview.documenter == bob
    assert "police_complaint_accepted" not in open_payload(interview).answers


def test_with_javascript_the_follow_up_shows_its_star_while_it_applies(
    live_server: Any, phone: Any, bob: User
) -> None:
    page = phone
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/interviews/new/")
    page.wait_for_load_state("load")  # the deferred script has run
    page.check('input[name="consent_recorded"][value="yes"]')
    page.check('input[name="rights_violated_6m"][value="yes"]')
    page.check('input[name="police_complained"][value="yes"]')
    follow_up = page.locator(FOLLOW_UP)
    assert follow_up.is_visible()
    assert follow_up.locator(".req").is_visible()
    assert not follow_up.locator(".only-if").is_visible()
