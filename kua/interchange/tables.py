"""The one table format of Kua's files: what an import reports and how a table is written.

Interviews (`importing`, `exporting`) and case actions (`kua/cases/interchange.py`) read their
files with `reading.read_table`, report with `TableReport` and `RowProblem`, and write with
`csv_lines` / `write_xlsx` / `write_table` here: CSV in UTF-8 with CRLF, XLSX streamed into the
zip (no temporary file), every text cell a string, never a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from kua.interchange.reading import Cell


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    reason: str
    label: str = ""  # the question as the coordinator knows it, in her language


@dataclass
class TableReport:
    """What an import found: rows read, stored, repeated, and each problem by line and column."""

    rows: int = 0
    stored: int = 0
    duplicates: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected_lines(self) -> int:
        return len({p.line for p in self.problems})


def cell_text(value: Cell) -> str:
    """A cell as the text a person typed (dates as ISO, whole numbers without ".0")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


class _Line:
    """A file-like that hands back what csv.writer wrote, one row at a time."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = True) -> Iterator[str]:
    """The table as CSV text, one line at a time (a BOM first, for spreadsheet programs)."""
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    writer.writerow(header)
    yield ("\ufeff" if bom else "") + line.take()
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        yield line.take()


def write_xlsx(
    header: Sequence[str], rows: Iterable[Sequence[Any]], target: str | IO[bytes], sheet: str
) -> int:
    """A one-sheet workbook, rows streamed into the zip as they come. Returns the row count."""
    # openpyxl is loaded only when an XLSX is asked for (`kua tables` and CSV exports never need it).
    from openpyxl.cell import WriteOnlyCell

    from kua.sheets.memory import streamed_sheet  # openpyxl too

    count = 0
    with streamed_sheet(target, sheet) as out:
        out.append(list(header))
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(out, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula
                cells.append(cell)
            out.append(cells)
            count += 1
    return count


def write_table(
    fmt: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    target: IO[bytes],
    *,
    sheet: str,
    bom: bool,
) -> int:
    """CSV (UTF-8) or XLSX into a binary file. Returns the row count."""
    if fmt == "xlsx":
        return write_xlsx(header, rows, target, sheet)
    count = -1
    for line in csv_lines(header, rows, bom=bom):
        target.write(line.encode("utf-8"))
        count += 1
    return count
