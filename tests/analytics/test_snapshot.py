"""The encrypted snapshot of the analytic view: same tables, nothing readable, never trusted blindly."""

from __future__ import annotations

from django.utils import timezone

from kua.accounts.models import User
from kua.analytics import store
from kua.analytics.models import ViewSnapshot
from kua.analytics.snapshot import decode_view, encode_view
from kua.analytics.tables import summary_tables
from kua.forms.services import current_form
from kua.interviews.services import interview_create
from kua.vault.models import Vault
from tests.conftest import valid_answers


def _enter(user: User, n: int, **answers: object) -> None:
    for _ in range(n):
        interview_create(actor=user, form_version=current_form(user.organisation_id),
                         raw=valid_answers(**answers), today=timezone.localdate())  # fmt: skip


def test_encode_decode_keeps_every_table(bob: User, unsealed: Vault) -> None:
    _enter(bob, 3)
    _enter(bob, 2, police_violations=["robbery"], narrative="Quotable words.")
    view = store.build(bob.organisation_id)
    again = decode_view(encode_view(view))
    assert summary_tables(again) == summary_tables(view)
    assert again.quotes == view.quotes and again.max_id == view.max_id
    assert list(again.numbers["age"]) == list(view.numbers["age"])


def test_build_writes_an_encrypted_snapshot_and_reuses_it(bob: User, unsealed: Vault) -> None:
    _enter(bob, 4, narrative="Secret words in the narrative.")
    first = store.build(bob.organisation_id)
    snapshot = ViewSnapshot.objects.get()
    assert b"Secret words" not in bytes(snapshot.payload)
    assert snapshot.max_interview_id == first.max_id
    _enter(bob, 2, police_violations=["rape"])
    second = store.build(bob.organisation_id)  # snapshot + the two newer interviews
    assert second.size == 6
    assert summary_tables(second)["police"]["rape"] == 2
    assert ViewSnapshot.objects.get().max_interview_id == second.max_id


def test_damaged_snapshot_is_ignored(bob: User, unsealed: Vault) -> None:
    _enter(bob, 3)
    expected = summary_tables(store.build(bob.organisation_id))
    snapshot = ViewSnapshot.objects.get()
    damaged = bytearray(bytes(snapshot.payload))
    damaged[40] ^= 0xFF
    ViewSnapshot.objects.filter(pk=snapshot.pk).update(payload=bytes(damaged))
    assert summary_tables(store.build(bob.organisation_id)) == expected
