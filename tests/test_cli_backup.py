"""`kua backup`, `kua backup verify`, `kua restore`: a backup restored on a fresh directory
gives the same tables, audit chain and users; damaged, cut, foreign-key and pre-rotation
backups are refused and write nothing."""

from __future__ import annotations

import datetime
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kua.vault import backup_format, recovery
from tests.test_cli import PASSPHRASE, ROOT
from tests.test_cli_keys import add_interviews, init_with_sheet

NEW_PASSPHRASE = "the passphrase after the raid"


def run(
    data_dir: Path, *args: str, sheet: Path | None = None, passphrase: str | None = PASSPHRASE
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUA_")}
    env.update(
        KUA_DATA_DIR=str(data_dir), KUA_VAULT_KDF_OPSLIMIT="1",
        KUA_VAULT_KDF_MEMLIMIT=str(8 * 1024 * 1024), KUA_LANGUAGE="en",
    )  # fmt: skip
    if sheet is not None:
        env["KUA_RECOVERY_KEY_FILE"] = str(sheet)
    if passphrase is not None:
        env["KUA_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "kua.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("backup")
    data_dir, sheet, backup = base / "data", base / "sheet.txt", base / "kua.backup"
    init_with_sheet(data_dir, sheet)
    assert run(data_dir, "user", "add", "bob", "--role", "documenter").returncode == 0
    add_interviews(data_dir, 40)
    result = run(data_dir, "backup", "--out", str(backup), passphrase=None)  # no passphrase needed
    assert result.returncode == 0, result.stderr
    return {"base": base, "data": data_dir, "sheet": sheet, "backup": backup}


def _users(data_dir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:
        return db.execute("select username, role from accounts_user order by username").fetchall()


def test_the_backup_is_private_and_holds_no_keyholder_wrap(made: dict[str, Path]) -> None:
    assert made["backup"].stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(made["data"] / "kua.sqlite3") as db:
        wrapped = bytes(db.execute("select wrapped_key from vault_keyholder").fetchone()[0])
    key = recovery.decode(made["sheet"].read_text())
    manifest, body = backup_format.read(io.BytesIO(made["backup"].read_bytes()), key)
    inner = made["base"] / "inner.sqlite3"
    inner.write_bytes(b"".join(body))
    assert manifest["keyholders_removed"] == ["alice"]
    with sqlite3.connect(inner) as db:
        assert db.execute("select count(*) from vault_keyholder").fetchone()[0] == 0
        assert db.execute("select count(*) from interviews_interview").fetchone()[0] == 40
    assert wrapped not in inner.read_bytes()
    inner.unlink()


def test_verify_checks_without_touching_an_instance(made: dict[str, Path]) -> None:
    nowhere = made["base"] / "nowhere"
    result = run(nowhere, "backup", "verify", str(made["backup"]), sheet=made["sheet"], passphrase=None)
    assert result.returncode == 0, result.stderr
    assert "40 interviews" in result.stdout
    assert not nowhere.exists()


def test_restore_on_a_fresh_directory_gives_the_same_tables_audit_and_users(made: dict[str, Path]) -> None:
    target = made["base"] / "restored"
    result = run(
        target,
        "restore",
        str(made["backup"]),
        "--keyholder",
        "alice",
        sheet=made["sheet"],
        passphrase=NEW_PASSPHRASE,
    )
    assert result.returncode == 0, result.stderr
    before = run(made["data"], "tables", "--format", "json")
    after = run(target, "tables", "--format", "json", passphrase=NEW_PASSPHRASE)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert run(target, "tables", passphrase=PASSPHRASE).returncode == 3  # the old passphrase is gone
    audit = run(target, "audit", "verify")
    assert audit.returncode == 0, audit.stdout
    assert _users(target) == _users(made["data"])
    assert (target / "kua.sqlite3").stat().st_mode & 0o077 == 0
    again = run(target, "restore", str(made["backup"]), "--keyholder", "alice", sheet=made["sheet"])
    assert again.returncode == 2 and "not empty" in again.stderr


def _refused(made: dict[str, Path], backup: Path, sheet: Path, words: str) -> None:
    verify = run(made["base"] / "x", "backup", "verify", str(backup), sheet=sheet, passphrase=None)
    assert verify.returncode == 2 and words in verify.stderr, verify.stderr
    target = made["base"] / f"target-{backup.name}"
    restore = run(
        target, "restore", str(backup), "--keyholder", "alice", sheet=sheet, passphrase=NEW_PASSPHRASE
    )
    assert restore.returncode == 2 and words in restore.stderr, restore.stderr
    assert "Traceback" not in restore.stderr
    assert not target.exists()  # nothing written


def test_damaged_truncated_and_foreign_backups_are_refused(made: dict[str, Path]) -> None:
    content = made["backup"].read_bytes()
    damaged = made["base"] / "damaged.backup"
    flipped = bytearray(content)
    flipped[len(content) // 2] ^= 0x40
    damaged.write_bytes(bytes(flipped))
    _refused(made, damaged, made["sheet"], "damaged")
    cut = made["base"] / "cut.backup"
    cut.write_bytes(content[: len(content) - 100])
    _refused(made, cut, made["sheet"], "cut short")
    other = made["base"] / "other-sheet.txt"
    other.write_text(
        recovery.sheet(
            recovery.RecoveryKey.generate(), organisation="X", made_at=datetime.datetime.now(datetime.UTC)
        )
    )
    _refused(made, made["backup"], other, "another recovery key")
    not_backup = made["base"] / "notes.backup"
    not_backup.write_text("hello")
    _refused(made, not_backup, made["sheet"], "not a Kua backup")


def test_a_backup_from_before_a_rotation_refuses_the_new_recovery_key(made: dict[str, Path]) -> None:
    new_sheet = made["base"] / "after-rotation.txt"
    rotated = run(made["data"], "key", "rotate", "--recovery-file", str(new_sheet))
    assert rotated.returncode == 0, rotated.stderr
    _refused(made, made["backup"], new_sheet, "another recovery key")
    fresh = made["base"] / "fresh.backup"
    assert run(made["data"], "backup", "--out", str(fresh)).returncode == 0
    assert run(made["base"] / "y", "backup", "verify", str(fresh), sheet=new_sheet).returncode == 0
