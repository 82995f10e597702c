"""Seal now: the panic control, one tap from every page for every role, naming who sealed."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.vault.models import Vault
from kua.vault.selectors import is_unsealed
from tests.conftest import logged_in

# Pages each person reaches (the access table has the statuses); every one carries the button.
PAGES = {
    "alice": ["home", "interview_list", "dashboard", "report", "export", "vault_keyholders", "form_upload"],
    "bob": ["home", "interview_list", "interview_new", "refusal_new", "vault_passphrase"],
    "lena": ["home", "interview_list", "dashboard", "report", "export"],
    "ana": ["home", "dashboard", "report", "report_preview"],
}
SEAL_FORM = re.compile(
    r'<form class="seal-now" action="/vault/seal/" method="post"><input type="hidden" '
    r'name="csrfmiddlewaretoken" value="[^"]+">\s*<button class="danger" type="submit">'
)


@pytest.mark.parametrize("person", list(PAGES))
def test_every_page_has_seal_now(
    person: str, alice: User, bob: User, lena: User, ana: User, unsealed: Vault
) -> None:
    user = {"alice": alice, "bob": bob, "lena": lena, "ana": ana}[person]
    client = logged_in(user)
    for name in PAGES[person]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert SEAL_FORM.search(response.content.decode()), f"{name} has no Seal now for {person}"


@pytest.mark.parametrize("person", ["bob", "lena", "ana"])
def test_any_role_seals_and_the_audit_row_names_her(
    person: str, bob: User, lena: User, ana: User, unsealed: Vault
) -> None:
    user = {"bob": bob, "lena": lena, "ana": ana}[person]
    response = logged_in(user).post(reverse("vault_seal"))
    assert response.status_code == 302
    assert not is_unsealed(unsealed)
    row = AuditEvent.objects.filter(action="vault.seal").get()
    assert row.actor_id == user.pk


def test_seal_now_needs_the_csrf_token(bob: User, unsealed: Vault) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    assert client.post(reverse("vault_seal")).status_code == 403
    assert is_unsealed(unsealed)
