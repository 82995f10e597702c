"""`kua odk link` and `kua odk revoke`, run as a coordinator runs them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from tests.test_cli import kua


def test_link_prints_one_line_and_revoke_ends_it(tmp_path: Path) -> None:
    data_dir = tmp_path / "odk"
    assert kua(data_dir, "init", "--org", "Шапагат", "--keyholder", "alice").returncode == 0
    assert kua(data_dir, "user", "add", "bob", "--role", "documenter").returncode == 0
    first = kua(data_dir, "odk", "link", "bob", "--base-url", "https://kua.example.org/")
    assert first.returncode == 0, first.stderr
    assert re.fullmatch(r"https://kua\.example\.org/odk/[A-Za-z0-9_-]{43}/\n", first.stdout)
    second = kua(data_dir, "odk", "link", "bob", "--base-url", "https://kua.example.org")
    assert second.stdout != first.stdout
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:
        hashes = db.execute("select token_hash from odk_odklink").fetchall()
    assert len(hashes) == 1 and second.stdout.strip().rsplit("/", 2)[-2] not in hashes[0][0]
    assert kua(data_dir, "odk", "revoke", "bob").returncode == 0
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:
        assert db.execute("select count(*) from odk_odklink").fetchone()[0] == 0


def test_link_refuses_bad_input_without_a_traceback(tmp_path: Path) -> None:
    data_dir = tmp_path / "odk-bad"
    assert kua(data_dir, "init", "--org", "Ш", "--keyholder", "alice").returncode == 0
    for args in (("nobody", "--base-url", "https://k.example"), ("alice", "--base-url", "ftp://x")):
        result = kua(data_dir, "odk", "link", *args)
        assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
