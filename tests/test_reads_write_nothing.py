"""Issue 22, item 1: a read is a read. After sealed stores that leave small column blocks and a
long case ledger, `kua tables`, `kua report` and the dashboard change no table but the audit
chain; the projections are brought up to date by `kua maintain` (or the write path, or a web
unseal), never by a reader."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from kua.accounts.models import User
from kua.analytics import blockstore
from kua.analytics.models import ColumnBlock
from kua.cases import ledger
from kua.cases.models import CaseLedger
from kua.cli import _handler, _parser
from kua.demo import generate_answers
from kua.interviews.services import BatchRow, interviews_store_batch
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, TODAY, logged_in

# The chain records every read (its rows and its head); a web request moves its own session's
# last activity forward (the idle timeout). Nothing else may change.
WRITTEN_BY_A_READ = {"audit_auditevent", "audit_audithead", "django_session"}


def _snapshot() -> dict[str, str]:
    """Every table's rows, as a digest per table (row order aside)."""
    digests = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in WRITTEN_BY_A_READ:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the schema)
            rows = sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def _kua(*argv: str) -> int:
    args = _parser().parse_args(list(argv))
    return _handler(args)(args)


def _sealed_stores(bob: User, times: int) -> None:
    for seed in range(times):
        rows = [BatchRow(raw, bob) for raw in generate_answers(2, seed=seed, today=TODAY)]
        result = interviews_store_batch(
            actor=bob, form_version=current_form(bob.organisation_id), rows=rows, today=TODAY
        )
        assert result.stored == 2, result.rejected


def test_tables_report_and_dashboard_write_nothing_but_the_audit_chain(
    alice: User, bob: User, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setattr(ledger, "COMPACT_AFTER", 8)
    _sealed_stores(bob, blockstore.COMPACT_AFTER + 1)
    assert ColumnBlock.objects.count() == blockstore.COMPACT_AFTER + 1  # small blocks, left by sealed stores
    entries = CaseLedger.objects.count()
    assert entries > ledger.COMPACT_AFTER  # a long ledger
    browser = logged_in(alice)
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    monkeypatch.setenv("KUA_PASSPHRASE", PASSPHRASE)
    before = _snapshot()

    assert _kua("tables", "--format", "json") == 0
    tables = json.loads(capsys.readouterr().out)
    assert tables["respondents"] > blockstore.COMPACT_AFTER  # those who consent to be counted
    assert _kua("report", "--format", "html", "--out", str(tmp_path / "report.html")) == 0
    assert browser.get("/dashboard/").status_code == 200
    assert browser.get("/report/preview/").status_code == 200

    assert _snapshot() == before
    assert CaseLedger.objects.count() == entries

    assert _kua("maintain") == 0  # the projections, brought up to date by hand
    assert ColumnBlock.objects.count() == 1
    assert CaseLedger.objects.count() == 1
    assert "small blocks merged: 17" in capsys.readouterr().out
    assert _kua("tables", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == tables  # the same counts from the merged blocks
