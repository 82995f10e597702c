"""Login, two-factor, throttling and session rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.middleware import LOGIN_AT, SEEN_AT
from kua.accounts.models import User
from kua.audit.models import AuditEvent
from tests.conftest import PASSWORD, logged_in


def _login(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_documenter_logs_in_with_password_only(bob: User) -> None:
    client = Client()
    assert _login(client, "bob").status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="login", actor_id=bob.pk).exists()


def test_coordinator_must_confirm_a_code(alice: User) -> None:
    client = Client()
    _login(client, "alice")
    response = client.get(reverse("interview_list"))
    assert response.status_code == 302 and response["Location"] == reverse("two_factor")
    device = TOTPDevice.objects.get(user=alice)
    assert (
        client.post(
            reverse("two_factor"), {"token": "000000" if _code(device) != "000000" else "111111"}
        ).status_code
        == 200
    )
    assert client.get(reverse("interview_list")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # wrong codes slow the next try down
    device.throttle_reset()
    assert client.post(reverse("two_factor"), {"token": _code(device)}).status_code == 302
    assert client.get(reverse("interview_list")).status_code == 200


def test_first_login_enrols_an_authenticator(org: Any) -> None:
    from kua.accounts.services import user_create

    user_create(organisation=org, username="lawyer2", role="lawyer", password=PASSWORD)
    client = Client()
    _login(client, "lawyer2")
    page = client.get(reverse("two_factor"))
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user__username="lawyer2", confirmed=False)
    assert client.post(reverse("two_factor"), {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_five_failures_lock_the_account(bob: User) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "bob", "wrong-password")
    locked = _login(client, "bob")  # even the right password now
    assert locked.status_code == 429
    assert client.get(reverse("home")).status_code != 200


def test_lockout_ends_after_fifteen_minutes(bob: User, settings: Any) -> None:
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    client = Client()
    for _ in range(5):
        _login(client, "bob", "wrong-password")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, "bob").status_code == 302


def test_login_gives_a_new_session_id(bob: User) -> None:
    client = Client()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    _login(client, "bob")
    assert client.session.session_key != before


def _age_session(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_idle_session_ends_after_thirty_minutes(bob: User) -> None:
    client = Client()
    _login(client, "bob")
    client.get(reverse("home"))
    _age_session(client, SEEN_AT, 31 * 60)
    assert client.get(reverse("home")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_session_ends_after_twelve_hours_even_when_busy(bob: User) -> None:
    client = Client()
    _login(client, "bob")
    client.get(reverse("home"))
    _age_session(client, LOGIN_AT, 12 * 3600 + 1)
    assert client.get(reverse("home")).status_code == 302


def test_authenticated_pages_are_not_cached_and_have_a_strict_csp(bob: User) -> None:
    response = logged_in(bob).get(reverse("interview_new"))
    assert response["Cache-Control"] == "no-store"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(("language", "word"), [("ru", "Войти"), ("kk", "Кіру"), ("en", "Log in")])
def test_login_page_in_three_languages(db: Any, language: str, word: str) -> None:
    client = Client()
    client.cookies["django_language"] = language
    assert word in client.get(reverse("login")).content.decode()


def test_the_lockout_keeps_no_address_nor_phone_of_staff(bob: User) -> None:
    """A copy of the database does not say where or on which phone staff log in (issue 20, item 5)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.db import connection

    agent = "Mozilla/5.0 (Linux; Android 11; SM-A125F) Canary-Agent"
    client = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT=agent, HTTP_ACCEPT="text/canary")
    for _ in range(5):
        _login(client, "bob", "wrong-password")
    assert _login(client, "bob").status_code == 429  # the lockout still works
    assert _login(Client(REMOTE_ADDR="198.51.100.9"), "bob").status_code == 429  # from anywhere
    assert AccessLog.objects.count() == 0 and AccessFailureLog.objects.count() == 0
    with connection.cursor() as cursor:
        for table in ("axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed names)
            text = " ".join(str(cell) for row in cursor.fetchall() for cell in row)
            for canary in ("203.0.113.77", "198.51.100.9", "Canary-Agent", "text/canary", "wrong-password"):
                assert canary not in text, (table, canary)
    assert AccessAttempt.objects.get().username == "bob"
