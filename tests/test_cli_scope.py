"""`kua tables` and `kua report` take a scope: --from/--to, --study, --region, --district; a
scope naming nothing, or a date that is not one, exits 2."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import kua
from tests.test_cli_keys import add_interviews, init_with_sheet


def _respondents(data_dir: Path, *scope: str) -> int:
    result = kua(data_dir, "tables", "--format", "json", *scope)
    assert result.returncode == 0, result.stderr
    return int(json.loads(result.stdout)["respondents"])


def test_tables_and_report_follow_the_scope(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    init_with_sheet(data_dir, tmp_path / "sheet.txt")
    add_interviews(data_dir, 4)
    assert _respondents(data_dir) == 4
    assert _respondents(data_dir, "--from", "2100-01-01") == 0
    assert _respondents(data_dir, "--from", "2000-01-01", "--to", "2099-12-31") == 4
    for bad in (["--district", "atlantis"], ["--study", "999"], ["--from", "05.12.2026"]):
        result = kua(data_dir, "tables", *bad)
        assert result.returncode == 2 and "Traceback" not in result.stderr, bad
    out = tmp_path / "r.html"
    report = kua(data_dir, "report", "--format", "html", "--out", str(out), "--from", "2100-01-01")
    assert report.returncode == 0, report.stderr
