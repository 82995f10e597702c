"""`kua cases import` and `kua cases export` as a user runs them: exit codes 0, 1, 2, 3."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from tests.test_cli import kua


def test_cases_import_and_export_exit_codes(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    assert kua(data_dir, "demo", "--interviews", "20").returncode == 0
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:  # the demo path opens cases too
        assert db.execute("select count(*) from cases_case").fetchone()[0] > 0
    interviews = tmp_path / "interviews.csv"
    assert kua(data_dir, "export", "--format", "csv", "--out", str(interviews)).returncode == 0
    first = next(csv.DictReader(io.StringIO(interviews.read_text("utf-8-sig"))))
    record, day = first["record_id"], first["registered_on"]
    actions = tmp_path / "actions.csv"
    actions.write_text(
        f"record_id,action_on,action,service\n{record},{day},referral,shelter\n{record},{day},referral,\n",
        encoding="utf-8",
    )
    result = kua(data_dir, "cases", "import", str(actions), "--dry-run")
    assert result.returncode == 1 and "line 3, column service" in result.stdout, result.stdout + result.stderr
    result = kua(data_dir, "cases", "import", str(actions))
    assert result.returncode == 1 and "1 stored" in result.stdout
    assert kua(data_dir, "cases", "import", str(actions), passphrase=None).returncode == 3
    unusable = tmp_path / "bad.csv"
    unusable.write_text("foo,bar\n1,2\n", encoding="utf-8")
    result = kua(data_dir, "cases", "import", str(unusable))
    assert result.returncode == 2 and "record_id" in result.stderr and "Traceback" not in result.stderr
    out = tmp_path / "out.xlsx"
    result = kua(data_dir, "cases", "export", "--out", str(out))
    assert result.returncode == 0 and "1 case actions" in result.stdout
    again = kua(data_dir, "cases", "import", str(out))
    assert again.returncode == 0 and "1 already imported" in again.stdout, again.stdout
