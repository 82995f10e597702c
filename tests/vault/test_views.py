"""Vault pages: unseal, seal, keyholders — with the named users."""

from __future__ import annotations

from django.urls import reverse

from kua.accounts.models import User
from kua.vault.models import Keyholder, Vault
from kua.vault.selectors import is_unsealed
from tests.conftest import PASSPHRASE, logged_in


def test_keyholder_unseals_and_seals_on_the_web(alice: User, vault: Vault) -> None:
    client = logged_in(alice)
    wrong = client.post(reverse("vault_unseal"), {"passphrase": "not it at all"})
    assert wrong.status_code == 200 and not is_unsealed(vault)
    right = client.post(reverse("vault_unseal"), {"passphrase": PASSPHRASE, "next": "https://evil.example/"})
    assert right.status_code == 302 and right["Location"] == "/"  # no open redirect
    assert is_unsealed(vault)
    assert client.post(reverse("vault_seal")).status_code == 302
    assert not is_unsealed(vault)


def test_documenter_cannot_unseal(bob: User, vault: Vault) -> None:
    response = logged_in(bob).post(reverse("vault_unseal"), {"passphrase": PASSPHRASE})
    assert response.status_code == 200 and not is_unsealed(vault)


def test_keyholder_pages_are_for_coordinators(alice: User, bob: User, unsealed: Vault) -> None:
    assert logged_in(bob).get(reverse("vault_keyholders")).status_code == 403
    client = logged_in(alice)
    response = client.post(
        reverse("vault_keyholders"), {"username": "bob", "passphrase": "bob's long passphrase"}
    )
    assert response.status_code == 302
    assert Keyholder.objects.filter(user=bob).exists()
    client.post(reverse("vault_keyholder_remove", args=[bob.pk]))
    assert not Keyholder.objects.filter(user=bob).exists()


def test_charlie_cannot_touch_alices_keyholders(alice: User, charlie: User, unsealed: Vault) -> None:
    response = logged_in(charlie).post(reverse("vault_keyholder_remove", args=[alice.pk]))
    assert response.status_code == 404
    assert Keyholder.objects.filter(user=alice).exists()
