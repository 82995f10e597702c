"""Files that lie about themselves (issue 20, items 6, 7 and 11; issue 21, item 8).

A workbook whose stored <dimension> is wrong, a header of a million columns, a picture or a
zip renamed .csv/.xlsx, a non-zip .xlsx, a workbook of 5,000 parts: each is read whole or
refused at once with a message that says what is wrong, on both paths (an upload is read from
bytes, the command line from the file)."""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from kua.interchange.reading import UnreadableFile, open_table, read_table

BIG = 50 * 1024 * 1024


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    from django.utils import translation

    with translation.override("en"):
        yield


def workbook(rows: int, dimension: str | None) -> bytes:
    """A valid workbook of a header and `rows` rows, its <dimension> rewritten (or removed)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["registered_on", "age", "sex"])
    for n in range(rows):
        sheet.append([f"2026-11-{n + 1:02d}", 20 + n, "female"])
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                replacement = b"" if dimension is None else f'<dimension ref="{dimension}"/>'.encode()
                data = re.sub(rb"<dimension [^>]*/>", replacement, data)
            target.writestr(item, data)
    return out.getvalue()


def both_paths(data: bytes, name: str, tmp_path: Path) -> list[list[tuple[int, list[object]]]]:
    path = tmp_path / name
    path.write_bytes(data)
    return [list(read_table(data, name, max_bytes=BIG).rows), list(open_table(path).rows)]


@pytest.mark.parametrize("dimension", ["A1:BZ2", "A1:C2", "A1:ZZ1000000", "A1", None])
def test_a_lying_dimension_loses_no_row(tmp_path: Path, dimension: str | None) -> None:
    for rows in both_paths(workbook(5, dimension), "in.xlsx", tmp_path):
        assert [line for line, _cells in rows] == [2, 3, 4, 5, 6]
        assert rows[-1][1][:3] == ["2026-11-05", 24, "female"]


@pytest.mark.parametrize("columns", [20_000, 1_000_000])
def test_too_many_columns_are_refused_at_once(tmp_path: Path, columns: int) -> None:
    header = ",".join(f"c{n}" for n in range(columns))
    data = f"{header}\n{',' * (columns - 1)}1\n".encode()
    path = tmp_path / "wide.csv"
    path.write_bytes(data)
    for read in (lambda: read_table(data, "wide.csv", max_bytes=BIG), lambda: open_table(path)):
        started = time.perf_counter()
        with pytest.raises(UnreadableFile, match="columns; no questionnaire"):
            list(read().rows)
        assert time.perf_counter() - started < 5  # a generous bound; the benchmark is ≈0.1 s


def test_a_repeated_column_is_still_named(tmp_path: Path) -> None:
    data = b"age,sex,age\n1,2,3\n"
    with pytest.raises(UnreadableFile, match="column age appears twice"):
        read_table(data, "in.csv", max_bytes=BIG)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _zip_of_notes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return out.getvalue()


@pytest.mark.parametrize("name", ["photo.csv", "photo.xlsx"])
@pytest.mark.parametrize("data", [PNG, b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4, _zip_of_notes()])
def test_a_picture_or_a_zip_renamed_is_not_a_spreadsheet(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for read in (lambda: read_table(data, name, max_bytes=BIG), lambda: open_table(path)):
        with pytest.raises(UnreadableFile, match="not a spreadsheet"):
            list(read().rows)


def test_a_non_zip_xlsx_says_so(tmp_path: Path) -> None:
    data = "registered_on;age\n2026-11-01;30\n".encode("cp1251") + "возраст".encode("cp1251")
    path = tmp_path / "table.xlsx"
    path.write_bytes(data)
    for read in (lambda: read_table(data, "table.xlsx", max_bytes=BIG), lambda: open_table(path)):
        with pytest.raises(UnreadableFile, match=r"named \.xlsx but is not an Excel workbook"):
            list(read().rows)


def test_a_workbook_of_5000_parts_is_named_for_its_parts(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook(1, "A1:C2"))) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for n in range(5000):
            target.writestr(f"xl/media/image{n}.bin", b"")
    data = out.getvalue()
    path = tmp_path / "parts.xlsx"
    path.write_bytes(data)
    for read in (lambda: read_table(data, "parts.xlsx", max_bytes=BIG), lambda: open_table(path)):
        with pytest.raises(UnreadableFile, match=r"made of 50\d\d parts") as refused:
            list(read().rows)
        assert "MB" not in str(refused.value)
