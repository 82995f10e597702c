"""`kua init --recovery-file`, `kua key rotate`, and a rotation killed part way (kill -9)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.test_cli import PASSPHRASE, ROOT, kua


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUA_")}
    env.update(
        KUA_DATA_DIR=str(data_dir),
        KUA_VAULT_KDF_OPSLIMIT="1",
        KUA_VAULT_KDF_MEMLIMIT=str(8 * 1024 * 1024),
        KUA_LANGUAGE="en",
        KUA_PASSPHRASE=PASSPHRASE,
    )
    return env


def add_interviews(data_dir: Path, count: int, csv_path: Path | None = None) -> None:
    args = [sys.executable, "-m", "tests.life_instance", str(count)] + ([str(csv_path)] if csv_path else [])
    run = subprocess.run(args, cwd=ROOT, env=_env(data_dir), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]


def init_with_sheet(data_dir: Path, sheet: Path) -> None:
    result = kua(data_dir, "init", "--org", "Шапагат", "--keyholder", "alice", "--recovery-file", str(sheet))
    assert result.returncode == 0, result.stderr
    assert "KUA1-" not in result.stdout  # written to the file, not to the screen


def test_init_writes_the_recovery_sheet_mode_600(tmp_path: Path) -> None:
    sheet = tmp_path / "recovery.txt"
    init_with_sheet(tmp_path / "data", sheet)
    assert sheet.stat().st_mode & 0o777 == 0o600
    assert "KUA1-" in sheet.read_text() and "Шапагат" in sheet.read_text()


def test_init_without_the_flag_prints_the_key_once(tmp_path: Path) -> None:
    result = kua(tmp_path / "data", "init", "--org", "O", "--keyholder", "alice")
    assert result.returncode == 0 and result.stdout.count("KUA1-") == 1
    assert not list((tmp_path / "data").glob("*recovery*"))


def _epochs(data_dir: Path) -> dict[int, int]:
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:
        return dict(db.execute("select epoch, count(*) from vault_datakey group by epoch").fetchall())


def test_rotation_killed_part_way_is_finished_by_running_it_again(tmp_path: Path) -> None:
    data_dir, old_sheet, new_sheet = tmp_path / "data", tmp_path / "old.txt", tmp_path / "new.txt"
    init_with_sheet(data_dir, old_sheet)
    rows_csv = tmp_path / "more.csv"
    add_interviews(data_dir, 1500, rows_csv)
    before = json.loads(kua(data_dir, "tables", "--format", "json").stdout)
    rotating = subprocess.Popen(
        [sys.executable, "-m", "kua.cli", "key", "rotate", "--recovery-file", str(new_sheet)],
        cwd=ROOT, env=_env(data_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert rotating.stdout is not None
    first = rotating.stdout.readline()
    os.kill(rotating.pid, signal.SIGKILL)
    rotating.wait(timeout=60)
    assert "re-sealed 1 of" in first, first
    epochs = _epochs(data_dir)
    assert epochs.get(1) and epochs.get(2), f"the kill did not land mid-rotation: {epochs}"
    assert not new_sheet.exists()
    # Meanwhile: nothing unseals, but entries are accepted (sealed to the new public key).
    assert kua(data_dir, "tables").returncode == 3
    imported = kua(data_dir, "import", str(rows_csv), passphrase=None)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    finished = kua(data_dir, "key", "rotate", "--recovery-file", str(new_sheet))
    assert finished.returncode == 0, finished.stderr
    assert set(_epochs(data_dir)) == {2}
    tables = kua(data_dir, "tables", "--format", "json")
    assert tables.returncode == 0, tables.stderr
    after = json.loads(tables.stdout)
    assert after["respondents"] == before["respondents"] + 5
    assert new_sheet.stat().st_mode & 0o777 == 0o600
    assert new_sheet.read_text() != old_sheet.read_text()
    assert kua(data_dir, "audit", "verify").returncode == 0
