"""Every table of the report as an XLSX workbook (openpyxl).

A cover sheet (title, organisation, period, authors, date, edition note, list of sheets),
then one sheet per table: the edition note on the top row, the title, the header row in
bold, numbers as numbers (suppressed cells as their text, e.g. "<5"), the note below, and a
native horizontal bar chart for tables with a chart column.
"""

from __future__ import annotations

import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from kua.documents.data import Cell, ReportData, Table
from kua.documents.renderers.common import (
    chart_caption,
    generated_datetime,
    normalise_zip,
    number_format,
    shown_date,
)
from kua.sheets.memory import MemoryExcelWriter

COVER_SHEET = "README"
HEADER_ROW = 4
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE3EC")
TOTAL_FILL = PatternFill("solid", fgColor="E3E9F0")
NOTE_FONT = Font(italic=True, size=9, color="5A6270")
INVALID_SHEET_CHARS = re.compile(r"[\\/?*\[\]:]")


def _cut(text: str, length: int) -> str:
    """At most `length` characters, cut at a word boundary where one is near."""
    if len(text) <= length:
        return text
    cut = text[:length]
    space = cut.rfind(" ")
    return (cut[:space] if space >= length // 2 else cut).rstrip(" ,.;–-")


def sheet_names(tables: tuple[Table, ...], reserved: str = COVER_SHEET) -> list[str]:
    """One sheet name per table: its number and title in the report's language, cut between words
    to Excel's 31 characters; valid and unique (case-insensitively, as Excel compares them)."""
    taken = {reserved.casefold()}
    names = []
    for index, table in enumerate(tables, start=1):
        title = INVALID_SHEET_CHARS.sub(" ", table.title or table.key).strip(" '")
        base = f"{index:02d} {title}"  # numbered: a cut title stays told apart, and sheets keep their order
        name, suffix = _cut(base, 31), 1
        while name.casefold() in taken:
            suffix += 1
            tail = f" ({suffix})"
            name = _cut(base, 31 - len(tail)) + tail
        taken.add(name.casefold())
        names.append(name)
    return names


def _edition_font(data: ReportData) -> Font:
    return Font(bold=True, color="9B1C1C" if data.edition == "internal" else "5A6270")


def _cover(ws: Worksheet, data: ReportData, names: list[str]) -> None:
    ws["A1"], ws["A1"].font = data.edition_note, _edition_font(data)
    ws["A3"], ws["A3"].font = data.title, Font(bold=True, size=16)
    for row, text in enumerate((data.organisation, data.period, data.authors, shown_date(data)), start=4):
        ws.cell(row, 1, text)
    row = 9
    if data.labels.get("contents"):
        ws.cell(row, 1, data.labels["contents"]).font = BOLD
        row += 1
    for name, table in zip(names, data.tables(), strict=True):
        link = ws.cell(row, 1, name)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(name)}!A1")
        link.font = Font(color="1F3A5F", underline="single")
        ws.cell(row, 2, table.title)
        row += 1
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90


def _write_cell(ws: Worksheet, row: int, column: int, cell: Cell, bold: bool) -> None:
    target = ws.cell(row, column)
    if cell.value is not None and not cell.suppressed:
        target.value = cell.value
        target.number_format = number_format(cell.text)
    else:
        target.value = cell.text
    target.alignment = Alignment(horizontal="right")
    target.font = Font(bold=bold)


def _write_table(ws: Worksheet, table: Table) -> int:
    """Header and rows from HEADER_ROW on; returns the last row written."""
    for column, text in enumerate((table.label_header, *table.columns), start=1):
        head = ws.cell(HEADER_ROW, column, text)
        head.font, head.fill = BOLD, HEADER_FILL
        head.alignment = Alignment(horizontal="left" if column == 1 else "right", wrap_text=True)
    row = HEADER_ROW
    for row, data_row in enumerate(table.rows, start=HEADER_ROW + 1):
        label = ws.cell(row, 1, data_row.label)
        label.font, label.alignment = Font(bold=data_row.is_total), Alignment(wrap_text=True, vertical="top")
        for column, cell in enumerate(data_row.cells, start=2):
            _write_cell(ws, row, column, cell, data_row.is_total)
        if data_row.is_total:
            for column in range(1, len(table.columns) + 2):
                ws.cell(row, column).fill = TOTAL_FILL
    return row


def _widths(ws: Worksheet, table: Table) -> None:
    labels = [len(table.label_header), *(len(r.label) for r in table.rows)]
    ws.column_dimensions["A"].width = min(60, max(16, *labels) + 2)
    for index, header in enumerate(table.columns):
        texts = [len(header), *(len(r.cells[index].text) for r in table.rows if index < len(r.cells))]
        ws.column_dimensions[get_column_letter(index + 2)].width = min(30, max(10, *texts) + 2)


def _chart_title(text: str) -> Title:
    """A chart title in 11 pt bold (openpyxl's default title is large)."""
    font = CharacterProperties(sz=1100, b=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=font), r=[RegularTextRun(rPr=font, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _chart(ws: Worksheet, data: ReportData, table: Table) -> None:
    if table.chart_column is None:
        return
    rows = [i for i, r in enumerate(table.rows, start=HEADER_ROW + 1) if not r.is_total]
    if not rows:
        return
    chart = BarChart()
    chart.type, chart.style, chart.legend = "bar", 10, None
    chart.title = _chart_title(chart_caption(data, table))
    chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False)
    column = table.chart_column + 2
    chart.add_data(Reference(ws, min_col=column, min_row=HEADER_ROW, max_row=rows[-1]), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=rows[0], max_row=rows[-1]))
    chart.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
    chart.y_axis.crosses = "max"  # ...and the value axis below the bars
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.width, chart.height = 18, max(7.5, 1.0 * len(rows) + 3)
    ws.add_chart(chart, f"{get_column_letter(len(table.columns) + 3)}{HEADER_ROW}")


def _table_sheet(ws: Worksheet, data: ReportData, table: Table) -> None:
    ws["A1"], ws["A1"].font = data.edition_note, _edition_font(data)
    ws["A2"], ws["A2"].font = table.title, Font(bold=True, size=13)
    last = _write_table(ws, table)
    notes = [t for t in (table.note, data.labels.get("source", "")) if t]
    for offset, note in enumerate(notes, start=2):
        ws.cell(last + offset, 1, note).font = NOTE_FONT
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    _widths(ws, table)
    _chart(ws, data, table)


def _properties(wb: Workbook, data: ReportData) -> None:
    props = wb.properties
    props.title, props.creator, props.subject = (
        data.title,
        data.authors or data.organisation,
        data.edition_note,
    )
    props.lastModifiedBy, props.language = "Kua", data.language
    props.created = props.modified = generated_datetime(data)


def render_xlsx(data: ReportData) -> bytes:
    """Every table as a sheet, after a cover sheet; the same data gives the same bytes."""
    wb = Workbook()
    cover = wb.active
    cover.title = _cut(INVALID_SHEET_CHARS.sub(" ", data.labels.get("contents") or COVER_SHEET), 31)
    names = sheet_names(data.tables(), cover.title)
    _cover(cover, data, names)
    for name, table in zip(names, data.tables(), strict=True):
        _table_sheet(wb.create_sheet(name), data, table)
    _properties(wb, data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # Not wb.save(): that stamps "modified" with the clock, and spills sheets into temp files.
        MemoryExcelWriter(wb, archive).save()
    return normalise_zip(buffer.getvalue(), generated_datetime(data))
