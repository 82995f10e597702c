"""Colours, paragraph styles and text escaping for the PDF renderer."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm

from kua.documents.fonts import FontSet

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 2.0 * cm
MARGIN_TOP = 2.3 * cm
MARGIN_BOTTOM = 2.0 * cm
FRAME_PADDING = 6.0  # platypus frames keep 6pt of padding inside the margins
TEXT_LEFT = MARGIN_X + FRAME_PADDING
TEXT_RIGHT = PAGE_WIDTH - MARGIN_X - FRAME_PADDING
CONTENT_WIDTH = TEXT_RIGHT - TEXT_LEFT

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5A6270")
ACCENT = colors.HexColor("#1F3A5F")
BAR = colors.HexColor("#3A6EA5")
RULE = colors.HexColor("#C9D1DB")
ZEBRA = colors.HexColor("#F2F5F8")
TOTAL_FILL = colors.HexColor("#E3E9F0")
QUOTE_FILL = colors.HexColor("#F5F6F8")
INTERNAL = colors.HexColor("#9B1C1C")


def esc(text: str) -> str:
    """Text for a ReportLab Paragraph (a small XML dialect): escaped, newlines kept."""
    return escape(text).replace("\n", "<br/>")


def edition_colour(edition: str) -> colors.Color:
    return INTERNAL if edition == "internal" else MUTED


@dataclass(frozen=True)
class Styles:
    fonts: FontSet
    body: ParagraphStyle
    bullet: ParagraphStyle
    h1: ParagraphStyle
    h3: ParagraphStyle
    caption: ParagraphStyle
    note: ParagraphStyle
    rests: ParagraphStyle
    cell: ParagraphStyle
    cell_num: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_num_bold: ParagraphStyle
    head: ParagraphStyle
    head_num: ParagraphStyle
    quote: ParagraphStyle
    attribution: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta: ParagraphStyle
    edition: ParagraphStyle


def _style(name: str, font: str, size: float, **extra: object) -> ParagraphStyle:
    extra.setdefault("leading", size * 1.35)
    extra.setdefault("textColor", INK)
    return ParagraphStyle(
        name, fontName=font, fontSize=size, bulletFontName=font, bulletFontSize=size, **extra
    )


def _cell_styles(f: FontSet) -> dict[str, ParagraphStyle]:
    white = colors.white
    return {
        "cell": _style("cell", f.regular, 8.5),
        "cell_num": _style("cell_num", f.regular, 8.5, alignment=TA_RIGHT),
        "cell_bold": _style("cell_bold", f.bold, 8.5),
        "cell_num_bold": _style("cell_num_bold", f.bold, 8.5, alignment=TA_RIGHT),
        "head": _style("head", f.bold, 8.5, textColor=white),
        "head_num": _style("head_num", f.bold, 8.5, textColor=white, alignment=TA_RIGHT),
    }


def make_styles(f: FontSet) -> Styles:
    return Styles(
        fonts=f,
        body=_style("body", f.regular, 10, spaceAfter=6),
        bullet=_style("bullet", f.regular, 10, leftIndent=14, bulletIndent=2, spaceAfter=3),
        h1=_style("h1", f.bold, 15, textColor=ACCENT, spaceBefore=6, spaceAfter=10, keepWithNext=1),
        h3=_style("h3", f.bold, 11, textColor=ACCENT, spaceBefore=10, spaceAfter=4, keepWithNext=1),
        caption=_style("caption", f.bold, 10, spaceBefore=10, spaceAfter=5, keepWithNext=1),
        note=_style("note", f.regular, 7.5, textColor=MUTED, spaceBefore=3, spaceAfter=8),
        rests=_style("rests", f.italic, 8, textColor=MUTED, leftIndent=14, spaceAfter=6),
        quote=_style("quote", f.italic, 10, leading=14.5, textColor=INK),
        attribution=_style("attribution", f.regular, 8.5, textColor=MUTED, alignment=TA_RIGHT),
        title=_style("title", f.bold, 24, leading=30, textColor=ACCENT, spaceAfter=14),
        subtitle=_style("subtitle", f.regular, 13, textColor=INK, spaceAfter=4),
        meta=_style("meta", f.regular, 10.5, textColor=MUTED, spaceAfter=3, alignment=TA_LEFT),
        edition=_style("edition", f.bold, 9.5, textColor=INK, borderPadding=6),
        **_cell_styles(f),
    )
