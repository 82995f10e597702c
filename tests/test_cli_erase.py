"""`kua erase --record RECORD_ID`: exit 0, 2 when unknown; the erased ciphertext is in no byte of
the data directory afterwards, and the record is in no table or export."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

from tests.test_cli import kua
from tests.test_cli_keys import add_interviews, init_with_sheet


def test_erase_removes_every_byte_of_the_record(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    init_with_sheet(data_dir, tmp_path / "sheet.txt")
    add_interviews(data_dir, 5)
    assert json.loads(kua(data_dir, "tables", "--format", "json").stdout)["respondents"] == 5
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:
        record, payload = db.execute("select uuid, payload from interviews_interview order by id").fetchone()
    record_id = str(uuid.UUID(record))
    # Erasing needs the key (the column blocks are rewritten without the record) ...
    assert kua(data_dir, "erase", "--record", record_id, passphrase=None).returncode == 3
    result = kua(data_dir, "erase", "--record", record_id)
    assert result.returncode == 0, result.stderr
    assert kua(data_dir, "erase", "--record", record_id).returncode == 2
    # ... but not to say that a record is unknown.
    assert kua(data_dir, "erase", "--record", "not-a-record", passphrase=None).returncode == 2
    assert json.loads(kua(data_dir, "tables", "--format", "json").stdout)["respondents"] == 4
    export = tmp_path / "all.csv"
    assert kua(data_dir, "export", "--format", "csv", "--out", str(export)).returncode == 0
    assert record_id not in export.read_text(encoding="utf-8-sig")
    canary = bytes(payload)[24:88]  # past the nonce: the sealed answers themselves
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert canary not in path.read_bytes(), f"erased ciphertext still in {path.name}"
    assert kua(data_dir, "audit", "verify").returncode == 0


def test_erase_by_the_screen_number_and_an_ambiguous_one_lists_the_candidates(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    init_with_sheet(data_dir, tmp_path / "sheet.txt")
    add_interviews(data_dir, 3)
    with sqlite3.connect(data_dir / "kua.sqlite3") as db:
        ids = [row[0] for row in db.execute("select id from interviews_interview order by id")]
        db.execute("update interviews_interview set uuid = ? where id = ?", ("abcd1234" + "1" * 24, ids[0]))
        db.execute("update interviews_interview set uuid = ? where id = ?", ("abcd1234" + "2" * 24, ids[1]))
        third = db.execute("select uuid from interviews_interview where id = ?", (ids[2],)).fetchone()[0]
    ambiguous = kua(data_dir, "erase", "--record", "abcd1234")
    assert ambiguous.returncode == 2
    assert "abcd1234-1111" in ambiguous.stderr and "abcd1234-2222" in ambiguous.stderr
    assert json.loads(kua(data_dir, "tables", "--format", "json").stdout)["respondents"] == 3
    result = kua(data_dir, "erase", "--record", third[:8])
    assert result.returncode == 0, result.stderr
    assert json.loads(kua(data_dir, "tables", "--format", "json").stdout)["respondents"] == 2
    assert kua(data_dir, "erase", "--record", third[:8]).returncode == 2
