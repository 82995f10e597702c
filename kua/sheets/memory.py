"""openpyxl workbooks written without temporary files.

openpyxl serialises every worksheet into a file from `tempfile` (in write-only mode as
rows arrive, otherwise while saving) and then copies it into the zip. Those files hold
every cell in clear, on disk, and a killed process leaves them behind. Here each
worksheet is serialised into memory instead, and the zip goes straight to the target
(a file the user asked for, or a buffer).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter


class MemoryExcelWriter(ExcelWriter):  # type: ignore[misc]
    """openpyxl's ExcelWriter with each worksheet's XML built in memory."""

    def write_worksheet(self, ws: Any) -> None:
        if getattr(ws, "_kua_streamed", False):  # already in the archive: streamed_sheet()
            ws._rels = ws._writer._rels
            self.manifest.append(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if self.workbook.write_only:
            if not ws.closed:
                ws.close()
            writer = ws._writer
        else:
            writer = WorksheetWriter(ws, out=BytesIO())
            writer.write()
        if not isinstance(writer.out, BytesIO):
            raise RuntimeError("a worksheet was written to a temporary file")
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


@contextmanager
def streamed_sheet(target: str | IO[bytes], title: str) -> Iterator[WriteOnlyWorksheet]:
    """A one-sheet workbook whose rows go straight into the target's zip as they are
    appended (memory stays flat, no temporary file); the rest is written on exit."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet._id = 1  # what ExcelWriter gives the first sheet: its path is xl/worksheets/sheet1.xml
    with ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        with archive.open(sheet.path[1:], "w", force_zip64=True) as entry:
            sheet._writer = WorksheetWriter(sheet, out=entry)
            sheet._writer.write_top()
            yield sheet
            sheet.close()
        sheet._kua_streamed = True
        MemoryExcelWriter(workbook, archive).save()


def save(workbook: Workbook, target: str | IO[bytes]) -> None:
    """Save to a path or a binary file object without touching the temporary directory."""
    with ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        MemoryExcelWriter(workbook, archive).save()
