"""The generic multi-row INSERT (kua.dbinsert): what goes in comes back through the ORM."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from kua import dbinsert
from kua.accounts.models import User
from kua.interviews.models import ImportBatch, Interview
from kua.questionnaires.selectors import current_form
from kua.vault.models import DataKey, Vault


def test_rows_come_back_in_order_with_their_keys_across_slices(alice: User) -> None:
    count = dbinsert.SLICE * 2 + 7
    insert = dbinsert.Insert(
        ImportBatch,
        ("filename", "rows_stored", "pending"),
        {"organisation": alice.org_id, "created_by": alice.pk, "created_at": timezone.now(), "owner": ""},
    )
    keys = insert.rows([(f"file-{n}.csv", n, n % 2 == 0) for n in range(count)])
    assert len(keys) == count
    stored = {b.pk: b for b in ImportBatch.objects.filter(pk__in=keys)}
    for n, key in enumerate(keys):
        assert (stored[key].filename, stored[key].rows_stored, stored[key].pending) == (
            f"file-{n}.csv",
            n,
            n % 2 == 0,
        )
        assert stored[key].organisation_id == alice.org_id


def test_uuid_bytes_and_null_values_round_trip(unsealed: Vault, bob: User) -> None:
    key_row = DataKey.objects.create(vault=unsealed, sealed=b"\x00sealed key\xff")
    batch = ImportBatch.objects.create(organisation_id=bob.org_id, created_by=bob, pending=True)
    version = current_form(bob.org_id)
    records = [uuid.uuid4() for _ in range(3)]
    insert = dbinsert.Insert(
        Interview,
        ("uuid", "documenter", "payload", "fingerprint"),
        {"organisation": bob.org_id, "form_version": version.pk, "import_batch": batch.pk,
         "data_key": key_row.pk, "created_at": timezone.now(), "status": Interview.Status.ACTIVE},
    )  # fmt: skip
    keys = insert.rows(
        [(r, bob.pk, bytes([n, 0, 255]), None if n else "f" * 64) for n, r in enumerate(records)]
    )
    rows = {i.pk: i for i in Interview.all_objects.filter(pk__in=keys)}
    assert [rows[k].uuid for k in keys] == records
    assert [bytes(rows[k].payload) for k in keys] == [bytes([n, 0, 255]) for n in range(3)]
    assert [rows[k].fingerprint for k in keys] == ["f" * 64, None, None]


def test_insert_objects_fills_keys_and_automatic_dates(unsealed: Vault) -> None:
    before = timezone.now()
    keys = [DataKey(vault=unsealed, sealed=bytes([n]) * 48) for n in range(4)]
    dbinsert.insert_objects(keys)
    assert all(k.pk is not None and not k._state.adding for k in keys)
    for made in keys:
        stored = DataKey.objects.get(pk=made.pk)
        assert bytes(stored.sealed) == bytes(made.sealed)
        assert stored.created_at >= before


def test_a_row_of_the_wrong_width_is_refused(alice: User) -> None:
    insert = dbinsert.Insert(
        ImportBatch, ("filename",), {"organisation": alice.org_id, "created_by": alice.pk}
    )
    with pytest.raises(ValueError, match="zip"):
        insert.rows([("a.csv", "extra")])


def test_a_computed_default_must_be_given(alice: User) -> None:
    with pytest.raises(ValueError, match="uuid has a computed default"):
        dbinsert.Insert(Interview, ("payload",))
    assert not ImportBatch.objects.exists()
