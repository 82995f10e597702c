"""Issue 21 item 12: the demo writes a recovery key sheet (mode 600, its path printed, the key
never on the screen), so the restore drill of docs/operations.md works on the demo as written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_cli import PASSPHRASE, kua

DRILL = "a new passphrase for the drill"


def test_the_restore_drill_works_on_the_demo(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    made = kua(demo, "demo", "--interviews", "5")
    assert made.returncode == 0, made.stderr
    sheet = demo / "demo-recovery-sheet.txt"
    assert sheet.stat().st_mode & 0o777 == 0o600
    key_line = next(line for line in sheet.read_text().splitlines() if line.strip().startswith("KUA1-"))
    assert str(sheet) in made.stdout and key_line.strip() not in made.stdout
    again = kua(demo, "demo", "--reuse")  # a second `make run` prints the path again
    assert str(sheet) in again.stdout
    with sqlite3.connect(demo / "kua.sqlite3") as db:  # and its referral directory is not empty
        districts = {row[0] for row in db.execute("select district from cases_referralservice")}
    assert {"taldykorgan", "tekeli", "eskeldi", "karatal", "alakol"} <= districts

    backup = tmp_path / "demo.backup"
    assert kua(demo, "backup", "--out", str(backup)).returncode == 0
    restored = tmp_path / "restored"
    result = kua(
        restored,
        "restore",
        str(backup),
        "--keyholder",
        "alice",
        passphrase=DRILL,
        extra_env={"KUA_RECOVERY_KEY_FILE": str(sheet)},
    )
    assert result.returncode == 0, result.stderr
    verified = kua(restored, "audit", "verify", passphrase=DRILL)
    assert verified.returncode == 0, verified.stderr
    tables = kua(restored, "tables", "--format", "json", passphrase=DRILL)
    assert tables.returncode == 0 and '"respondents"' in tables.stdout
    assert PASSPHRASE  # the demo's own passphrase came from KUA_PASSPHRASE, as `kua init`'s does
