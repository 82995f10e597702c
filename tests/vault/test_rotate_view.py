"""Key rotation on the web: keyholders only; the new sheet is shown once and not cached."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kua.accounts.models import User
from kua.vault import services
from kua.vault.models import Vault
from tests.conftest import PASSPHRASE, logged_in


def test_rotation_page_is_for_keyholders(client: Any, alice: User, bob: User, charlie: User) -> None:
    url = reverse("vault_rotate")
    assert client.get(url).status_code == 302
    assert logged_in(bob).get(url).status_code == 403
    assert logged_in(alice).get(url).status_code == 200


def test_rotation_with_the_passphrase_shows_the_new_sheet_once(alice: User, vault: Vault) -> None:
    client = logged_in(alice)
    wrong = client.post(reverse("vault_rotate"), {"passphrase": "not the passphrase at all"})
    assert wrong.status_code == 200 and Vault.objects.get(pk=vault.pk).epoch == 1
    done = client.post(reverse("vault_rotate"), {"passphrase": PASSPHRASE})
    assert done.status_code == 200 and "KUA1-" in done.content.decode()
    assert done["Cache-Control"] == "no-store"
    vault.refresh_from_db()
    assert vault.epoch == 2 and services.is_unsealed(vault)  # she stays unsealed with the new key
