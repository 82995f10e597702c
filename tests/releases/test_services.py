"""The budget, the ledger, the signing key's rotation, and what is (not) stored of a release."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from kua.accounts.models import User
from kua.analytics.filters import Filters
from kua.analytics.store import view_for
from kua.audit.models import AuditEvent
from kua.releases import fileformat
from kua.releases.models import Budget, LedgerEntry, SigningKey
from kua.releases.selectors import budgets, ledger_entries
from kua.releases.services import BudgetExceeded, budget_set
from kua.releases.tables import exact_tables
from kua.studies.models import Study
from kua.vault import state
from kua.vault.models import DataKey, Vault
from kua.vault.selectors import VaultSealed, private_key
from kua.vault.services import rotation, vault_unseal
from tests.conftest import PASSPHRASE
from tests.releases.helpers import make, population


def _counts() -> tuple[int, int, int, float]:
    spent = sum(Budget.objects.values_list("spent", flat=True))
    return LedgerEntry.objects.count(), AuditEvent.objects.count(), SigningKey.objects.count(), spent


def test_a_release_beyond_the_budget_writes_nothing(bob: User, alice: User, unsealed: Vault) -> None:
    population(bob)
    budget_set(actor=alice, epsilon=1.5, study_id=None)
    make(alice, "dp", 1.0)
    before = _counts()
    with pytest.raises(BudgetExceeded) as refused:
        make(alice, "dp", 1.0)
    assert refused.value.left == pytest.approx(0.5)
    assert _counts() == before  # no ledger entry, audit row, key, or ε spent
    _made, files = make(alice, "dp", 0.5)  # exactly what is left: allowed
    assert len(files) == 1 and budgets(alice)[0].left == 0.0
    make(alice)  # a suppressed release spends no ε


def test_without_a_budget_no_dp_release_and_a_studys_budget_is_its_own(
    bob: User, alice: User, unsealed: Vault
) -> None:
    population(bob)
    with pytest.raises(BudgetExceeded):
        make(alice, "dp", 0.1)
    study = Study.objects.create(
        organisation_id=alice.org_id, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31)
    )
    budget_set(actor=alice, epsilon=1.0, study_id=study.pk)
    make(alice, "dp", 1.0, study=study.pk)
    with pytest.raises(BudgetExceeded):
        make(alice, "dp", 0.1)  # the organisation's budget (no study) is still unset
    assert [(row.study, row.spent) for row in budgets(alice)] == [(study.pk, 1.0)]


def test_the_ledger_lists_every_release_and_needs_the_vault(bob: User, alice: User, unsealed: Vault) -> None:
    population(bob)
    budget_set(actor=alice, epsilon=3.0, study_id=None)
    made = [make(alice)[0], make(alice, "dp", 1.0, region="zhetysu")[0], make(alice, "dp", 2.0)[0]]
    entries = ledger_entries(alice)
    assert [e["release_id"] for e in entries] == [m.document["release_id"] for m in made]
    assert [e["sha256"] for e in entries] == [m.sha256 for m in made]
    assert [(e["kind"], e["method"], e["epsilon"], e["by"]) for e in entries] == [
        ("public", "suppressed", None, "alice"),
        ("public", "dp", 1.0, "alice"),
        ("public", "dp", 2.0, "alice"),
    ]
    assert entries[1]["scope"]["region"] == "zhetysu"
    assert set(entries[0]) == {"release_id", "created", "by", "kind", "method", "epsilon", "scope", "sha256"}
    state.drop_all()
    with pytest.raises(VaultSealed):
        ledger_entries(alice)


def test_no_exact_count_of_a_dp_release_is_stored_anywhere(bob: User, alice: User, unsealed: Vault) -> None:
    population(bob)
    exact = exact_tables(view_for(alice.org_id), Filters())
    budget_set(actor=alice, epsilon=1.0, study_id=None)
    made, _files = make(alice, "dp", 1.0)
    fragments = {
        json.dumps(exact[key], sort_keys=True, separators=separators)
        for key in ("police", "medical", "yn")
        for separators in ((",", ":"), (", ", ": "))
    }
    fragments |= {f'"respondents": {exact["respondents"]}', f'"respondents":{exact["respondents"]}'}
    fragments |= {'"extortion": 12', '"extortion":12'}
    # Every value of every table, as the database holds it (the sealed ones as ciphertext) ...
    stored: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from the schema
            stored += [
                repr(v) if not isinstance(v, bytes | memoryview) else bytes(v).decode("latin-1")
                for row in cursor.fetchall()
                for v in row
            ]
    # ... and the ledger opened (sealed is not enough: nothing of the counts is in it at all).
    stored += [json.dumps(entry, sort_keys=True) for entry in ledger_entries(alice)]
    text = "\n".join(stored)
    assert made.document["release_id"] in text  # the search does reach the ledger
    assert not [fragment for fragment in fragments if fragment in text]
    release_rows = AuditEvent.objects.filter(action__startswith="release.create")
    assert all(
        "tables" not in row.detail and "respondents" not in json.dumps(row.detail) for row in release_rows
    )


def test_rotation_retires_the_signing_key_and_old_releases_still_verify(
    bob: User, alice: User, unsealed: Vault
) -> None:
    population(bob)
    _made, old_files = make(alice)
    old_key = SigningKey.objects.get()
    old_data_key = old_key.data_key_id
    delivered: list[object] = []
    rotation.key_rotate(vault=unsealed, actor=alice, private=private_key(unsealed), deliver=delivered.append)
    old_key.refresh_from_db()
    assert (
        old_key.retired_at is not None and bytes(old_key.sealed_seed) == b"" and old_key.data_key_id is None
    )
    assert not DataKey.objects.filter(pk=old_data_key).exists()
    state.drop_all()
    vault_unseal(vault=unsealed, user=alice, passphrase=PASSPHRASE)
    _made, new_files = make(alice)
    old, new = fileformat.read(old_files[0]), fileformat.read(new_files[0])
    assert old.public_key == bytes(old_key.public_key) and new.public_key != old.public_key
    assert SigningKey.objects.filter(retired_at__isnull=True).count() == 1
    assert len(ledger_entries(alice)) == 2  # the ledger opens under the new key


def test_only_a_coordinator_publishes_and_reads_the_ledger(bob: User, alice: User, unsealed: Vault) -> None:
    with pytest.raises(PermissionDenied):
        make(bob)
    with pytest.raises(PermissionDenied):
        ledger_entries(bob)
    with pytest.raises(PermissionDenied):
        budget_set(actor=bob, epsilon=100.0, study_id=None)
