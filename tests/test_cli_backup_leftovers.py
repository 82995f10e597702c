"""A backup killed part way leaves a clear copy of the database in the data directory; the next
command of any kind removes it, and leaves alone the work of a backup still running (issue 20,
item 11)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from kua.cli.leftovers import OWNER_FILE
from tests.test_cli import kua


def _work_dir(data_dir: Path, name: str, pid: int | None) -> Path:
    work = data_dir / f"kua-backup-{name}"
    work.mkdir()
    (work / "database").write_bytes(b"SQLite format 3\x00" + b"a respondent's answers" * 1000)
    if pid is not None:
        (work / OWNER_FILE).write_text(str(pid))
    return work


def test_the_next_command_removes_what_a_dead_backup_left(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert kua(data_dir, "init", "--org", "Шапагат", "--keyholder", "alice").returncode == 0
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = _work_dir(data_dir, "dead", ended.pid)
        alive = _work_dir(data_dir, "alive", running.pid)
        old = _work_dir(data_dir, "old", None)
        an_hour_ago = time.time() - 3600
        os.utime(old, (an_hour_ago, an_hour_ago))
        fresh = _work_dir(data_dir, "fresh", None)  # being made this second
        assert kua(data_dir, "audit", "verify").returncode == 0
        assert not dead.exists() and not old.exists()
        assert alive.exists() and fresh.exists()
    finally:
        running.kill()
        running.wait()
