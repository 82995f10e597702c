"""Issue 21 item 8: one language per person on the command line. `kua` help, argparse's own
words and the messages follow KUA_LANGUAGE; `kua tables --format text` prints labels; import
errors name the question; an image is "not a spreadsheet"; foreign headers exit 2."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.test_cli import kua

ENGLISH_ARGPARSE = ("usage:", "positional arguments", "options:", "show this help message")


def _kua(data_dir: Path, language: str, *args: str) -> subprocess.CompletedProcess[str]:
    return kua(data_dir, *args, language=language)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("lang")
    made = _kua(data_dir, "ru", "demo", "--interviews", "8")
    assert made.returncode == 0, made.stderr
    return data_dir


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_help_has_no_english_left(demo: Path, language: str) -> None:
    for args in (
        ("--help",),
        ("tables", "--help"),
        ("user", "list", "--help"),
        ("audit", "verify", "--help"),
    ):
        shown = _kua(demo, language, *args)
        assert shown.returncode == 0, shown.stderr
        for word in ENGLISH_ARGPARSE:
            assert word not in shown.stdout, (args, word)
    assert "кезеңнің бірінші күні" in _kua(demo, "kk", "tables", "--help").stdout
    refused = _kua(demo, "ru", "tables", "--format", "xml")
    assert refused.returncode == 2 and "недопустимое значение" in refused.stderr


def test_messages_and_tables_in_her_language(demo: Path, tmp_path: Path) -> None:
    verified = _kua(demo, "kk", "audit", "verify")
    assert verified.returncode == 0 and "Аудит журналы бүтін" in verified.stdout
    tables = _kua(demo, "ru", "tables", "--format", "text")
    assert tables.returncode == 0 and "Полиция" in tables.stdout
    assert "extortion" not in tables.stdout and "police_knows_where_to_turn" not in tables.stdout


def test_import_errors_a_person_can_act_on(demo: Path, tmp_path: Path) -> None:
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    shown = _kua(demo, "ru", "import", str(picture))
    assert shown.returncode == 2 and "не таблица" in shown.stderr and "UTF-8" not in shown.stderr
    foreign = tmp_path / "other.csv"
    foreign.write_text("foo,bar\n1,2\n", encoding="utf-8")
    shown = _kua(demo, "ru", "import", str(foreign))
    assert shown.returncode == 2 and "consent_statistics" in shown.stderr and "documenter" in shown.stderr
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("documenter,consent_statistics,age\nbob,yes,abc\n", encoding="utf-8")
    shown = _kua(demo, "ru", "import", str(wrong))
    assert "«Респондент подтвердил(а) согласие на интервью?» (столбец consent_recorded)" in shown.stdout
