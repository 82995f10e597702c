"""On a phone: a missing required answer stops the submit in the browser, the summary at
the top lists it with a link and the focus is on it; without JavaScript the server's
summary does the same after the refused submit."""

from __future__ import annotations

from typing import Any

import pytest

from kua.accounts.models import User
from kua.interviews.models import Interview
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page: Any, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "bob")
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")


def _consent_and_some_answers(page: Any) -> None:
    page.fill("#f-registered_on", "2026-11-02")
    for name in (
        "consent_statistics",
        "consent_anonymous_use",
        "consent_report_to_authorities",
        "consent_recorded",
    ):
        page.check(f'input[name="{name}"][value="yes"]')
    page.check('input[name="consent_public_name"][value="no"]')
    page.check('input[name="sex"][value="female"]')
    page.select_option("#f-citizenship", "KZ")
    page.check('input[name="rights_violated_6m"][value="no"]')
    page.check('input[name="police_knows_where_to_turn"][value="no"]')
    page.check('input[name="police_complained"][value="no"]')
    page.check('input[name="medical_knows_where_to_turn"][value="no"]')
    page.check('input[name="medical_complained"][value="no"]')


def test_the_browser_refuses_a_missing_age_and_focuses_it(live_server: Any, phone: Any, bob: User) -> None:
    page = phone
    errors: list[str] = []
    posts: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/interviews/new/")
    posts.clear()  # the login
    _consent_and_some_answers(page)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.click("text=Сохранить и запечатать")

    summary = page.locator("#error-summary")
    summary.wait_for()
    assert posts == []  # the client-side check stopped the submit
    links = summary.locator("a")
    assert links.count() == 1
    assert links.first.get_attribute("href") == "#f-age"
    assert "Возраст" in links.first.inner_text()
    assert page.evaluate("document.activeElement.id") == "f-age"
    assert page.locator('[data-field="age"]').get_attribute("class") == "q has-error"

    page.fill("#f-age", "30")
    page.click("text=Сохранить и запечатать")
    page.wait_for_url(f"{live_server.url}/interviews/")
    assert len(posts) == 1 and Interview.objects.count() == 1
    assert errors == []


def test_without_javascript_the_server_summary_focuses_the_first_error(
    live_server: Any, browser: Any, bob: User
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ru-RU", is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _log_in(page, live_server.url)
        page.goto(f"{live_server.url}/interviews/new/")
        _consent_and_some_answers(page)
        page.click("text=Сохранить и запечатать")
        page.wait_for_load_state()
        summary = page.locator("#error-summary")
        assert summary.is_visible()
        assert [a.get_attribute("href") for a in summary.locator("a").all()] == ["#f-age"]
        assert page.locator("#f-age").evaluate("el => el === document.activeElement")
        assert Interview.objects.count() == 0
    finally:
        context.close()
