"""No answer reaches the disk in the clear: every text answer carries a marker, and
every byte of the data directory (database, WAL, journal, logs) is searched for them."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _encodings(marker: str) -> list[bytes]:
    return [marker.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def test_no_marker_anywhere_in_the_data_directory(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUA_")}
    env.update(
        KUA_DATA_DIR=str(data_dir),
        KUA_SECRET_KEY=secrets.token_urlsafe(40),
        PYTHONPATH=str(ROOT),
        KUA_VAULT_KDF_OPSLIMIT="1",
        KUA_VAULT_KDF_MEMLIMIT=str(8 * 1024 * 1024),
    )
    run = subprocess.run(
        [sys.executable, "-m", "tests.canary_instance"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    markers = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(markers) >= 20  # every text question of the form, twice
    (data_dir / "process.log").write_text(run.stderr)
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.name == "kua.sqlite3" for p in files)
    for path in files:
        content = path.read_bytes()
        for marker in markers:
            for encoded in _encodings(marker):
                assert encoded not in content, f"{marker} found in {path.name}"
        # The UIC parts are never stored in any form.
        for uic in ("Щю", "ЩЮ", "Эъ", "ЭЪ"):
            assert uic.encode() not in content, f"a UIC part found in {path.name}"
