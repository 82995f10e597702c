"""The flowables of the PDF report: title page, sections, tables, charts, quotes, recommendations."""

from __future__ import annotations

from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer
from reportlab.platypus import Table as RLTable
from reportlab.platypus.flowables import HRFlowable

from kua.documents.data import Quote, ReportData, Section, Table, TableRow
from kua.documents.renderers.common import (
    chart_caption,
    chart_rows,
    findings_line,
    group_recommendations,
    section_heading,
    shown_date,
)
from kua.documents.renderers.pdf_chart import chart_drawings
from kua.documents.renderers.pdf_styles import (
    ACCENT,
    CONTENT_WIDTH,
    QUOTE_FILL,
    RULE,
    TOTAL_FILL,
    ZEBRA,
    Styles,
    edition_colour,
    esc,
)

MIN_NUM_WIDTH = 2.0 * cm
MAX_NUM_WIDTH = 3.4 * cm
MIN_LABEL_WIDTH = 5.0 * cm


class Heading(Paragraph):
    """A section heading; the document template turns it into a PDF bookmark."""

    def __init__(self, text: str, style: object, key: str) -> None:
        super().__init__(esc(text), style)
        self.outline_title = text
        self.outline_key = key


def title_page(data: ReportData, st: Styles) -> list[Flowable]:
    story: list[Flowable] = [Spacer(1, 3.2 * cm), Paragraph(esc(data.organisation), st.meta)]
    story += [HRFlowable(width="100%", thickness=2.5, color=ACCENT, spaceBefore=6, spaceAfter=16)]
    story += [Paragraph(esc(data.title), st.title), Paragraph(esc(data.period), st.subtitle)]
    story += [
        Spacer(1, 0.8 * cm),
        Paragraph(esc(data.authors), st.meta),
        Paragraph(esc(shown_date(data)), st.meta),
    ]
    story += [Spacer(1, 1.0 * cm), _boxed(Paragraph(esc(data.edition_note), st.edition), data, st)]
    story += [Spacer(1, 1.2 * cm), *_contents(data, st), PageBreak()]
    return story


def _boxed(paragraph: Paragraph, data: ReportData, st: Styles) -> Flowable:
    """The edition note on the title page: framed, with a thick bar in the edition's colour."""
    colour = edition_colour(data.edition)
    box = RLTable([[paragraph]], colWidths=[CONTENT_WIDTH])
    box.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), st.fonts.regular),
            ("BOX", (0, 0), (-1, -1), 1.2, colour),
            ("LINEBEFORE", (0, 0), (0, -1), 5, colour),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ]
    )
    return box


def _contents(data: ReportData, st: Styles) -> list[Flowable]:
    caption = data.labels.get("contents", "")
    story: list[Flowable] = [Paragraph(esc(caption), st.h3)] if caption else []
    for number, section in enumerate(data.sections, start=1):
        story.append(Paragraph(esc(section_heading(number, section.title)), st.meta))
    return story


def section_flowables(data: ReportData, number: int, section: Section, st: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        CondPageBreak(4 * cm),
        Heading(section_heading(number, section.title), st.h1, section.key),
    ]
    story += [Paragraph(esc(p), st.body) for p in section.paragraphs]
    story += [Paragraph(esc(b), st.bullet, bulletText="•") for b in section.bullets]
    for table in section.tables:
        story += table_flowables(data, table, st)
    story += [_quote(q, st) for q in section.quotes]
    story += recommendation_flowables(data, section, st)
    return story


def _widest(table: Table, column: int, st: Styles) -> float:
    """Room for the column's longest number ("1 234 000 ₸") on one line."""
    texts = [r.cells[column].text for r in table.rows if column < len(r.cells)]
    return max((stringWidth(t, st.fonts.bold, 9) + 14 for t in texts), default=0.0)


def _column_widths(table: Table, st: Styles) -> list[float]:
    widths = [
        min(MAX_NUM_WIDTH, max(MIN_NUM_WIDTH, stringWidth(c, st.fonts.bold, 8.5) + 14, _widest(table, i, st)))
        for i, c in enumerate(table.columns)
    ]
    rest = CONTENT_WIDTH - sum(widths)
    if rest < MIN_LABEL_WIDTH and widths:
        shrink = (MIN_LABEL_WIDTH - rest) / len(widths)
        widths = [w - shrink for w in widths]
        rest = MIN_LABEL_WIDTH
    return [rest, *widths]


def _row_cells(row: TableRow, st: Styles) -> list[Paragraph]:
    label, num = (st.cell_bold, st.cell_num_bold) if row.is_total else (st.cell, st.cell_num)
    return [Paragraph(esc(row.label), label), *(Paragraph(esc(c.text), num) for c in row.cells)]


def _table_style(table: Table, st: Styles) -> list[tuple[object, ...]]:
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), st.fonts.regular),  # else the Table sets Helvetica
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, ZEBRA]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    for i, row in enumerate(table.rows, start=1):
        if row.is_total:
            commands += [
                ("BACKGROUND", (0, i), (-1, i), TOTAL_FILL),
                ("LINEABOVE", (0, i), (-1, i), 0.9, ACCENT),
            ]
    return commands


def table_flowables(data: ReportData, table: Table, st: Styles) -> list[Flowable]:
    header = [
        Paragraph(esc(table.label_header), st.head),
        *(Paragraph(esc(c), st.head_num) for c in table.columns),
    ]
    body = [header, *(_row_cells(r, st) for r in table.rows)]
    grid = RLTable(body, colWidths=_column_widths(table, st), repeatRows=1, hAlign="LEFT")
    grid.setStyle(_table_style(table, st))
    story: list[Flowable] = [Paragraph(esc(table.title), st.caption), grid]
    if table.note:
        story.append(Paragraph(esc(table.note), st.note))
    rows = chart_rows(table)
    if rows:
        drawings: list[Flowable] = list(chart_drawings(rows, st.fonts))
        story += [Paragraph(esc(chart_caption(data, table)), st.caption), *drawings, Spacer(1, 8)]
    return story


def _quote(quote: Quote, st: Styles) -> Flowable:
    text = Paragraph(esc(quote.text), st.quote)
    attribution = Paragraph(esc(f"— {quote.attribution}"), st.attribution)
    box = RLTable([[text], [attribution]], colWidths=[CONTENT_WIDTH - 1.2 * cm], hAlign="RIGHT")
    box.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), st.fonts.regular),
            ("BACKGROUND", (0, 0), (-1, -1), QUOTE_FILL),
            ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (0, 0), 8),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ]
    )
    return KeepTogether([box, Spacer(1, 10)])


def recommendation_flowables(data: ReportData, section: Section, st: Styles) -> list[Flowable]:
    story: list[Flowable] = []
    for agency, recommendations in group_recommendations(section.recommendations):
        story.append(Paragraph(esc(agency), st.h3))
        for number, recommendation in enumerate(recommendations, start=1):
            item: list[Flowable] = [Paragraph(esc(recommendation.text), st.bullet, bulletText=f"{number}.")]
            rests_on = findings_line(data, recommendation.findings)
            if rests_on:
                item.append(Paragraph(esc(rests_on), st.rests))
            story.append(KeepTogether(item))
    return story
