"""The report as an editable Word document (python-docx).

Real Word tables (style "Table Grid", header row repeated on every page), Heading 1/3
styles, the edition note in the page header of every page and "page N / M" fields in the
footer. Charts are pictures drawn like the PDF's (chart_image.py), one after each chart table.
"""

from __future__ import annotations

import io

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from kua.documents.data import Quote, ReportData, Section, Table
from kua.documents.renderers.chart_image import chart_png
from kua.documents.renderers.common import (
    chart_caption,
    chart_rows,
    findings_line,
    generated_datetime,
    group_recommendations,
    normalise_zip,
    section_heading,
    shown_date,
)
from kua.documents.renderers.docx_styles import (
    CONTENT_WIDTH,
    HEADER_FILL,
    INTERNAL,
    MUTED,
    TOTAL_FILL,
    ZEBRA_FILL,
    add_field,
    repeat_as_header,
    set_widths,
    setup_page,
    setup_styles,
    shade,
    styled_run,
)


def _header_footer(doc: Document, data: ReportData) -> None:
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    colour = INTERNAL if data.edition == "internal" else MUTED
    styled_run(header, data.edition_note, bold=True, size=8, colour=colour)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    label = data.labels.get("page", "")
    if label:
        styled_run(footer, f"{label} ", size=8, colour=MUTED)
    add_field(footer, "PAGE", "1")
    of = data.labels.get("of", "")
    if of:
        styled_run(footer, f" {of} ", size=8, colour=MUTED)
        add_field(footer, "NUMPAGES", "1")


def _title_page(doc: Document, data: ReportData) -> None:
    organisation = doc.add_paragraph()
    organisation.paragraph_format.space_before = Pt(96)
    styled_run(organisation, data.organisation, size=11, colour=MUTED)
    doc.add_paragraph(data.title, style="Title")
    doc.add_paragraph(data.period, style="Subtitle")
    for line in (data.authors, shown_date(data)):
        styled_run(doc.add_paragraph(), line, colour=MUTED)
    colour = INTERNAL if data.edition == "internal" else MUTED
    styled_run(doc.add_paragraph(), data.edition_note, bold=True, colour=colour)
    contents = data.labels.get("contents", "")
    if contents:
        doc.add_paragraph(contents, style="Heading 3")
    for number, section in enumerate(data.sections, start=1):
        doc.add_paragraph(section_heading(number, section.title))
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _widths(table: Table) -> list[int]:
    """Number columns wide enough for their header (within reason), the label column takes the rest."""
    numbers: list[int] = [Cm(min(4.0, max(2.2, 0.22 * len(c) + 0.5))) for c in table.columns]
    room = CONTENT_WIDTH - Cm(6)
    if sum(numbers) > room:
        numbers = [room // len(numbers)] * len(numbers)
    return [CONTENT_WIDTH - sum(numbers), *numbers]


def _fill_row(cells: list, texts: list[str], *, bold: bool, fill: str | None) -> None:
    for i, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1.5)
        if i:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        styled_run(paragraph, text, bold=bold, size=9)
        if fill:
            shade(cell, fill)


def _table(doc: Document, table: Table) -> None:
    caption = doc.add_paragraph(table.title, style="Heading 3")
    caption.paragraph_format.keep_with_next = True
    grid = doc.add_table(rows=1 + len(table.rows), cols=1 + len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    _fill_row(grid.rows[0].cells, [table.label_header, *table.columns], bold=True, fill=HEADER_FILL)
    repeat_as_header(grid.rows[0])
    for i, row in enumerate(table.rows, start=1):
        fill = TOTAL_FILL if row.is_total else (ZEBRA_FILL if i % 2 == 0 else None)
        texts = [row.label, *(c.text for c in row.cells)]
        _fill_row(grid.rows[i].cells, texts, bold=row.is_total, fill=fill)
    set_widths(grid, _widths(table))
    if table.note:
        styled_run(doc.add_paragraph(), table.note, size=8, colour=MUTED)


def _chart(doc: Document, data: ReportData, table: Table) -> None:
    """The table's bar chart as a picture, drawn like the PDF's, with its caption."""
    picture = chart_png(chart_rows(table))
    if not picture:
        return
    caption = doc.add_paragraph()
    caption.paragraph_format.keep_with_next = True
    styled_run(caption, chart_caption(data, table), bold=True, size=9)
    doc.add_picture(io.BytesIO(picture), width=CONTENT_WIDTH)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(10)


def _quote(doc: Document, quote: Quote) -> None:
    doc.add_paragraph(quote.text, style="Quote")
    attribution = doc.add_paragraph()
    attribution.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    styled_run(attribution, f"— {quote.attribution}", size=9, colour=MUTED)


def _recommendations(doc: Document, data: ReportData, section: Section) -> None:
    for agency, recommendations in group_recommendations(section.recommendations):
        doc.add_paragraph(agency, style="Heading 3")
        for number, recommendation in enumerate(recommendations, start=1):
            item = doc.add_paragraph(f"{number}. {recommendation.text}")
            item.paragraph_format.left_indent = Cm(0.6)
            item.paragraph_format.first_line_indent = Cm(-0.6)
            rests_on = findings_line(data, recommendation.findings)
            if rests_on:
                note = doc.add_paragraph()
                note.paragraph_format.left_indent = Cm(0.6)
                styled_run(note, rests_on, italic=True, size=8, colour=MUTED)


def _section(doc: Document, data: ReportData, number: int, section: Section) -> None:
    doc.add_heading(section_heading(number, section.title), level=1)
    for paragraph in section.paragraphs:
        doc.add_paragraph(paragraph)
    for bullet in section.bullets:
        doc.add_paragraph(bullet, style="List Bullet")
    for table in section.tables:
        _table(doc, table)
        _chart(doc, data, table)
    for quote in section.quotes:
        _quote(doc, quote)
    _recommendations(doc, data, section)


def _properties(doc: Document, data: ReportData) -> None:
    props = doc.core_properties
    moment = generated_datetime(data)
    props.title, props.author, props.subject = (
        data.title,
        data.authors or data.organisation,
        data.edition_note,
    )
    props.last_modified_by, props.revision, props.language = "Kua", 1, data.language
    props.created = props.modified = props.last_printed = moment


def render_docx(data: ReportData) -> bytes:
    """The report as DOCX bytes; the same data gives the same bytes."""
    doc = docx.Document()
    setup_page(doc)
    setup_styles(doc, data.language)
    _header_footer(doc, data)
    _properties(doc, data)
    _title_page(doc, data)
    for number, section in enumerate(data.sections, start=1):
        _section(doc, data, number, section)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue(), generated_datetime(data))
