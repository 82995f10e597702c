"""`kua import FILE --create-documenters`: the documenters a file names who are not users yet are
listed by the dry run, then created (no password until reset, an audit row each) and imported."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.test_cli import kua


def test_unknown_documenters_listed_then_created_and_imported(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    assert kua(source, "demo", "--interviews", "20").returncode == 0
    before = json.loads(kua(source, "tables", "--format", "json").stdout)
    csv_file = tmp_path / "export.csv"
    assert kua(source, "export", "--format", "csv", "--out", str(csv_file)).returncode == 0
    assert kua(target, "init", "--org", "Copy", "--keyholder", "alice").returncode == 0
    refused = kua(target, "import", str(csv_file), "--dry-run")
    assert refused.returncode == 1 and "Documenters not in this organisation: bob" in refused.stdout
    dry = kua(target, "import", str(csv_file), "--dry-run", "--create-documenters")
    assert "Documenters who would be created" in dry.stdout and "bob" in dry.stdout
    with sqlite3.connect(target / "kua.sqlite3") as db:
        assert db.execute("select count(*) from accounts_user").fetchone()[0] == 1  # alice only
    imported = kua(target, "import", str(csv_file), "--create-documenters")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert json.loads(kua(target, "tables", "--format", "json").stdout) == before
    with sqlite3.connect(target / "kua.sqlite3") as db:
        made = db.execute(
            "select username, role, password from accounts_user where username != 'alice'"
        ).fetchall()
        created = db.execute("select count(*) from audit_auditevent where action = 'user.create'").fetchone()[
            0
        ]
    assert made and all(role == "documenter" and password.startswith("!") for _n, role, password in made)
    assert created == 1 + len(made)  # alice at init, then one row per documenter
