"""Record ids carried in from imported files are stored only as a keyed hash; importing
the same file twice still adds nothing."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import connection

from kua.accounts.models import User
from kua.interviews.models import Interview
from kua.vault.linkage import instance_key
from kua.vault.selectors import vault_for
from tests.conftest import valid_answers
from tests.interchange.conftest import csv_bytes

IDS = ["uuid:5b1e2c84-kobo-0001", "uuid:5b1e2c84-kobo-0002"]


def _file() -> bytes:
    """Two interviews (two ages: the same answers twice would be one row repeated)."""
    rows = []
    for age, instance in zip(("31", "42"), IDS, strict=True):
        good = {k: " ".join(v) if isinstance(v, list) else v for k, v in valid_answers(age=age).items()}
        header = [*sorted(good), "meta/instanceID"]
        rows.append([good[h] for h in header[:-1]] + [instance])
    return csv_bytes(header, rows)


def _column() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT instance_id FROM interviews_interview")
        return [row[0] for row in cursor.fetchall()]


def test_no_instance_id_is_stored_in_clear(run_import: Any, alice: User) -> None:
    assert run_import(_file()).stored == 2
    stored = _column()
    assert len(stored) == 2
    for value in stored:
        assert not any(part in value for part in ("kobo", "5b1e2c84", "uuid:"))
    vault = vault_for(alice.org_id)
    assert sorted(stored) == sorted(instance_key(vault, i) for i in IDS)
    again = run_import(_file())
    assert (again.stored, again.duplicates) == (0, 2)


def test_the_same_id_in_another_organisation_gives_another_key(alice: User, charlie: User) -> None:
    assert instance_key(vault_for(alice.org_id), IDS[0]) != instance_key(vault_for(charlie.org_id), IDS[0])


def test_the_migration_hashes_clear_ids(run_import: Any, alice: User) -> None:
    run_import(_file())
    Interview.objects.filter(instance_id=instance_key(vault_for(alice.org_id), IDS[0])).update(
        instance_id=IDS[0]
    )
    import_module("kua.interviews.migrations.0003_instance_id_keyed_hash").hash_instance_ids(apps, None)
    assert sorted(_column()) == sorted(instance_key(vault_for(alice.org_id), i) for i in IDS)
