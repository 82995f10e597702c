"""The CSV export made in worker processes is the export made in one: same bytes, same
consent rules per edition, one audit row, nothing decrypted to a temporary file.

The workers read their rows over connections of their own, so they see only committed rows:
these tests commit (transaction=True). On SQLite the test database lives in this process's
memory, which another connection cannot open: the workers open a copy of it on disk, taken
after the records are made (on PostgreSQL they open the test database itself)."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.models import AuditEvent
from kua.interchange import export_stream, export_workers
from kua.interchange.exporting import EDITIONS, export_to_file
from kua.interviews.models import Interview
from kua.interviews.selectors import opened_interviews
from kua.interviews.services import BatchRow, interviews_store_batch
from kua.interviews.services.erasure import interviews_erase
from kua.questionnaires.selectors import current_form
from kua.vault import state
from kua.vault.crypto import DecryptionFailed
from kua.vault.models import Vault
from kua.vault.selectors import VaultSealed, vault_for
from kua.vault.services import KeyRing
from tests.accounts.test_consent_outputs import RESPONDENTS
from tests.conftest import logged_in, valid_answers

pytestmark = pytest.mark.django_db(transaction=True)

ERASED = "NARR-ERASED-MIDDLE"
BATCH = [f"NARR-BATCH-{n}" for n in range(5)]


def _enter(client: Client, marker: str, **consents: str) -> None:
    response = client.post(reverse("interview_new"), valid_answers(narrative=marker, **consents))
    assert response.status_code == 302, f"{marker} was not saved"


@pytest.fixture
def corpus(alice: User, bob: User, unsealed: Vault) -> set[str]:
    """Web entries (a data key each), an erased one among them, then an import batch (one data
    key for its rows): the narrative markers an unrestricted export holds."""
    client = logged_in(bob)
    for marker, consents in list(RESPONDENTS.items())[:2]:
        _enter(client, marker, **consents)
    _enter(client, ERASED)
    for marker, consents in list(RESPONDENTS.items())[2:]:
        _enter(client, marker, **consents)
    interviews_erase(actor=alice, interviews=[_by_narrative(alice, ERASED)])
    rows = [BatchRow(valid_answers(narrative=m, consent_statistics="no"), bob, f"uuid:{m}") for m in BATCH]
    stored = interviews_store_batch(
        actor=alice, form_version=current_form(alice.org_id), rows=rows, today=timezone.localdate()
    )
    assert stored.stored == len(BATCH), stored.rejected
    return set(RESPONDENTS) | set(BATCH)


def _by_narrative(alice: User, marker: str) -> Interview:
    (pk,) = [o.id for o in opened_interviews(alice.org_id) if o.content.answers.get("narrative") == marker]
    return Interview.objects.get(pk=pk)


def database_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On SQLite in memory, the workers open a copy of what is committed now."""
    connection = connections["default"]
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        connection.ensure_connection()
        copy = sqlite3.connect(tmp_path / "workers.sqlite3")
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")  # as the instance's database is (kua.settings)
        copy.close()
        database = {**connection.settings_dict, "NAME": str(tmp_path / "workers.sqlite3")}
        monkeypatch.setattr(export_workers, "reader_settings", lambda: database)


@pytest.fixture
def worker_database(corpus: set[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database_copy(tmp_path, monkeypatch)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("edition", EDITIONS)
def test_workers_write_what_one_process_writes(
    alice: User,
    corpus: set[str],
    worker_database: None,
    edition: str,
    workers: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(export_workers, "CHUNK", 3)  # several spans in flight over two workers
    spans = list(export_workers.spans(alice.org_id, KeyRing(vault_for(alice.org_id)).key))
    assert len(spans) == 3 and any(len(span.keys) > 1 for span in spans)
    assert spans[0].last - spans[0].first == 3  # the erased row's id is inside the first span
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    counted = export_to_file(actor=alice, organisation_id=alice.org_id, fmt="csv", edition=edition, out=one)
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    made = export_workers.export_csv_file(
        actor=alice, organisation_id=alice.org_id, edition=edition, out=two, workers=workers
    )
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before + 1
    assert made == counted and two.read_bytes() == one.read_bytes()
    text = two.read_text(encoding="utf-8-sig")
    kept = {marker for marker in corpus | {ERASED} if marker in text}
    expected = {
        "full": corpus,
        "statistical": {"NARR-AUTH-COUNTED", "NARR-NOAUTH-QUOTABLE"},  # counted, anonymous use allowed
        "authorities": {"NARR-AUTH-COUNTED", "NARR-AUTH-UNCOUNTED", *BATCH},
    }[edition]
    assert kept == expected, f"{edition}: {sorted(kept)}"
    assert made == {"full": 9, "statistical": 2, "authorities": 7}[edition]


def test_a_damaged_row_stops_the_export_with_its_error(
    alice: User, corpus: set[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A payload that no longer opens, in a worker: the parent raises the worker's error (the
    command reports it; no traceback, no hang), every worker has ended, no partial file is left."""
    victim = Interview.objects.order_by("id")[4]
    sealed = bytearray(victim.payload)
    sealed[-1] ^= 1
    Interview.objects.filter(pk=victim.pk).update(payload=bytes(sealed))
    monkeypatch.setattr(export_workers, "CHUNK", 3)
    database_copy(tmp_path, monkeypatch)
    with pytest.raises(DecryptionFailed):
        export_workers.export_csv_file(
            actor=alice, organisation_id=alice.org_id, edition="full", out=tmp_path / "x.csv", workers=2
        )
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "x.csv").exists(), "a half-written export was left"


def test_a_worker_that_dies_stops_the_export(
    alice: User, corpus: set[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed (out of memory, say) before it answers: said at once, no hang, no partial file."""
    monkeypatch.setattr(export_workers, "CHUNK", 3)
    database_copy(tmp_path, monkeypatch)
    monkeypatch.setattr(export_workers, "csv_chunk", lambda *_args: os._exit(9))  # in the forked workers
    with pytest.raises(export_workers.ExportInterrupted):
        export_workers.export_csv_file(
            actor=alice, organisation_id=alice.org_id, edition="full", out=tmp_path / "x.csv", workers=2
        )
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "x.csv").exists()


def test_workers_refuse_what_the_policy_refuses(ana: User, unsealed: Vault, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        export_workers.export_csv_file(
            actor=ana, organisation_id=ana.org_id, edition="full", out=tmp_path / "x.csv", workers=2
        )
    assert not (tmp_path / "x.csv").exists()


def test_workers_refuse_to_run_while_sealed(alice: User, corpus: set[str], tmp_path: Path) -> None:
    """No data key without the private key: nothing is written, no worker starts."""
    state.drop_all()
    with pytest.raises(VaultSealed):
        export_workers.export_csv_file(
            actor=alice, organisation_id=alice.org_id, edition="full", out=tmp_path / "x.csv", workers=2
        )
    assert not (tmp_path / "x.csv").exists()
    with pytest.raises(VaultSealed):
        KeyRing(vault_for(alice.org_id))


@pytest.mark.django_db(transaction=False)
def test_inside_a_transaction_the_export_is_made_in_this_process(
    alice: User, bob: User, unsealed: Vault, tmp_path: Path
) -> None:
    """Workers' own connections would not see what the transaction wrote: the rows are read
    over the transaction's connection instead, and nothing is left out."""
    assert transaction.get_connection().in_atomic_block
    _enter(logged_in(bob), "NARR-UNCOMMITTED")
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    export_to_file(actor=alice, organisation_id=alice.org_id, fmt="csv", edition="full", out=one)
    made = export_workers.export_csv_file(
        actor=alice, organisation_id=alice.org_id, edition="full", out=two, workers=2
    )
    assert made == 1 and two.read_bytes() == one.read_bytes()
    assert "NARR-UNCOMMITTED" in two.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_web_download_is_made_by_workers_from_a_fork_server(
    alice: User,
    corpus: set[str],
    worker_database: None,
    edition: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The export page's CSV comes from two worker processes started by a fork server (never
    forked from the server's threads), byte for byte what one process writes, with one audit row."""
    monkeypatch.setattr(export_workers, "CHUNK", 3)  # several spans over two workers
    monkeypatch.setattr(export_stream.os, "cpu_count", lambda: 2)
    started: list[tuple[int, str]] = []
    answers = export_workers.worker_answers

    def watched(job: export_workers.Job, work: Any, workers: int, method: str = "fork") -> Any:
        started.append((workers, method))
        yield from answers(job, work, workers, method)

    monkeypatch.setattr(export_workers, "worker_answers", watched)
    one = tmp_path / "one.csv"
    export_to_file(actor=alice, organisation_id=alice.org_id, fmt="csv", edition=edition, out=one)
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    response = logged_in(alice).post(reverse("export"), {"format": "csv", "edition": edition})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before + 1  # before any row
    assert b"".join(response.streaming_content) == one.read_bytes()
    assert started == [(2, "forkserver")]
    assert multiprocessing.active_children() == []


def test_a_worker_connects_on_its_own_never_through_the_servers_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kua serve` on PostgreSQL has a pool; a forked worker must not use it (nor its sockets)."""
    parent = connections["default"].settings_dict
    pooled = {**parent.get("OPTIONS", {}), "pool": {"min_size": 2, "max_size": 12, "timeout": 30}}
    monkeypatch.setitem(parent, "OPTIONS", pooled)
    monkeypatch.setitem(parent, "CONN_MAX_AGE", 0)
    database = export_workers.reader_settings()
    assert "pool" not in database["OPTIONS"] and database["CONN_MAX_AGE"] == 0
    assert parent["OPTIONS"]["pool"]  # the server keeps its own
