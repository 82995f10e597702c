"""The horizontal bar chart of a table, as native ReportLab drawings.

One bar per row of the table's `chart_column` (total rows excluded), scaled to the largest
value. A suppressed cell gets no bar, only its text ("<5"). Long charts are cut into
several drawings of at most ROWS_PER_DRAWING bars (same scale), so they can flow across pages.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.units import cm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from kua.documents.fonts import FontSet
from kua.documents.renderers.common import ChartRow, bar_fraction, chart_maximum
from kua.documents.renderers.pdf_styles import BAR, CONTENT_WIDTH, INK, MUTED, RULE

ROWS_PER_DRAWING = 12
LABEL_WIDTH = 6.2 * cm
VALUE_SPACE = 1.8 * cm
FONT_SIZE = 8
LINE = 10.0
BAR_HEIGHT = 10.0
ROW_GAP = 6.0
MAX_LABEL_LINES = 3


def _label_lines(label: str, font: str) -> list[str]:
    lines = simpleSplit(label, font, FONT_SIZE, LABEL_WIDTH - 8)
    if len(lines) <= MAX_LABEL_LINES:
        return lines or [""]
    last = lines[MAX_LABEL_LINES - 1]
    while last and stringWidth(last + "…", font, FONT_SIZE) > LABEL_WIDTH - 8:
        last = last[:-1]
    return [*lines[: MAX_LABEL_LINES - 1], last.rstrip() + "…"]


def _row_height(lines: list[str]) -> float:
    return max(BAR_HEIGHT, len(lines) * LINE) + ROW_GAP


def _draw_row(
    drawing: Drawing, row: ChartRow, lines: list[str], top: float, scale: float, fonts: FontSet
) -> None:
    height = _row_height(lines)
    middle = top - height / 2
    text_top = middle + (len(lines) - 1) * LINE / 2 - FONT_SIZE / 3
    for i, line in enumerate(lines):
        drawing.add(
            String(
                LABEL_WIDTH - 8,
                text_top - i * LINE,
                line,
                fontName=fonts.regular,
                fontSize=FONT_SIZE,
                fillColor=INK,
                textAnchor="end",
            )
        )
    x0 = LABEL_WIDTH
    if row.value is None:
        drawing.add(
            String(
                x0 + 4,
                middle - FONT_SIZE / 3,
                row.text,
                fontName=fonts.italic,
                fontSize=FONT_SIZE,
                fillColor=MUTED,
            )
        )
        return
    width = bar_fraction(row.value, scale) * (CONTENT_WIDTH - LABEL_WIDTH - VALUE_SPACE)
    drawing.add(Rect(x0, middle - BAR_HEIGHT / 2, width, BAR_HEIGHT, fillColor=BAR, strokeColor=None))
    drawing.add(
        String(
            x0 + width + 4,
            middle - FONT_SIZE / 3,
            row.text,
            fontName=fonts.bold,
            fontSize=FONT_SIZE,
            fillColor=INK,
        )
    )


def _drawing(rows: tuple[ChartRow, ...], scale: float, fonts: FontSet) -> Drawing:
    lines = [_label_lines(r.label, fonts.regular) for r in rows]
    total = sum(_row_height(x) for x in lines) + 2
    drawing = Drawing(CONTENT_WIDTH, total, initialFontName=fonts.regular, initialFontSize=FONT_SIZE)
    drawing.add(Line(LABEL_WIDTH, 0, LABEL_WIDTH, total, strokeColor=RULE, strokeWidth=0.8))
    top = total - 1
    for row, row_lines in zip(rows, lines, strict=True):
        _draw_row(drawing, row, row_lines, top, scale, fonts)
        top -= _row_height(row_lines)
    return drawing


def chart_drawings(rows: tuple[ChartRow, ...], fonts: FontSet) -> list[Drawing]:
    """The chart as drawings of at most ROWS_PER_DRAWING bars each, all on one scale."""
    scale = chart_maximum(rows)
    return [
        _drawing(rows[i : i + ROWS_PER_DRAWING], scale, fonts) for i in range(0, len(rows), ROWS_PER_DRAWING)
    ]
