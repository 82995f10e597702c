"""Helpers every renderer shares: chart rows, recommendation groups, captions, dates, zips."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from kua.documents.data import Recommendation, ReportData, Table

BAR_CHAR = "█"
MAX_BAR_CHARS = 30


@dataclass(frozen=True)
class ChartRow:
    """One bar: `value` is None when the cell is suppressed or empty (no bar, `text` shown)."""

    label: str
    value: float | None
    text: str


def chart_rows(table: Table) -> tuple[ChartRow, ...]:
    """The bars of a table's chart: one per row (total rows excluded) of `chart_column`."""
    column = table.chart_column
    if column is None:
        return ()
    rows = []
    for row in table.rows:
        if row.is_total or column >= len(row.cells):
            continue
        cell = row.cells[column]
        value = None if cell.suppressed or cell.value is None else float(cell.value)
        rows.append(ChartRow(row.label, value, cell.text))
    return tuple(rows)


def chart_maximum(rows: tuple[ChartRow, ...]) -> float:
    """The largest bar value (at least 1, so an all-zero chart draws empty bars)."""
    values = [r.value for r in rows if r.value is not None]
    return max([*values, 0.0]) or 1.0


def bar_fraction(value: float, maximum: float) -> float:
    return max(0.0, min(1.0, value / maximum)) if maximum > 0 else 0.0


def text_bar(value: float | None, maximum: float, width: int = MAX_BAR_CHARS) -> str:
    """A run of block characters scaled to the maximum; at least one block for a non-zero value."""
    if value is None or value <= 0:
        return ""
    return BAR_CHAR * max(1, round(bar_fraction(value, maximum) * width))


def section_heading(number: int, title: str) -> str:
    return f"{number}. {title}"


def chart_caption(data: ReportData, table: Table) -> str:
    label = data.labels.get("chart", "")
    return f"{label}: {table.title}" if label else table.title


def group_recommendations(
    recommendations: tuple[Recommendation, ...],
) -> list[tuple[str, list[Recommendation]]]:
    """Recommendations grouped by agency, agencies in order of first appearance."""
    groups: dict[str, list[Recommendation]] = {}
    for recommendation in recommendations:
        groups.setdefault(recommendation.agency, []).append(recommendation)
    return list(groups.items())


def findings_line(data: ReportData, findings: tuple[str, ...]) -> str:
    """'Rests on: a; b' with the translated caption, or an arrow when no caption was given."""
    if not findings:
        return ""
    caption = data.labels.get("rests_on", "")
    joined = "; ".join(findings)
    return f"{caption}: {joined}" if caption else f"→ {joined}"


def page_caption(data: ReportData, page: int, total: int | None = None) -> str:
    label = data.labels.get("page", "")
    text = f"{label} {page}".strip()
    of = data.labels.get("of", "")
    if total is not None and of:
        text = f"{text} {of} {total}"
    return text


def shown_date(data: ReportData) -> str:
    """The date of the report as its reader writes dates (the ISO date when none was given)."""
    return data.generated_text or data.generated_on


def generated_datetime(data: ReportData) -> datetime.datetime:
    """`generated_on` as a naive UTC datetime (midnight when it is a date)."""
    moment = datetime.datetime.fromisoformat(data.generated_on)
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment


def number_format(text: str) -> str:
    """An Excel number format that shows a value like its text: '37.5%' -> '0.0"%"'."""
    match = re.search(r"[.,](\d+)", text)
    decimals = len(match.group(1)) if match else 0
    fmt = "0." + "0" * decimals if decimals else "0"
    if text.rstrip().endswith("₸"):
        return '#,##0\\ "₸"'
    if len(re.sub(r"\D", "", text)) > 3:
        fmt = "#,##" + fmt
    return fmt + '"%"' if text.rstrip().endswith("%") else fmt


def normalise_zip(blob: bytes, moment: datetime.datetime) -> bytes:
    """Rewrite a zip (DOCX, XLSX) with every entry stamped `moment`: same input, same bytes."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dest.writestr(entry, source.read(info.filename))
    return out.getvalue()
