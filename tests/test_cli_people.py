"""`kua user list|disable|enable|role|reset-2fa`, run as a coordinator would run them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.test_cli import kua


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("people")
    assert kua(data_dir, "init", "--org", "Шапагат", "--keyholder", "alice").returncode == 0
    assert kua(data_dir, "user", "add", "bob", "--role", "documenter").returncode == 0
    return data_dir


def _listed(instance: Path) -> dict[str, dict[str, object]]:
    result = kua(instance, "user", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return {row["username"]: row for row in json.loads(result.stdout)}


def test_list_json_has_the_fixed_fields(instance: Path) -> None:
    rows = _listed(instance)
    assert set(rows["alice"]) == {"username", "role", "active", "keyholder", "two_factor", "last_login"}
    assert rows["alice"]["keyholder"] is True and rows["alice"]["role"] == "coordinator"
    assert rows["bob"] == {
        "username": "bob", "role": "documenter", "active": True,
        "keyholder": False, "two_factor": False, "last_login": None,
    }  # fmt: skip
    text = kua(instance, "user", "list", "--format", "text")
    assert text.returncode == 0 and text.stdout.count("\n") == 2 and "bob\tdocumenter" in text.stdout


def test_disable_enable_and_role_each_write_their_audit_row(instance: Path) -> None:
    assert kua(instance, "user", "disable", "bob").returncode == 0
    assert _listed(instance)["bob"]["active"] is False
    assert kua(instance, "user", "enable", "bob").returncode == 0
    assert _listed(instance)["bob"]["active"] is True
    assert kua(instance, "user", "role", "bob", "lawyer").returncode == 0
    assert _listed(instance)["bob"]["role"] == "lawyer"
    assert kua(instance, "user", "reset-2fa", "bob").returncode == 0
    assert kua(instance, "audit", "verify").returncode == 0


def test_the_last_keyholder_and_coordinator_cannot_be_locked_out(instance: Path) -> None:
    disable = kua(instance, "user", "disable", "alice")
    assert disable.returncode == 2 and "last keyholder" in disable.stderr
    demote = kua(instance, "user", "role", "alice", "analyst")
    assert demote.returncode == 2 and "last keyholder" in demote.stderr
    assert _listed(instance)["alice"] | {"last_login": None} == {
        "username": "alice", "role": "coordinator", "active": True,
        "keyholder": True, "two_factor": False, "last_login": None,
    }  # fmt: skip


def test_an_unknown_name_or_role_exits_2(instance: Path) -> None:
    assert kua(instance, "user", "disable", "nobody").returncode == 2
    assert kua(instance, "user", "role", "bob", "admin").returncode == 2


def test_reset_password_prints_a_one_time_link_and_nothing_secret_in_the_audit(instance: Path) -> None:
    result = kua(instance, "user", "reset-password", "bob", "--base-url", "https://kua.example.org/")
    assert result.returncode == 0, result.stderr
    link = result.stdout.strip().splitlines()[-1]
    assert link.startswith("https://kua.example.org/accounts/set-password/") and link.endswith("/")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with sqlite3.connect(instance / "kua.sqlite3") as db:
        details = " ".join(str(row) for row in db.execute("select action, detail from audit_auditevent"))
    assert "user.password_reset" in details and token not in details
    assert kua(instance, "user", "reset-password", "nobody").returncode == 2
