"""A streamed import is all or none: pending rows are invisible, a failed import removes
its rows, and what a crashed import left is removed at the next start."""

from __future__ import annotations

import datetime
import socket
from collections.abc import Iterator

import pytest

from kua.accounts.models import User
from kua.analytics import store
from kua.analytics.models import ColumnBlock
from kua.analytics.tables import summary_tables
from kua.cases.models import Case, CaseLedger
from kua.demo import generate_answers
from kua.interviews import batch
from kua.interviews.models import ImportBatch, Interview
from kua.interviews.services import BatchRow, interview_create, interviews_store_batch, streaming
from kua.questionnaires.selectors import current_form, spec_for
from kua.vault import crypto
from kua.vault.models import Vault
from tests.conftest import valid_answers

TODAY = datetime.date(2026, 11, 20)


def _rows(user: User, count: int, fail_after: int | None = None) -> Iterator[BatchRow]:
    for i, raw in enumerate(generate_answers(count, seed=5, today=TODAY)):
        if fail_after is not None and i == fail_after:
            raise RuntimeError("the disk went away")
        yield BatchRow(raw, user)


def test_an_import_in_chunks_stores_every_row(bob: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "CHUNK", 7)
    monkeypatch.setattr(batch, "CHUNK", 7)
    result = interviews_store_batch(
        actor=bob, form_version=current_form(bob.organisation_id), rows=_rows(bob, 30), today=TODAY
    )
    assert result.stored == Interview.objects.count() == 30 - len(result.rejected)
    assert result.batch is not None and not ImportBatch.objects.get().pending
    assert sum(b.rows for b in ColumnBlock.objects.all()) == result.stored
    assert ColumnBlock.objects.count() >= result.stored // 14  # one per stored chunk


def test_a_failed_import_leaves_nothing(bob: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streaming, "CHUNK", 5)
    monkeypatch.setattr(batch, "CHUNK", 5)
    with pytest.raises(RuntimeError):
        interviews_store_batch(
            actor=bob,
            form_version=current_form(bob.organisation_id),
            rows=_rows(bob, 40, fail_after=23),
            today=TODAY,
        )
    assert Interview.all_objects.count() == 0
    assert Case.objects.count() == 0  # the workers sealed them under the batch's key: gone with it
    assert ColumnBlock.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def _crashed_import(bob: User, vault: Vault, rows: int) -> ImportBatch:
    """What a killed import leaves: chunks stored under a pending batch, never finished."""
    version = current_form(bob.organisation_id)
    job = batch.Job(spec_for(version), bytes(vault.linkage_key), crypto.new_data_key(), TODAY)
    writer = streaming.BatchWriter(bob, vault, version, job.data_key)
    items = [(row.raw, None, bob.pk) for row in _rows(bob, rows)]
    ((outcomes, results),) = batch.seal_all(job, items)
    pairs = zip(outcomes, _rows(bob, rows), strict=True)
    sealed = [(row, out) for out, row in pairs if isinstance(out, batch.Sealed)]
    writer.add(sealed, results)
    writer.flush()
    assert writer.batch is not None
    ImportBatch.objects.filter(pk=writer.batch.pk).update(owner=f"{socket.gethostname()}:999999999")
    return writer.batch


def test_a_crashed_import_is_invisible_and_removed_at_the_next_start(
    bob: User, unsealed: Vault, django_capture_on_commit_callbacks: object
) -> None:
    interview_create(
        actor=bob, form_version=current_form(bob.organisation_id), raw=valid_answers(), today=TODAY
    )
    crashed = _crashed_import(bob, unsealed, 20)
    assert Interview.all_objects.filter(import_batch=crashed).count() > 0
    assert Interview.objects.count() == 1  # only the web entry is visible
    store.drop(bob.organisation_id)
    assert summary_tables(store.view_for(bob.organisation_id))["respondents"] == 1
    assert CaseLedger.objects.filter(import_batch=crashed).exists()  # its cases' statuses
    assert streaming.pending_batches_clean() == 1
    assert Interview.all_objects.count() == 1
    assert not ImportBatch.objects.exists()
    assert ColumnBlock.objects.count() == 1
    assert CaseLedger.objects.count() == 1  # the web entry's case; the crashed batch's went with it


def test_a_running_import_is_not_removed(bob: User, vault: Vault) -> None:
    running = _crashed_import(bob, vault, 5)
    ImportBatch.objects.filter(pk=running.pk).update(owner=streaming._owner())
    assert streaming.pending_batches_clean() == 0
    assert ImportBatch.objects.filter(pk=running.pk, pending=True).exists()
