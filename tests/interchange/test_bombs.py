"""Decompression bombs and oversize files are refused before parsing, with a clear
message in the user's language; nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kua.accounts.models import User
from kua.cli import EXIT_UNUSABLE, main
from kua.interchange.reading import UnreadableFile
from kua.interviews.models import Interview
from tests.conftest import logged_in, valid_answers
from tests.interchange.bombs import bad_shared_string, many_rows, one_huge_cell, template
from tests.interchange.conftest import csv_bytes

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _upload(client: Any, name: str, data: bytes, **extra: Any) -> str:
    response = client.post(reverse("import_upload"), {"file": SimpleUploadedFile(name, data)}, **extra)
    assert response.status_code == 200
    return str(response.content.decode())


def test_two_million_rows_are_refused_on_the_web(alice: User, tmp_path: Path) -> None:
    bomb = many_rows(tmp_path / "rows.xlsx", 2_000_000)
    body = _upload(logged_in(alice), "rows.xlsx", bomb.read_bytes(), **ENGLISH)
    assert "more than 200000 rows" in body
    assert Interview.objects.count() == 0


def test_one_400_mib_cell_is_refused_by_the_command_line(
    alice: User, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = one_huge_cell(tmp_path / "cell.xlsx", 400)
    assert bomb.stat().st_size < 1024 * 1024
    monkeypatch.setenv("KUA_LANGUAGE", "en")
    assert main(["import", str(bomb)]) == EXIT_UNUSABLE
    assert "more than 32767 characters" in capsys.readouterr().err
    assert Interview.objects.count() == 0


def test_a_workbook_that_unpacks_too_far_is_refused(run_import: Any, settings: Any, tmp_path: Path) -> None:
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1024 * 1024
    bomb = one_huge_cell(tmp_path / "cell.xlsx", 2)
    with translation.override("en"), pytest.raises(UnreadableFile, match="unpacks to more than 1 MB"):
        run_import(bomb.read_bytes(), "cell.xlsx")


def test_the_row_limit_is_a_setting_for_csv_too(run_import: Any, settings: Any) -> None:
    settings.IMPORT_MAX_ROWS = 5

    def rows(count: int) -> tuple[list[str], list[list[str]]]:  # different interviews (ages)
        answers = [valid_answers(age=str(30 + i)) for i in range(count)]
        flat = [{k: " ".join(v) if isinstance(v, list) else v for k, v in a.items()} for a in answers]
        header = sorted(flat[0])
        return header, [[row[h] for h in header] for row in flat]

    with translation.override("en"), pytest.raises(UnreadableFile, match="more than 5 rows"):
        run_import(csv_bytes(*rows(6)))
    assert Interview.objects.count() == 0
    assert run_import(csv_bytes(*rows(5))).stored == 5


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Line 2 of the file has a cell longer than 32767 characters"),
        ("ru", "В строке 2 файла есть ячейка длиннее 32767 знаков"),
        ("kk", "Файлдың 2-жолында 32767 таңбадан ұзын ұяшық бар"),
    ],
)
def test_a_5_mb_csv_cell_is_named_as_such(alice: User, language: str, expected: str) -> None:
    data = csv_bytes(["registered_on", "narrative"], [["2026-11-02", "ж" * (5 * 1024 * 1024)]])
    body = _upload(logged_in(alice), "big.csv", data, HTTP_ACCEPT_LANGUAGE=language)
    assert expected in body
    assert "quote" not in body and "кавычк" not in body


def test_an_unclosed_quote_is_still_called_one(run_import: Any) -> None:
    with translation.override("en"), pytest.raises(UnreadableFile, match="unclosed quote"):
        run_import(b'registered_on,narrative\n2026-11-02,"never closed\n')


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The workbook is damaged: row 3 cannot be read"),
        ("ru", "Книга повреждена: строку 3 невозможно прочитать"),
        ("kk", "Кітап зақымдалған: 3-жолды оқу мүмкін емес"),
    ],
)
def test_a_shared_string_out_of_range_is_a_message_not_a_500(
    alice: User, language: str, expected: str
) -> None:
    data = bad_shared_string([["registered_on", "narrative"], ["2026-11-02", "a"], ["2026-11-03", "b"]])
    body = _upload(logged_in(alice), "broken.xlsx", data, HTTP_ACCEPT_LANGUAGE=language)
    assert expected in body
    assert Interview.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The file is larger than 50 MB"),
        ("ru", "Файл больше 50 МБ"),
        ("kk", "Файл көлемі 50 МБ шегінен асады"),
    ],
)
def test_a_60_mb_upload_is_called_too_large(alice: User, language: str, expected: str) -> None:
    data = b"registered_on\n" + b"2026-11-02\n" * (60 * 1024 * 1024 // 11)
    body = _upload(logged_in(alice), "huge.csv", data, HTTP_ACCEPT_LANGUAGE=language)
    assert expected in body
    assert "This field is required" not in body and "обязательн" not in body and "міндетті" not in body


def test_a_too_large_questionnaire_upload_is_called_too_large(alice: User) -> None:
    data = template([["type", "name"]]) + b"\0" * (60 * 1024 * 1024)
    response = logged_in(alice).post(
        reverse("form_upload"), {"workbook": SimpleUploadedFile("form.xlsx", data)}, **ENGLISH
    )
    body = response.content.decode()
    assert response.status_code == 200 and "The file is larger than 50 MB" in body
    assert "This field is required" not in body
