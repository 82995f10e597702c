"""Only a keyholder is offered "Open the vault"; the language buttons name each language in itself."""

from __future__ import annotations

from django.urls import reverse

from kua.accounts.models import User
from kua.accounts.policy import may_open_vault
from kua.interviews.models import Interview
from kua.vault.models import Vault
from kua.vault.selectors import may_open_vault as user_may_open
from tests.conftest import logged_in, valid_answers

UNSEAL = reverse("vault_unseal")


def test_the_rule() -> None:
    assert may_open_vault(is_keyholder=True) is True
    assert may_open_vault(is_keyholder=False) is False


def test_home_offers_the_button_to_the_keyholder_only(alice: User, bob: User, vault: Vault) -> None:
    assert user_may_open(alice) and not user_may_open(bob)
    assert f'href="{UNSEAL}"' in logged_in(alice).get(reverse("home")).content.decode()
    assert UNSEAL not in logged_in(bob).get(reverse("home")).content.decode()


def test_sealed_page_offers_it_to_the_keyholder_only(alice: User, bob: User, vault: Vault) -> None:
    assert logged_in(bob).post(reverse("interview_new"), valid_answers()).status_code == 302
    detail = reverse("interview_detail", args=[Interview.objects.get().uuid])
    for_bob = logged_in(bob).get(detail)
    assert for_bob.status_code == 503
    body = for_bob.content.decode()
    assert UNSEAL not in body and "хранителя ключа" in body
    for_alice = logged_in(alice).get(detail)
    assert for_alice.status_code == 503 and f"{UNSEAL}?next=" in for_alice.content.decode()


def test_language_buttons_name_each_language_in_itself(bob: User) -> None:
    client = logged_in(bob)
    for language in ("ru", "kk", "en"):
        client.cookies["django_language"] = language
        body = client.get(reverse("home")).content.decode()
        for code, name in (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")):
            assert f'value="{code}" lang="{code}"' in body and f">{name}</button>" in body
