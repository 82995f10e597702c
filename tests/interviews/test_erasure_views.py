"""The erasure page: coordinators only (others and charlie's records look missing), find by
record id or UIC parts, confirm, erased."""

from __future__ import annotations

import uuid
from typing import Any

from django.urls import reverse
from django.utils import timezone

from kua.accounts.models import User
from kua.interviews.models import Interview
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from tests.conftest import logged_in, valid_answers

UIC = {"mother": "Ай", "father": "Ер", "sex": "female", "birth_year": "1994"}


def _enter(user: User, **answers: Any) -> Interview:
    version = current_form(user.org_id)
    return interview_create(
        actor=user, form_version=version, raw=valid_answers(**answers), today=timezone.localdate()
    )


def test_only_coordinators_see_the_page(client: Any, alice: User, bob: User, lena: User, ana: User) -> None:
    url = reverse("interview_erase")
    assert client.get(url).status_code == 302  # anonymous: to login
    for user in (bob, lena, ana):
        assert logged_in(user).get(url).status_code == 403
        assert logged_in(user).post(reverse("interview_erase_confirm"), {}).status_code == 403
    assert logged_in(alice).get(url).status_code == 200


def test_find_by_uic_parts_then_confirm(alice: User, bob: User, unsealed: Vault) -> None:
    mine = _enter(bob)
    other = _enter(bob, uic_mother_name="Зу")
    client = logged_in(alice)
    page = client.post(reverse("interview_erase"), UIC)
    assert page.status_code == 200
    content = page.content.decode()
    assert f"<code>{mine.uuid}</code>" in content and f"<code>{other.uuid}</code>" not in content
    unconfirmed = client.post(reverse("interview_erase_confirm"), {"records": str(mine.uuid)})
    assert unconfirmed.status_code == 302 and Interview.objects.filter(pk=mine.pk).exists()
    done = client.post(reverse("interview_erase_confirm"), {"records": str(mine.uuid), "confirm": "on"})
    assert done.status_code == 302
    assert (
        not Interview.objects.filter(pk=mine.pk).exists() and Interview.objects.filter(pk=other.pk).exists()
    )


def test_sealed_search_by_code_asks_to_unseal_but_record_ids_work(
    alice: User, bob: User, vault: Vault
) -> None:
    mine = _enter(bob)
    client = logged_in(alice)
    assert (
        "Unseal" in client.post(reverse("interview_erase"), UIC, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    page = client.post(reverse("interview_erase"), {"record_ids": str(mine.uuid)})
    assert f"<code>{mine.uuid}</code>" in page.content.decode()


def test_charlie_cannot_erase_alices_records(alice: User, bob: User, charlie: User) -> None:
    mine = _enter(bob)
    client = logged_in(charlie)
    page = client.post(reverse("interview_erase"), {"record_ids": str(mine.uuid)})
    assert f"<code>{mine.uuid}</code>" not in page.content.decode()  # listed only when found
    done = client.post(reverse("interview_erase_confirm"), {"records": str(mine.uuid), "confirm": "on"})
    assert done.status_code == 404 and Interview.objects.filter(pk=mine.pk).exists()


def test_find_by_the_screen_number_then_erase(alice: User, bob: User, unsealed: Vault) -> None:
    mine = _enter(bob)
    other = _enter(bob)
    client = logged_in(alice)
    page = client.post(reverse("interview_erase"), {"record_ids": mine.uuid.hex[:8].upper()}).content.decode()
    assert f"<code>{mine.uuid}</code>" in page and f"<code>{other.uuid}</code>" not in page
    done = client.post(reverse("interview_erase_confirm"), {"records": str(mine.uuid), "confirm": "on"})
    assert done.status_code == 302 and not Interview.objects.filter(pk=mine.pk).exists()
    assert Interview.objects.filter(pk=other.pk).exists()


def test_an_ambiguous_number_lists_the_candidates_and_finds_none(
    alice: User, bob: User, vault: Vault
) -> None:
    first, second = _enter(bob), _enter(bob)
    Interview.objects.filter(pk=first.pk).update(uuid=uuid.UUID("abcd1234" + "1" * 24))
    Interview.objects.filter(pk=second.pk).update(uuid=uuid.UUID("abcd1234" + "2" * 24))
    page = logged_in(alice).post(
        reverse("interview_erase"), {"record_ids": "abcd1234"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    content = page.content.decode()
    assert page.status_code == 200 and "Several interviews have the number abcd1234" in content
    assert "abcd1234-1111" in content and "abcd1234-2222" in content
    assert "will be erased" not in content and Interview.objects.count() == 2


def test_charlie_cannot_find_alices_record_by_number(alice: User, bob: User, charlie: User) -> None:
    mine = _enter(bob)
    page = logged_in(charlie).post(reverse("interview_erase"), {"record_ids": mine.uuid.hex[:8]})
    assert str(mine.uuid) not in page.content.decode()
