"""The `kua` command, run as a user would run it: a fresh data directory, no TTY."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "a cli passphrase for tests"


def kua(
    data_dir: Path,
    *args: str,
    passphrase: str | None = PASSPHRASE,
    language: str = "en",
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUA_")}
    env.update(
        KUA_DATA_DIR=str(data_dir),
        KUA_VAULT_KDF_OPSLIMIT="1",
        KUA_VAULT_KDF_MEMLIMIT=str(8 * 1024 * 1024),
        KUA_LANGUAGE=language,
        **(extra_env or {}),
    )
    if passphrase is not None:
        env["KUA_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "kua.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("instance")
    result = kua(data_dir, "init", "--org", "Шапагат", "--keyholder", "alice")
    assert result.returncode == 0, result.stderr
    return data_dir


def test_init_makes_a_private_secret_and_refuses_twice(instance: Path) -> None:
    assert (instance / "secret_key").stat().st_mode & 0o077 == 0
    again = kua(instance, "init", "--org", "X", "--keyholder", "alice")
    assert again.returncode == 2 and "already" in again.stderr


def test_user_add(instance: Path, tmp_path: Path) -> None:
    password_file = tmp_path / "pw"
    password_file.write_text("bob's long password")
    result = kua(
        instance, "user", "add", "bob", "--role", "documenter", "--password-file", str(password_file)
    )
    assert result.returncode == 0, result.stderr
    assert "bob's long password" not in result.stdout + result.stderr
    taken = kua(instance, "user", "add", "bob", "--role", "documenter")
    assert taken.returncode == 2


def test_unseal_without_passphrase_exits_3_and_says_how(instance: Path) -> None:
    result = kua(instance, "unseal", passphrase=None)
    assert result.returncode == 3 and "KUA_PASSPHRASE" in result.stderr


def test_unseal_with_wrong_and_right_passphrase(instance: Path) -> None:
    assert kua(instance, "unseal", passphrase="not the right one at all").returncode == 3
    assert kua(instance, "unseal").returncode == 0


def test_seal_raises_the_generation(instance: Path) -> None:
    database = instance / "kua.sqlite3"
    before = sqlite3.connect(database).execute("select seal_generation from vault_vault").fetchone()[0]
    assert kua(instance, "seal").returncode == 0
    after = sqlite3.connect(database).execute("select seal_generation from vault_vault").fetchone()[0]
    assert after == before + 1


def test_audit_verify_finds_tampering(tmp_path: Path) -> None:
    data_dir = tmp_path / "tamper"
    assert kua(data_dir, "init", "--org", "T", "--keyholder", "alice").returncode == 0
    assert kua(data_dir, "audit", "verify").returncode == 0
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:
        db.execute("update audit_auditevent set action = 'nothing' where seq = 2")
    result = kua(data_dir, "audit", "verify")
    assert result.returncode == 1 and "row 2" in result.stdout


def test_demo_creates_people_and_interviews(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    result = kua(data_dir, "demo", "--interviews", "30", "--reuse")
    assert result.returncode == 0, result.stderr
    assert "alice" in result.stdout and "Added 30 synthetic interviews (0 rejected)" in result.stdout
    again = kua(data_dir, "demo", "--reuse")
    assert again.returncode == 0 and "Added" not in again.stdout
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:
        assert db.execute("select count(*) from interviews_interview").fetchone()[0] == 30
    code = kua(data_dir, "demo-code", "alice")
    assert code.returncode == 0 and code.stdout.strip().isdigit() and len(code.stdout.strip()) == 6
    assert kua(data_dir, "demo-code", "bob").returncode == 2


def test_commands_need_an_instance(tmp_path: Path) -> None:
    result = kua(tmp_path / "empty", "seal")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr


def test_round_trip_export_then_import_gives_identical_tables(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    assert kua(source, "demo", "--interviews", "80").returncode == 0
    before = kua(source, "tables", "--format", "json")
    assert before.returncode == 0, before.stderr
    csv_file = tmp_path / "export.csv"
    assert kua(source, "export", "--format", "csv", "--out", str(csv_file)).returncode == 0
    assert kua(target, "init", "--org", "Copy", "--keyholder", "alice").returncode == 0
    for name in ("bob", "dana", "sara"):
        assert kua(target, "user", "add", name, "--role", "documenter").returncode == 0
    imported = kua(target, "import", str(csv_file))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    after = kua(target, "tables", "--format", "json")
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert json.loads(before.stdout)["respondents"] > 0
    again = kua(target, "import", str(csv_file))
    assert again.returncode == 0 and "80 already imported" in again.stdout


def test_import_exit_codes(instance: Path, tmp_path: Path) -> None:
    bad_rows = tmp_path / "bad.csv"
    bad_rows.write_text("registered_on,consent_recorded,age\n2026-11-01,yes,16\n", encoding="utf-8")
    result = kua(instance, "import", str(bad_rows), "--dry-run")
    assert result.returncode == 1 and "line 2" in result.stdout
    unusable = tmp_path / "bad.bin"
    unusable.write_bytes(b"\x00\x01binary")
    result = kua(instance, "import", str(unusable))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_tables_and_export_need_the_passphrase(instance: Path, tmp_path: Path) -> None:
    for args in (
        ["tables", "--format", "json"],
        ["export", "--format", "csv", "--out", str(tmp_path / "x.csv")],
    ):
        result = kua(instance, *args, passphrase=None)
        assert result.returncode == 3 and "KUA_PASSPHRASE" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_tables_json_has_every_code(instance: Path) -> None:
    result = kua(instance, "tables", "--format", "json")
    tables = json.loads(result.stdout)
    assert set(tables) == {"respondents", "police", "medical", "yn", "responses", "trafficking"}
    assert len(tables["police"]) == 18 and len(tables["medical"]) == 8
    assert set(tables["responses"]) == {"cases", "status", "actions", "complaints", "referrals"}
    assert len(tables["responses"]["actions"]) == 9 and len(tables["responses"]["referrals"]) == 11
    assert set(tables["trafficking"]) == {"screened", "any_indicator", "indicators"}
    assert set(tables["yn"]["police"]) == {
        "knows_where_to_turn",
        "complained",
        "complaint_accepted",
        "measures_taken",
    }
