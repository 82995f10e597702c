"""A backup made before an erasure still holds the erased interview; `kua erase --list-out` and
`kua restore --erasures` keep a restored laptop from bringing back a withdrawn respondent
(issue 20, item 10)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.test_cli_backup import NEW_PASSPHRASE, run
from tests.test_cli_keys import add_interviews, init_with_sheet


def _records(data_dir: Path) -> list[str]:
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:
        return [row[0] for row in db.execute("select uuid from interviews_interview order by id")]


def test_restore_with_the_erasure_list_erases_again(tmp_path: Path) -> None:
    data_dir, sheet, backup = tmp_path / "data", tmp_path / "sheet.txt", tmp_path / "kua.backup"
    init_with_sheet(data_dir, sheet)
    add_interviews(data_dir, 12)
    assert run(data_dir, "backup", "--out", str(backup), passphrase=None).returncode == 0
    withdrawn = _records(data_dir)[3]
    erased = run(data_dir, "erase", "--record", withdrawn)
    assert erased.returncode == 0, erased.stderr
    listing = tmp_path / "erasures.json"
    written = run(data_dir, "erase", "--list-out", str(listing))
    assert written.returncode == 0, written.stderr
    assert listing.stat().st_mode & 0o777 == 0o600
    text = listing.read_text()
    compact = withdrawn.replace("-", "")
    for form in (withdrawn, compact, compact.upper(), compact[:8]):
        assert form not in text  # keyed references only
    assert len(json.loads(text)["references"]) == 1

    plain = tmp_path / "plain"
    result = run(
        plain, "restore", str(backup), "--keyholder", "alice", sheet=sheet, passphrase=NEW_PASSPHRASE
    )
    assert result.returncode == 0, result.stderr
    assert withdrawn in _records(plain)  # what a backup made before the erasure brings back

    target = tmp_path / "restored"
    result = run(
        target, "restore", str(backup), "--keyholder", "alice", "--erasures", str(listing),
        sheet=sheet, passphrase=NEW_PASSPHRASE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 interviews withdrawn" in result.stdout
    assert withdrawn not in _records(target) and len(_records(target)) == 11
    assert compact.encode() not in (target / "kua.sqlite3").read_bytes()
    tables = run(target, "tables", "--format", "json", passphrase=NEW_PASSPHRASE)
    assert tables.returncode == 0 and json.loads(tables.stdout)["respondents"] <= 11
    assert run(target, "audit", "verify").returncode == 0


def test_a_bad_erasure_list_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    data_dir, sheet, backup = tmp_path / "data", tmp_path / "sheet.txt", tmp_path / "kua.backup"
    init_with_sheet(data_dir, sheet)
    assert run(data_dir, "backup", "--out", str(backup), passphrase=None).returncode == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}')
    target = tmp_path / "restored"
    result = run(
        target, "restore", str(backup), "--keyholder", "alice", "--erasures", str(bad),
        sheet=sheet, passphrase=NEW_PASSPHRASE,
    )  # fmt: skip
    assert result.returncode == 2 and "not a Kua erasure list" in result.stderr
    assert not target.exists() or not any(target.iterdir())
