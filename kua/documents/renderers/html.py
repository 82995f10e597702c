"""The report as HTML: an <article> for the app page, or a standalone file.

No scripts, no external assets, no style attributes (the app's Content-Security-Policy
forbids inline styles): bars are inline SVG <rect> elements sized by their width attribute.
The in-app variant relies on the app's CSS classes (report, report-edition, report-table,
bar, quote, recommendation); the standalone variant carries its own <style> element.
"""

from __future__ import annotations

from html import escape

from kua.documents.data import Quote, ReportData, Section, Table, TableRow
from kua.documents.renderers.common import (
    ChartRow,
    bar_fraction,
    chart_caption,
    chart_maximum,
    chart_rows,
    findings_line,
    group_recommendations,
    section_heading,
    shown_date,
)

STANDALONE_CSS = """
body{margin:0;background:#f4f5f7;color:#1a1a1a;font:15px/1.5 "DejaVu Sans",Verdana,sans-serif}
.report{max-width:52rem;margin:0 auto;padding:2rem 2.5rem;background:#fff}
.report-edition{margin:0 0 1.5rem;padding:.5rem .8rem;border-left:5px solid #5a6270;font-weight:bold}
.report-internal .report-edition{border-color:#9b1c1c;color:#9b1c1c}
.report-meta{color:#5a6270;margin:.2rem 0}
h1,h2,h3{color:#1f3a5f}h1{font-size:1.9rem;line-height:1.25}h2{margin-top:2rem}
.report-table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
.report-table caption{text-align:left;font-weight:bold;padding:.4rem 0}
.report-table th,.report-table td{padding:.3rem .5rem;border-bottom:1px solid #c9d1db;text-align:left}
.report-table thead th{background:#1f3a5f;color:#fff}
.report-table tbody tr:nth-child(even){background:#f2f5f8}
.report-table tbody th{font-weight:normal}.report-table .num{text-align:right}
.report-table .total,.report-table .total th{font-weight:bold;background:#e3e9f0}
.report-note{font-size:.8rem;color:#5a6270}
.report-chart{margin:.8rem 0 1.5rem}.report-chart figcaption{font-weight:bold;font-size:.9rem}
.report-chart table{width:100%;border-collapse:collapse;font-size:.85rem}
.report-chart th{text-align:right;font-weight:normal;width:35%;padding:.15rem .5rem}
.report-chart td.value{width:4rem;font-weight:bold}.report-chart .suppressed{color:#5a6270;font-style:italic}
.bar{display:block;width:100%;height:.9rem}.bar rect{fill:#3a6ea5}
.quote{margin:1rem 0 1rem 1.5rem;padding:.6rem 1rem;background:#f5f6f8;border-left:4px solid #1f3a5f}
.quote p{font-style:italic;margin:0}.quote footer{text-align:right;color:#5a6270;font-size:.85rem}
.recommendation{margin:.4rem 0}.recommendation .rests-on{font-size:.8rem;color:#5a6270;font-style:italic}
.report-footer{margin-top:2rem}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _paragraphs(texts: tuple[str, ...]) -> str:
    return "".join(f"<p>{_e(t).replace(chr(10), '<br>')}</p>" for t in texts)


def _row(row: TableRow) -> str:
    klass = ' class="total"' if row.is_total else ""
    cells = "".join(f'<td class="num">{_e(c.text)}</td>' for c in row.cells)
    return f'<tr{klass}><th scope="row">{_e(row.label)}</th>{cells}</tr>'


def _table(table: Table) -> str:
    head = "".join(f'<th scope="col" class="num">{_e(c)}</th>' for c in table.columns)
    body = "".join(_row(r) for r in table.rows)
    note = f'<p class="report-note">{_e(table.note)}</p>' if table.note else ""
    return (
        f'<table class="report-table" id="table-{_e(table.key)}"><caption>{_e(table.title)}</caption>'
        f'<thead><tr><th scope="col">{_e(table.label_header)}</th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>{note}"
    )


def _bar(row: ChartRow, scale: float) -> str:
    if row.value is None:
        return f'<td class="suppressed">{_e(row.text)}</td><td></td>'
    width = round(100 * bar_fraction(row.value, scale), 2)
    svg = (
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="14" '
        f'aria-hidden="true"><rect x="0" y="0" width="{width:g}" height="10" fill="#3a6ea5"></rect></svg>'
    )
    return f'<td>{svg}</td><td class="value">{_e(row.text)}</td>'


def _chart(data: ReportData, table: Table) -> str:
    rows = chart_rows(table)
    if not rows:
        return ""
    scale = chart_maximum(rows)
    body = "".join(f'<tr><th scope="row">{_e(r.label)}</th>{_bar(r, scale)}</tr>' for r in rows)
    return (
        f'<figure class="report-chart"><figcaption>{_e(chart_caption(data, table))}</figcaption>'
        f"<table>{body}</table></figure>"
    )


def _quote(quote: Quote) -> str:
    return (
        f'<blockquote class="quote"><p>{_e(quote.text)}</p>'
        f"<footer>— {_e(quote.attribution)}</footer></blockquote>"
    )


def _recommendations(data: ReportData, section: Section) -> str:
    parts = []
    for agency, recommendations in group_recommendations(section.recommendations):
        items = []
        for recommendation in recommendations:
            rests_on = findings_line(data, recommendation.findings)
            extra = f'<br><span class="rests-on">{_e(rests_on)}</span>' if rests_on else ""
            items.append(f'<li class="recommendation">{_e(recommendation.text)}{extra}</li>')
        parts.append(f"<h3>{_e(agency)}</h3><ol>{''.join(items)}</ol>")
    return "".join(parts)


def _section(data: ReportData, number: int, section: Section) -> str:
    bullets = "".join(f"<li>{_e(b)}</li>" for b in section.bullets)
    tables = "".join(_table(t) + _chart(data, t) for t in section.tables)
    return (
        f'<section id="section-{_e(section.key)}"><h2>{_e(section_heading(number, section.title))}</h2>'
        f"{_paragraphs(section.paragraphs)}{f'<ul>{bullets}</ul>' if bullets else ''}{tables}"
        f"{''.join(_quote(q) for q in section.quotes)}{_recommendations(data, section)}</section>"
    )


def _article(data: ReportData) -> str:
    edition = f'<p class="report-edition">{_e(data.edition_note)}</p>'
    meta = "".join(
        f'<p class="report-meta">{_e(t)}</p>'
        for t in (data.organisation, data.period, data.authors, shown_date(data))
    )
    sections = "".join(_section(data, n, s) for n, s in enumerate(data.sections, start=1))
    return (
        f'<article class="report report-{_e(data.edition)}" lang="{_e(data.language)}">'
        f"<header>{edition}<h1>{_e(data.title)}</h1>{meta}</header>{sections}"
        f'<footer class="report-footer">{edition}</footer></article>'
    )


def render_html(data: ReportData, standalone: bool = True) -> str:
    """The report as HTML: a complete document (standalone) or the <article> for the app page."""
    article = _article(data)
    if not standalone:
        return article
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(data.language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(data.title)}</title><style>{STANDALONE_CSS}</style></head>"
        f"<body>{article}</body></html>\n"
    )


def render_file(data: ReportData) -> bytes:
    """The standalone HTML file, as bytes like the other formats' renderers."""
    return render_html(data, standalone=True).encode("utf-8")
