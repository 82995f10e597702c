"""Refusing spreadsheet bombs before any parser sees them.

An .xlsx is a zip of XML parts. Before openpyxl or pyxform opens one, every part's
uncompressed size is checked against the limit (the sizes in the zip's directory bound
what zipfile will ever inflate), then each XML part is inflated in blocks, with flat
memory, to find the longest stretch of text (no `<` in it: a cell's text in XML can hold
none) and to count the rows of each worksheet. A CSV is parsed once up front for its row
count and cell sizes. What is refused raises TooLarge with a message in the user's language.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

MAX_PARTS = 1000
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?row[\s>/]")
_OVERLAP = 32  # longer than any match of _ROW
BYTES_PER_CHAR = 4  # UTF-8: a character is at most four bytes


class TooLarge(Exception):
    """The file is refused whole; the message says why, in the user's language."""


class Damaged(Exception):
    """The zip itself cannot be read."""


@dataclass(frozen=True)
class Limits:
    unzipped_bytes: int  # all parts of a workbook together, uncompressed
    rows: int  # data rows (the header row is not counted)
    cell_chars: int


def too_many_rows(limits: Limits) -> TooLarge:
    return TooLarge(
        _("The file has more than %(rows)d rows. Split it into smaller files and import them one by one.")
        % {"rows": limits.rows}
    )


def cell_too_long(limits: Limits, line: int | None = None) -> TooLarge:
    if line is None:
        return TooLarge(
            _("A cell of the workbook holds more than %(chars)d characters. Shorten it and try again.")
            % {"chars": limits.cell_chars}
        )
    return TooLarge(
        _("Line %(line)d of the file has a cell longer than %(chars)d characters. Shorten it and try again.")
        % {"line": line, "chars": limits.cell_chars}
    )


def check_xlsx(data: bytes | Path, limits: Limits) -> None:
    """Raise TooLarge (or Damaged) before anything parses the workbook."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Damaged() from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise TooLarge(
                _(
                    "The workbook is made of %(count)d parts (an ordinary workbook has a few dozen; "
                    "Kua opens at most %(parts)d). Open it in Excel or LibreOffice, copy the data "
                    "to a new workbook and save that."
                )
                % {"count": len(parts), "parts": MAX_PARTS}
            )
        if sum(p.file_size for p in parts) > limits.unzipped_bytes:
            raise TooLarge(
                _(
                    "The workbook unpacks to more than %(mb)d MB; Kua does not open it. "
                    "Split the data into smaller files."
                )
                % {"mb": limits.unzipped_bytes // (1024 * 1024)}
            )
        for part in parts:
            if part.filename.endswith((".xml", ".rels")):
                _scan_part(archive, part, limits)


def _blocks(archive: zipfile.ZipFile, part: zipfile.ZipInfo, size: int) -> Iterator[bytes]:
    try:
        with archive.open(part) as stream:
            while block := stream.read(size):
                yield block
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise Damaged() from None


def _scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: Limits) -> None:
    longest = limits.cell_chars * BYTES_PER_CHAR
    block_size = min(longest, 1024 * 1024)  # a block is no longer than the longest run allowed
    is_sheet = part.filename.startswith("xl/worksheets/")
    run = rows = 0
    tail = b""
    for block in _blocks(archive, part, block_size):
        opening = block.find(b"<")
        if opening < 0:
            run += len(block)
        else:
            if run + opening > longest:
                raise cell_too_long(limits)
            run = len(block) - block.rfind(b"<") - 1
        if run > longest:
            raise cell_too_long(limits)
        if not is_sheet:
            continue
        window = tail + block
        edge = len(window) - _OVERLAP
        rows += sum(1 for m in _ROW.finditer(window) if m.start() < edge)
        tail = window[max(edge, 0) :]
        if rows > limits.rows + 1:
            raise too_many_rows(limits)
    rows += len(_ROW.findall(tail))
    if rows > limits.rows + 1:
        raise too_many_rows(limits)


def check_csv(text: str, delimiter: str, limits: Limits) -> None:
    """One pass over the parsed CSV: row count and cell sizes. Broken quoting is left to the reader."""
    csv.field_size_limit(max(csv.field_size_limit(), limits.cell_chars + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    count = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise cell_too_long(limits, line) from None
            return  # the reader reports it with its line
        if any(len(cell) > limits.cell_chars for cell in row):
            raise cell_too_long(limits, line)
        count += 1
        if count > limits.rows + 1:
            raise too_many_rows(limits)
