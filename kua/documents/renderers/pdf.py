"""The report as a PDF (A4, ReportLab platypus), set entirely in DejaVu Sans.

Every page carries the edition note in its header and "page N of M" in its footer. The
output is deterministic: ReportLab's invariant mode plus a creation date taken from
`generated_on`, so the same ReportData gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from kua.documents.data import ReportData
from kua.documents.fonts import FontSet, register_fonts
from kua.documents.renderers.common import generated_datetime, page_caption
from kua.documents.renderers.pdf_parts import Heading, section_flowables, title_page
from kua.documents.renderers.pdf_styles import (
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    TEXT_LEFT,
    TEXT_RIGHT,
    Styles,
    edition_colour,
    make_styles,
)

PageHook = Callable[[Canvas, SimpleDocTemplate], None]


class ReportTemplate(SimpleDocTemplate):
    """Turns each section heading into a PDF bookmark (the reader's outline pane)."""

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            key = f"section-{self.page}-{flowable.outline_key}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_title, key, level=0)


def _pdf_date(data: ReportData) -> Callable[..., str]:
    moment = generated_datetime(data)
    stamp = moment.strftime("D:%Y%m%d%H%M%S+00'00'")
    return lambda *_parts: stamp


def _fit(text: str, font: str, size: float, width: float, canvas: Canvas) -> str:
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _page_decoration(data: ReportData, fonts: FontSet, total: int | None) -> PageHook:
    date = _pdf_date(data)

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setDateFormatter(date)
        top = PAGE_HEIGHT - 1.25 * cm
        canvas.setFont(fonts.bold, 8)
        canvas.setFillColor(edition_colour(data.edition))
        width = TEXT_RIGHT - TEXT_LEFT
        canvas.drawString(TEXT_LEFT, top, _fit(data.edition_note, fonts.bold, 8, width, canvas))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(TEXT_LEFT, top - 5, TEXT_RIGHT, top - 5)
        bottom = MARGIN_BOTTOM / 2
        canvas.line(TEXT_LEFT, bottom + 11, TEXT_RIGHT, bottom + 11)
        canvas.setFont(fonts.regular, 7.5)
        canvas.setFillColor(MUTED)
        page = page_caption(data, doc.page, total)
        canvas.drawRightString(TEXT_RIGHT, bottom, page)
        room = width - canvas.stringWidth(page, fonts.regular, 7.5) - 20
        canvas.drawString(TEXT_LEFT, bottom, _fit(data.organisation, fonts.regular, 7.5, room, canvas))
        canvas.restoreState()

    return draw


def _story(data: ReportData, styles: Styles) -> list[Flowable]:
    story = title_page(data, styles)
    for number, section in enumerate(data.sections, start=1):
        story += section_flowables(data, number, section, styles)
    return story


def _build(data: ReportData, styles: Styles, total: int | None) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = ReportTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=data.title,
        author=data.authors or data.organisation,
        subject=data.edition_note,
        creator="Kua",
        lang=data.language,
        invariant=1,
        initialFontName=styles.fonts.regular,
    )
    decorate = _page_decoration(data, styles.fonts, total)
    doc.build(_story(data, styles), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue(), doc.page


def render_pdf(data: ReportData) -> bytes:
    """The report as PDF bytes. Raises FontMissing when DejaVu Sans is not installed."""
    styles = make_styles(register_fonts())
    _, pages = _build(data, styles, None)  # first pass: count the pages for "page N of M"
    pdf, _ = _build(data, styles, pages)
    return pdf
