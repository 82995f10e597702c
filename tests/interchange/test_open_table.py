"""The command line reads an import file as it goes: any size, same refusals as an upload."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kua.interchange.reading import UnreadableFile, open_table


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    from django.utils import translation

    with translation.override("en"):
        yield


def test_rows_come_as_the_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("\ufeffa;b\n1;2\n\n3;4\n", encoding="utf-8")
    table = open_table(path)
    assert table.header == ["a", "b"]
    assert list(table.rows) == [(2, ["1", "2"]), (4, ["3", "4"])]


def test_utf16_is_read(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-16")
    assert list(open_table(path).rows) == [(2, ["1", "2"])]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"a,b\n1,\xff\xfe\xfa\n", "UTF-8"),
        (b"a,b\n1,\x002\n", "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", ".xls"),
    ],
)
def test_bad_files_are_refused_whole(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=message):
        list(open_table(path).rows)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="Cannot read"):
        open_table(tmp_path / "nothing.csv")
