"""Reading an uploaded table (CSV or XLSX) into a header and numbered rows.

A file that cannot be read as a table is refused whole with a message for the user.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from django.conf import settings
from django.utils.translation import gettext as _

from kua.sheets.limits import Damaged, Limits, TooLarge, cell_too_long, check_csv, check_xlsx

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

    from openpyxl.workbook.workbook import Workbook

Cell = str | int | float | bool | datetime.date | datetime.datetime | None


class UnreadableFile(Exception):
    """The whole file is refused; the message says why, in the user's language."""


# More columns than any questionnaire could use (the shipped one exports about 200, a Kobo
# export with every choice of every select_multiple split into its own column a few hundred):
# refused at once, before anything looks at the columns.
MAX_COLUMNS = 3000

# The first bytes of files people rename to .csv or .xlsx by mistake.
_NOT_TABLES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"RIFF", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")


def _not_a_spreadsheet() -> UnreadableFile:
    return UnreadableFile(
        _(
            "This file is not a spreadsheet (it looks like a picture, a document or an archive). "
            "Choose the CSV or Excel (.xlsx) file with the interviews."
        )
    )


def _sniff(start: bytes, filename: str) -> None:
    """Refuse, by its first bytes, a file that is no table whatever its name says."""
    if start.startswith(_NOT_TABLES):
        raise _not_a_spreadsheet()
    if filename.lower().endswith(".xlsx") and not start.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            _(
                "The file is named .xlsx but is not an Excel workbook inside. Open it in the program "
                "that made it and save it again as .xlsx (Excel workbook) or as CSV UTF-8."
            )
        )


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[Cell]]]  # (line number in the file, cells); header = line 1


def import_limits() -> Limits:
    return Limits(
        unzipped_bytes=settings.IMPORT_MAX_UNZIPPED_BYTES,
        rows=settings.IMPORT_MAX_ROWS,
        cell_chars=settings.IMPORT_MAX_CELL_CHARS,
    )


def command_line_limits() -> Limits:
    """A file named on the command line is read as it streams: any number of rows and any
    unpacked size, but no cell longer than on the web (one huge cell is the memory bomb)."""
    unlimited = 1 << 62
    return Limits(unzipped_bytes=unlimited, rows=unlimited, cell_chars=settings.IMPORT_MAX_CELL_CHARS)


def read_table(data: bytes, filename: str, *, max_bytes: int) -> Table:
    if len(data) > max_bytes:
        raise UnreadableFile(
            _("The file is larger than %(mb)d MB. Split it into smaller files.")
            % {"mb": max_bytes // (1024 * 1024)}
        )
    if not data.strip():
        raise UnreadableFile(_("The file is empty."))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(_("This is an old Excel file (.xls). Save it as .xlsx or CSV and try again."))
    _sniff(data[:16], filename)
    try:
        if data[:4] == b"PK\x03\x04":
            return _read_xlsx(data, import_limits())
        return _read_csv(data, import_limits())
    except TooLarge as error:
        raise UnreadableFile(str(error)) from None


def open_table(path: Path) -> Table:
    """A table read from a file as it is consumed (the command line: any size, flat memory)."""
    try:
        with path.open("rb") as raw:
            start = raw.read(8)
            if not (start + raw.read(4096)).strip():
                raise UnreadableFile(_("The file is empty."))
    except OSError:
        raise UnreadableFile(_("Cannot read the file %(name)s.") % {"name": path.name}) from None
    limits = command_line_limits()
    if start != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        _sniff(start, path.name)
    if start[:4] == b"PK\x03\x04":
        try:
            return _read_xlsx(path, limits)
        except TooLarge as error:
            raise UnreadableFile(str(error)) from None
    if start == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(_("This is an old Excel file (.xls). Save it as .xlsx or CSV and try again."))
    encoding = "utf-16" if start.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    handle = path.open(encoding=encoding, newline="")
    try:
        first_line = handle.readline()
        handle.seek(0)
    except UnicodeDecodeError:
        handle.close()
        with path.open("rb") as raw:
            binary = b"\x00" in raw.read(65536)
        raise (_not_a_spreadsheet() if binary else UnreadableFile(_not_utf8())) from None
    return _csv_table(_text_lines(handle), first_line, limits)


def _text_lines(handle: TextIO) -> Iterator[str]:
    """Lines of a text file, refusing binary data as the bytes path does."""
    with handle:
        for line in handle:
            if "\x00" in line:
                raise UnreadableFile(_("This file is not a table: it contains binary data."))
            yield line


def _not_utf8() -> str:
    return _("The file is not in UTF-8. Save it again as «CSV UTF-8» (in Excel: Save As → CSV UTF-8).")


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if b"\x00" in data[:65536]:
            raise _not_a_spreadsheet() from None
        raise UnreadableFile(_not_utf8()) from None


def _read_csv(data: bytes, limits: Limits) -> Table:
    text = _decode(data)
    if "\x00" in text:
        raise UnreadableFile(_("This file is not a table: it contains binary data."))
    first_line = text.split("\n", 1)[0]
    check_csv(text, _delimiter(first_line), limits)
    return _csv_table(io.StringIO(text, newline=""), first_line, limits)


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _csv_table(source: Iterable[str], first_line: str, limits: Limits) -> Table:
    delimiter = _delimiter(first_line)
    csv.field_size_limit(max(csv.field_size_limit(), limits.cell_chars + 1))
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except UnicodeDecodeError:
        raise UnreadableFile(_not_utf8()) from None
    except (StopIteration, csv.Error):
        raise UnreadableFile(_("This file is not a table: no header row was found.")) from None
    _check_header(header)
    return Table([h.strip() for h in header], _csv_rows(reader, limits))


def _csv_rows(reader: CsvReader, limits: Limits) -> Iterator[tuple[int, list[Cell]]]:
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise UnreadableFile(_not_utf8()) from None
        except csv.Error as error:
            if "NUL" in str(error):
                raise UnreadableFile(_("This file is not a table: it contains binary data.")) from None
            if "field larger than field limit" in str(error):
                raise UnreadableFile(str(cell_too_long(limits, line))) from None
            raise UnreadableFile(
                _("Line %(line)d of the file is broken (an unclosed quote?).") % {"line": line}
            ) from None
        if row and max(map(len, row)) > limits.cell_chars:
            raise UnreadableFile(str(cell_too_long(limits, line)))
        if "".join(row).strip():
            yield line, list(row)
        line = reader.line_num + 1


def _unopenable() -> UnreadableFile:
    return UnreadableFile(_("This file could not be opened as an Excel workbook."))


def _damaged(line: int) -> UnreadableFile:
    return UnreadableFile(
        _(
            "The workbook is damaged: row %(line)d cannot be read. Open it in Excel or LibreOffice, "
            "save it again as .xlsx and upload it once more."
        )
        % {"line": line}
    )


# What openpyxl raises on a workbook whose XML does not hold together (a shared-string
# index out of range, a cell of an unknown type, a broken part).
_BROKEN = (
    IndexError,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    zipfile.BadZipFile,
    OSError,
    SyntaxError,
)


def _read_xlsx(data: bytes | Path, limits: Limits) -> Table:
    import openpyxl  # slow to import: only when a workbook is read

    try:
        check_xlsx(data, limits)
        source = io.BytesIO(data) if isinstance(data, bytes) else data
        _require_workbook(data)
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        # The stored <dimension> is written by whatever made the file and may lie (too small:
        # rows after it were silently dropped): forget it, so every row is read to the end.
        sheet.reset_dimensions()
    except (Damaged, *_BROKEN):
        raise _unopenable() from None
    rows = sheet.iter_rows(values_only=True)
    try:
        header_row = next(rows, None)
    except _BROKEN:
        raise _damaged(1) from None
    if header_row is None:
        raise UnreadableFile(_("The first sheet is empty."))
    header = ["" if h is None else str(h).strip() for h in header_row]
    _check_header(header)
    return Table(header, _xlsx_rows(rows, workbook, limits))


def _xlsx_rows(
    rows: Iterator[tuple[Cell, ...]], workbook: Workbook, limits: Limits
) -> Iterator[tuple[int, list[Cell]]]:
    number = 1
    while True:
        number += 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except _BROKEN:
            raise _damaged(number) from None
        cells = list(row)
        if any(isinstance(c, str) and len(c) > limits.cell_chars for c in cells):
            raise UnreadableFile(str(cell_too_long(limits, number)))
        if any(c not in (None, "") for c in cells):
            yield number, cells
    workbook.close()


def _require_workbook(data: bytes | Path) -> None:
    """A zip that holds no workbook (a folder zipped and renamed) is not a spreadsheet."""
    with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as archive:
        if "xl/workbook.xml" not in archive.namelist():
            raise _not_a_spreadsheet()


def _check_header(header: list[str]) -> None:
    if len(header) > MAX_COLUMNS:
        raise UnreadableFile(
            _(
                "The first row has %(count)d columns; no questionnaire has more than %(max)d. "
                "Check that this is the file with the interviews and that its separator is a comma "
                "or a semicolon."
            )
            % {"count": len(header), "max": MAX_COLUMNS}
        )
    names = [h.strip() for h in header if h and h.strip()]
    if not names:
        raise UnreadableFile(_("This file is not a table: the first row has no column names."))
    counts = Counter(names)
    duplicates = sorted(n for n, seen in counts.items() if seen > 1)
    if duplicates:
        raise UnreadableFile(_("The column %(name)s appears twice in the header.") % {"name": duplicates[0]})
