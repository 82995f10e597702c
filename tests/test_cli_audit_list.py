"""`kua audit list`: --format json|text, --user, --action, --from, --to, --limit; bad input exits 2."""

from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django.utils.translation import override

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.cli import CommandError
from kua.cli.audit_list import cmd_audit_list
from kua.vault.models import Vault
from kua.vault.services import sealed_note
from tests.test_cli import kua


def _args(**given: Any) -> argparse.Namespace:
    options: dict[str, Any] = {"format": "json", "user": None, "action": None, "date_from": None}
    options |= {"date_to": None, "limit": 100, "org": None}
    return argparse.Namespace(**(options | given))


def _listed(capsys: pytest.CaptureFixture[str], **given: Any) -> list[dict[str, Any]]:
    assert cmd_audit_list(_args(**given)) == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return rows


@pytest.fixture
def logged(alice: User, bob: User, vault: Vault) -> None:
    with transaction.atomic():
        for _ in range(3):
            audit_record(AuditAction.LOGIN, actor=bob)
        audit_record(AuditAction.STUDY_SAVE, actor=alice)
        audit_record(
            AuditAction.CASE_ACTION_ADD, actor=alice, sealed=sealed_note(alice.org_id, {"code": "x"})
        )


def test_json_rows_have_the_fixed_keys(logged: None, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _listed(capsys)
    assert rows and all(set(row) == {"time", "user", "action", "object", "detail"} for row in rows)
    assert rows[0]["action"] == "case.action_add"  # the newest first
    assert rows[0]["detail"] == {"sealed": "(sealed)"}  # a sealed note stays sealed here
    assert datetime.datetime.fromisoformat(rows[0]["time"]).tzinfo is not None


def test_filters_and_limit(logged: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert [r["user"] for r in _listed(capsys, user="bob")] == ["bob"] * 3
    assert [r["action"] for r in _listed(capsys, action="study.save")] == ["study.save"]
    assert len(_listed(capsys, limit=2)) == 2
    today = timezone.localdate()
    assert _listed(capsys, date_from=(today + datetime.timedelta(days=1)).isoformat()) == []
    assert len(_listed(capsys, user="bob", date_from=today.isoformat(), date_to=today.isoformat())) == 3


def test_text_names_the_action_in_her_language(logged: None, capsys: pytest.CaptureFixture[str]) -> None:
    with override("ru"):
        assert cmd_audit_list(_args(format="text", action="study.save")) == 0
    line = capsys.readouterr().out.strip()
    assert "Исследование сохранено (study.save)" in line and "alice" in line


@pytest.mark.parametrize(
    "bad",
    [{"user": "nobody"}, {"action": "interview.frobnicate"}, {"date_from": "05.12.2026"}, {"limit": 0}],
)
def test_bad_input_is_a_clear_refusal(logged: None, bad: dict[str, Any]) -> None:
    with pytest.raises(CommandError) as refused:
        cmd_audit_list(_args(**bad))
    assert refused.value.code == 2


def test_on_the_command_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert kua(data_dir, "init", "--org", "Шапагат", "--keyholder", "alice").returncode == 0
    listed = kua(data_dir, "audit", "list", "--format", "json", "--action", "vault.create", "--limit", "5")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["user"], r["action"]) for r in rows] == [("alice", "vault.create")]
    bad = kua(data_dir, "audit", "list", "--action", "nonsense")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
