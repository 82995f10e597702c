"""Word styles and small OOXML helpers for the DOCX renderer (fonts, shading, fields, widths)."""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "DejaVu Sans"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x5A, 0x62, 0x70)
INTERNAL = RGBColor(0x9B, 0x1C, 0x1C)
HEADER_FILL = "DCE3EC"
ZEBRA_FILL = "F2F5F8"
TOTAL_FILL = "E3E9F0"
CONTENT_WIDTH = Cm(17)
LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}
PPR_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:spacing",
    "w:ind",
    "w:jc",
    "w:rPr",
    "w:sectPr",
)
STYLED = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Quote", "Header", "Footer")
SIZES = {"Normal": 10, "Title": 24, "Subtitle": 13, "Heading 1": 15, "Heading 2": 12, "Heading 3": 11}


def set_run_fonts(r_pr: BaseOxmlElement, language: str = "") -> None:
    """DejaVu Sans for every script slot (Latin, east-asian, complex), theme fonts removed."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if language:
        lang = r_pr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr.append(lang)
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
        lang.set(qn("w:bidi"), language)


def setup_styles(doc: Document, language: str) -> None:
    locale = LOCALES.get(language, language)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if r_pr is not None:
            set_run_fonts(r_pr, locale)
    for name in STYLED:
        style = doc.styles[name]
        set_run_fonts(style.element.get_or_add_rPr(), locale if name == "Normal" else "")
        if name in SIZES:
            style.font.size = Pt(SIZES[name])
        if name.startswith("Heading") or name == "Title":
            style.font.color.rgb = ACCENT
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    _quote_style(doc)


def _quote_style(doc: Document) -> None:
    """Quotes indented, with a rule on their left, like the PDF."""
    style = doc.styles["Quote"]
    style.paragraph_format.left_indent = Cm(1)
    style.paragraph_format.right_indent = Cm(0.5)
    p_pr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for attribute, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"), ("w:color", str(ACCENT))):
        left.set(qn(attribute), value)
    borders.append(left)
    p_pr.insert_element_before(borders, *PPR_AFTER_BORDER)


def setup_page(doc: Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def repeat_as_header(row: _Row) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def set_widths(table: Table, widths: list[int]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid (LibreOffice reads this)
    for row in table.rows:  # and each cell (Word reads this)
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def add_field(paragraph: Paragraph, instruction: str, placeholder: str, size: float = 8) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice compute when showing the page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    for tag in ("w:sz", "w:szCs"):
        half_points = OxmlElement(tag)
        half_points.set(qn("w:val"), str(round(size * 2)))
        r_pr.append(half_points)
    run.append(r_pr)
    text = OxmlElement("w:t")
    text.text = placeholder
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def styled_run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    colour: RGBColor | None = None,
) -> Run:
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return run
