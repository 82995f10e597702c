"""A letter (a case's complaint draft) drawn as DOCX or PDF, with the report's fonts.

The letter's content is made by its app (kua/cases/letters.py); this module only draws it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from kua.documents.fonts import register_fonts


@dataclass(frozen=True)
class Letter:
    language: str
    addressee: str
    sender: tuple[str, ...]
    title: str
    paragraphs: tuple[str, ...]
    bullets: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, items)
    closing: tuple[str, ...]
    draft_note: str


def letter_docx(letter: Letter) -> bytes:
    document = docx.Document()
    note = document.add_paragraph()
    note.add_run(letter.draft_note).italic = True
    for line in (letter.addressee, *letter.sender):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(letter.title).bold = True
    for text in letter.paragraphs:
        document.add_paragraph(text)
    for title, items in letter.bullets:
        document.add_paragraph(title)
        for item in items:
            document.add_paragraph(item, style="List Bullet")
    for text in letter.closing:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def letter_pdf(letter: Letter) -> bytes:
    fonts = register_fonts()
    base = ParagraphStyle("letter", fontName=fonts.regular, fontSize=11, leading=15, spaceAfter=6)
    right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
    title = ParagraphStyle("title", parent=base, fontName=fonts.bold, alignment=TA_CENTER, spaceBefore=12)
    muted = ParagraphStyle("note", parent=base, fontName=fonts.italic, fontSize=9)
    story: list[Any] = [Paragraph(escape(letter.draft_note), muted)]
    story += [Paragraph(escape(line), right) for line in (letter.addressee, *letter.sender)]
    story += [Paragraph(escape(letter.title), title)]
    story += [Paragraph(escape(text), base) for text in letter.paragraphs]
    for heading, items in letter.bullets:
        story.append(Paragraph(escape(heading), base))
        story += [
            Paragraph("• " + escape(item), ParagraphStyle("b", parent=base, leftIndent=14)) for item in items
        ]
    story.append(Spacer(1, 6))
    story += [Paragraph(escape(text), base) for text in letter.closing]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm, title=letter.title).build(
        story
    )
    return out.getvalue()


def render_letter(letter: Letter, fmt: str) -> bytes:
    """One of LETTER_FORMATS (formats.py)."""
    return letter_pdf(letter) if fmt == "pdf" else letter_docx(letter)
