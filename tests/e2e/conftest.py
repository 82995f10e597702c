"""Playwright driving Debian's chromium (never a downloaded browser), headless."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django_otp.oath import TOTP

from kua.accounts.models import User
from kua.accounts.selectors import totp_device
from tests.conftest import PASSPHRASE, PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Any]:
    """One Playwright for the whole run: a second sync_playwright() inside it fails (its event
    loop is already running), so every browser of the tests is started from this one."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: apt-get install chromium (make test does this as root)")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Any) -> Iterator[Any]:
    browser = playwright_session.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A cheap Android phone's screen, in Russian."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ru-RU", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def totp_code(user: User) -> str:
    """The code her authenticator app shows now."""
    device = totp_device(user, confirmed=True)
    assert device is not None, f"{user.username} has no authenticator"
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def log_in(page: Any, base: str, user: User) -> None:
    """Username, password, then the second step (the named users that need one have a device)."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/accounts/2fa/**")
    page.fill("#id_token", totp_code(user))
    page.click("button.primary")


@pytest.fixture
def open_vault_as_alice(live_server: Any, browser: Any, alice: User) -> Iterator[Callable[[], Any]]:
    """Call it for a desktop page (Russian, downloads on) where alice has logged in and opened the vault."""
    contexts: list[Any] = []

    def open_page() -> Any:
        context = browser.new_context(locale="ru-RU", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        base = live_server.url
        log_in(page, base, alice)
        page.click("text=Открыть хранилище")
        page.fill("#id_passphrase", PASSPHRASE)
        page.click("button.primary")
        page.wait_for_url(f"{base}/")
        return page

    yield open_page
    for context in contexts:
        context.close()
