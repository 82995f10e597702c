"""Issue 21 item 1: the coordinator's People page, in Russian: add a documenter who sets her own
password through a one-time link, lock out a seized phone (account, live sessions and Collect
link at once), change a role, and refuse leaving the organisation without a coordinator."""

from __future__ import annotations

import re

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.odk.links import has_link
from kua.odk.services.links import odk_link_create
from kua.vault.models import Vault
from tests.conftest import logged_in, valid_answers

NEW_PASSWORD = "своё-слово-42"


def _ru(user: User) -> Client:
    client = logged_in(user)
    client.cookies["django_language"] = "ru"
    return client


def _sessions_of(user: User) -> int:
    return sum(s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all())


def _link_path(page: str) -> str:
    found = re.search(r"/accounts/set-password/[^/\"<\s]+/[^/\"<\s]+/", page)
    assert found, "no one-time link on the page"
    return found.group(0)


def test_a_coordinator_adds_a_documenter_who_sets_her_own_password(alice: User, vault: Vault) -> None:
    page = _ru(alice).post(
        reverse("people"), {"display_name": "Гульнар", "username": "gulnar", "role": "documenter"}
    )
    text = page.content.decode()
    assert page.status_code == 200 and "Гульнар" in text and "24" in text
    gulnar = User.objects.get(username="gulnar")
    assert gulnar.organisation_id == alice.organisation_id and not gulnar.has_usable_password()
    path = _link_path(text)
    phone = Client()
    phone.cookies["django_language"] = "ru"
    form = phone.get(path, follow=True)
    assert "Задайте пароль" in form.content.decode() or "пароль" in form.content.decode()
    done = phone.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302 and done["Location"] == reverse("login")
    gulnar.refresh_from_db()
    assert gulnar.check_password(NEW_PASSWORD)
    login = phone.post(reverse("login"), {"username": "gulnar", "password": NEW_PASSWORD})
    assert login.status_code == 302 and "login" not in login["Location"]
    again = Client().get(path, follow=True)  # the link works once
    assert "new_password1" not in again.content.decode()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"user.create", "user.password_reset", "user.password_set"} <= actions
    assert NEW_PASSWORD not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_a_seized_phone_is_locked_out_at_once(alice: User, bob: User, vault: Vault) -> None:
    phone = logged_in(bob)
    assert phone.get(reverse("interview_new")).status_code == 200
    odk_link_create(actor=alice, user=bob, base_url="https://kua.example.org")
    assert _sessions_of(bob) == 1
    reply = _ru(alice).post(reverse("person_change", args=[bob.pk, "seized"]), follow=True)
    assert "заблокирована" in reply.content.decode() or "Collect" in reply.content.decode()
    bob.refresh_from_db()
    assert not bob.is_active and not has_link(bob)
    assert _sessions_of(bob) == 0  # her session row is gone, not only refused
    after = phone.post(reverse("interview_new"), valid_answers())
    assert after.status_code == 302 and "login" in after["Location"]
    assert AuditEvent.objects.filter(action="user.lockout").exists()


def test_role_change_and_the_last_coordinator(alice: User, bob: User, vault: Vault) -> None:
    browser = _ru(alice)
    browser.post(reverse("person_change", args=[bob.pk, "role"]), {"role": "lawyer"})
    bob.refresh_from_db()
    assert bob.role == "lawyer"
    reply = browser.post(reverse("person_change", args=[alice.pk, "disable"]), follow=True)
    alice.refresh_from_db()
    assert alice.is_active and "последн" in reply.content.decode()


def test_only_a_coordinator_of_the_organisation_reaches_people(
    alice: User, bob: User, charlie: User, vault: Vault
) -> None:
    assert logged_in(bob).get(reverse("people")).status_code == 403
    assert logged_in(charlie).get(reverse("person", args=[bob.pk])).status_code in (403, 404)
    assert logged_in(charlie).post(reverse("person_change", args=[bob.pk, "seized"])).status_code in (
        403,
        404,
    )
    bob.refresh_from_db()
    assert bob.is_active
