"""The horizontal bar chart of a table as a PNG picture (Pillow), for the DOCX.

The same bars as the PDF's chart (kua.documents.renderers.pdf_chart): one per row of the
table's chart column, total rows excluded, scaled to the largest value; a suppressed cell
gets no bar, only its text ("<5"). The layout follows the PDF's, in points, drawn at
SCALE pixels per point. Same rows, same bytes (PNG without a timestamp).
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from kua.documents.fonts import BOLD_FILE, ITALIC_FILE, REGULAR_FILE, FontMissing, find_font
from kua.documents.renderers.common import ChartRow, bar_fraction, chart_maximum
from kua.documents.renderers.pdf_chart import (
    BAR_HEIGHT,
    FONT_SIZE,
    LABEL_WIDTH,
    LINE,
    MAX_LABEL_LINES,
    ROW_GAP,
)

SCALE = 3  # pixels per point: sharp when printed
WIDTH_PT = 482.0  # the DOCX text width (17 cm) in points
VALUE_SPACE_PT = 52.0
INK, MUTED, BAR, RULE = (26, 26, 26), (90, 98, 112), (58, 110, 165), (201, 209, 219)


@cache
def _font(filename: str) -> ImageFont.FreeTypeFont:
    try:
        path = find_font(filename)
    except FontMissing:
        path = find_font(REGULAR_FILE)
    return ImageFont.truetype(str(path), FONT_SIZE * SCALE)


def _wrap(label: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in label.split():
        attempt = f"{current} {word}".strip()
        if current and font.getlength(attempt) > width:
            lines.append(current)
            current = word
        else:
            current = attempt
    lines.append(current)
    if len(lines) > MAX_LABEL_LINES:
        last = lines[MAX_LABEL_LINES - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: MAX_LABEL_LINES - 1], last.rstrip() + "…"]
    return lines


def _row_height(lines: list[str]) -> float:
    return max(BAR_HEIGHT, len(lines) * LINE) + ROW_GAP


def chart_png(rows: tuple[ChartRow, ...]) -> bytes:
    """The chart of `rows` as PNG bytes (empty bytes when there is nothing to draw)."""
    if not rows:
        return b""
    regular, bold, italic = _font(REGULAR_FILE), _font(BOLD_FILE), _font(ITALIC_FILE)
    label_px = (LABEL_WIDTH - 8) * SCALE
    wrapped = [_wrap(r.label, regular, label_px) for r in rows]
    height_pt = sum(_row_height(x) for x in wrapped) + 2
    image = Image.new("RGB", (round(WIDTH_PT * SCALE), round(height_pt * SCALE)), "white")
    draw = ImageDraw.Draw(image)
    x0 = LABEL_WIDTH * SCALE
    draw.line([(x0, 0), (x0, image.height)], fill=RULE, width=2)
    scale = chart_maximum(rows)
    room = (WIDTH_PT - LABEL_WIDTH - VALUE_SPACE_PT) * SCALE
    top = 1.0 * SCALE
    for row, lines in zip(rows, wrapped, strict=True):
        middle = top + _row_height(lines) * SCALE / 2
        first = middle - (len(lines) - 1) * LINE * SCALE / 2
        for i, line in enumerate(lines):
            draw.text((label_px, first + i * LINE * SCALE), line, font=regular, fill=INK, anchor="rm")
        if row.value is None:
            draw.text((x0 + 4 * SCALE, middle), row.text, font=italic, fill=MUTED, anchor="lm")
        else:
            width = bar_fraction(row.value, scale) * room
            half = BAR_HEIGHT * SCALE / 2
            if width > 0:
                draw.rectangle([x0, middle - half, x0 + width, middle + half], fill=BAR)
            draw.text((x0 + width + 4 * SCALE, middle), row.text, font=bold, fill=INK, anchor="lm")
        top += _row_height(lines) * SCALE
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
