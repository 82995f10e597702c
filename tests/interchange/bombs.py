"""Hostile spreadsheets, made in tmp: a real workbook from openpyxl whose first sheet is
replaced by XML written in pieces (so a 400 MiB cell costs no 400 MiB in the test)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
TAIL = "</sheetData></worksheet>"


def template(rows: list[list[str]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet(path: Path, pieces: Iterable[str], *, replace: dict[str, bytes] | None = None) -> Path:
    """The template workbook with its first sheet written from `pieces`."""
    source = zipfile.ZipFile(io.BytesIO(template([["registered_on"]])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as sheet:
                    sheet.write(HEAD.encode())
                    for piece in pieces:
                        sheet.write(piece.encode())
                    sheet.write(TAIL.encode())
            else:
                target.writestr(item, (replace or {}).get(item.filename, source.read(item.filename)))
    return path


def inline_row(number: int, text: str) -> str:
    return f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{text}</t></is></c></row>'


def many_rows(path: Path, count: int) -> Path:
    def pieces() -> Iterable[str]:
        yield inline_row(1, "registered_on")
        batch = []
        for number in range(2, count + 2):
            batch.append(inline_row(number, "2026-11-02"))
            if len(batch) == 20_000:
                yield "".join(batch)
                batch = []
        yield "".join(batch)

    return with_sheet(path, pieces())


def one_huge_cell(path: Path, mib: int) -> Path:
    def pieces() -> Iterable[str]:
        yield inline_row(1, "registered_on")
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        block = "A" * (1024 * 1024)
        for _ in range(mib):
            yield block
        yield "</t></is></c></row>"

    return with_sheet(path, pieces())


def bad_shared_string(rows: list[list[str]]) -> bytes:
    """A workbook whose sheet points at a shared string that does not exist."""
    source = zipfile.ZipFile(io.BytesIO(template(rows)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == SHEET:  # the last cell: shared string 99999 of none
                last = data.rindex(b' t="inlineStr"><is>')
                data = data[:last] + b' t="s"><v>99999</v>' + data[data.index(b"</is>", last) + 5 :]
            target.writestr(item, data)
    return buffer.getvalue()
