"""What a `kua backup` killed part way leaves in the data directory: a clear copy of the database.

Each backup works in its own `kua-backup-*` directory inside KUA_DATA_DIR and writes its process
id there first. At the start of every command (and again after an erasure, since the copy
still holds the erased interview) a directory whose backup process is no longer running is
removed. A directory without the id (a backup of an older version) goes once it is a minute old.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

OWNER_FILE = "owner.pid"
PREFIX = "kua-backup-"
GRACE_SECONDS = 60  # between making the directory and writing the owner's id


def mark_owner(work: Path) -> None:
    (work / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")


def _running(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process of that number: not ours, but alive
        return True
    return True


def _abandoned(work: Path) -> bool:
    try:
        pid = int((work / OWNER_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        try:
            return time.time() - work.stat().st_mtime > GRACE_SECONDS
        except OSError:
            return False
    return pid != os.getpid() and not _running(pid)


def remove_abandoned_backups(data_dir: Path) -> int:
    """Remove the work directories of backups that died; returns how many."""
    if not data_dir.is_dir():
        return 0
    removed = 0
    for work in data_dir.glob(f"{PREFIX}*"):
        if work.is_dir() and _abandoned(work):
            shutil.rmtree(work, ignore_errors=True)
            removed += 1
    return removed
