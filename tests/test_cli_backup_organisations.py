"""On a server with several organisations a backup holds one organisation and opens only with
its own recovery sheet (issue 20, item 8)."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kua.vault import backup_format, recovery
from tests.test_cli import ROOT
from tests.test_cli_backup import NEW_PASSPHRASE, run
from tests.test_cli_keys import _env, add_interviews, init_with_sheet

CANARY = "Второй-Кенарейка"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("server")
    data_dir, first, second = base / "data", base / "first.txt", base / "second.txt"
    init_with_sheet(data_dir, first)
    add_interviews(data_dir, 5)
    made = subprocess.run(
        [sys.executable, "-m", "tests.second_organisation", str(second)],
        cwd=ROOT, env=_env(data_dir), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr[-2000:]
    return {"base": base, "data": data_dir, "first": first, "second": second}


def _inner(path: Path, sheet: Path, target: Path) -> sqlite3.Connection:
    _manifest, body = backup_format.read(io.BytesIO(path.read_bytes()), recovery.decode(sheet.read_text()))
    target.write_bytes(b"".join(body))
    return sqlite3.connect(target)


def test_a_whole_server_backup_is_refused(server: dict[str, Path]) -> None:
    result = run(server["data"], "backup", "--out", str(server["base"] / "all.backup"), passphrase=None)
    assert result.returncode == 2 and "--org" in result.stderr
    assert not (server["base"] / "all.backup").exists()


def test_each_organisation_backup_holds_only_its_rows_and_opens_with_its_sheet(
    server: dict[str, Path],
) -> None:
    first = server["base"] / "first.backup"
    result = run(server["data"], "backup", "--org", "Шапагат", "--out", str(first), passphrase=None)
    assert result.returncode == 0, result.stderr
    other = run(server["base"] / "x", "backup", "verify", str(first), sheet=server["second"], passphrase=None)
    assert other.returncode == 2 and "another recovery key" in other.stderr
    db = _inner(first, server["first"], server["base"] / "first.sqlite3")
    assert [row[0] for row in db.execute("select name from accounts_organisation")] == ["Шапагат"]
    assert db.execute("select count(*) from interviews_interview").fetchone()[0] == 5
    assert db.execute("select count(*) from vault_vault").fetchone()[0] == 1
    users = {row[0] for row in db.execute("select username from accounts_user")}
    assert "zoe-keyholder" not in users and "alice" in users
    for table in ("cases_referralservice", "interviews_refusal", "audit_auditevent", "vault_datakey"):
        text = " ".join(str(cell) for row in db.execute(f"select * from {table}") for cell in row)  # noqa: S608
        assert CANARY not in text and "zoe" not in text
    db.close()
    assert CANARY.encode() not in (server["base"] / "first.sqlite3").read_bytes()

    second = server["base"] / "second.backup"
    result = run(server["data"], "backup", "--org", "Второй центр", "--out", str(second), passphrase=None)
    assert result.returncode == 0, result.stderr
    db = _inner(second, server["second"], server["base"] / "second.sqlite3")
    assert db.execute("select count(*) from interviews_interview").fetchone()[0] == 3
    assert {row[0] for row in db.execute("select username from accounts_user")} == {"zoe-keyholder"}
    db.close()


def test_an_organisation_backup_restores_on_its_own(server: dict[str, Path]) -> None:
    backup = server["base"] / "first-restore.backup"
    assert (
        run(server["data"], "backup", "--org", "Шапагат", "--out", str(backup), passphrase=None).returncode
        == 0
    )
    target = server["base"] / "restored"
    result = run(
        target,
        "restore",
        str(backup),
        "--keyholder",
        "alice",
        sheet=server["first"],
        passphrase=NEW_PASSPHRASE,
    )
    assert result.returncode == 0, result.stderr
    tables = run(target, "tables", "--format", "json", passphrase=NEW_PASSPHRASE)
    assert tables.returncode == 0, tables.stderr
