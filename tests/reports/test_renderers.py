"""The four report renderers, checked with each format's own library (no database needed)."""

from __future__ import annotations

import dataclasses
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

import docx
import openpyxl
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.pdfbase import pdfmetrics

from kua.documents.data import Cell, ReportData, Section, Table, TableRow
from kua.documents.fonts import FontMissing, find_font, register_fonts
from kua.documents.renderers.common import chart_rows
from kua.documents.renderers.docx import render_docx
from kua.documents.renderers.html import render_html
from kua.documents.renderers.pdf import render_pdf
from kua.documents.renderers.xlsx import render_xlsx, sheet_names
from kua.reports.content.sample import sample_report

EDITIONS = ("internal", "public")
KAZAKH = ("Жетісу", "қ", "ә", "ұ", "і", "ғ", "ң", "Ө")


def _all_text(data: ReportData) -> str:
    parts = [data.title, data.organisation, data.period, data.authors, data.edition_note]
    for section in data.sections:
        parts += [section.title, *section.paragraphs, *section.bullets]
        parts += [q.text + q.attribution for q in section.quotes]
        parts += [r.agency + r.text + "".join(r.findings) for r in section.recommendations]
        for table in section.tables:
            parts += [table.title, table.note, table.label_header, *table.columns]
            parts += [r.label + "".join(c.text for c in r.cells) for r in table.rows]
    return "".join(parts)


def _long_report(rows: int = 200) -> ReportData:
    table = Table(
        key="long_table",
        title="Ұзын кесте",
        columns=("Саны", "%"),
        label_header="Аудан атауы",
        rows=tuple(
            TableRow(
                f"Аудан №{i} — өте ұзын атау, ол бір жолға сыймауы мүмкін",
                (Cell(str(i), i), Cell(f"{i}%", i)),
            )
            for i in range(1, rows + 1)
        ),
        chart_column=0,
    )
    return dataclasses.replace(
        sample_report("internal", "kk"), sections=(Section("annex", "Қосымша", tables=(table,)),)
    )


# --- PDF ---------------------------------------------------------------------------------------


def _pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_text_and_edition_note_on_every_page(edition: str) -> None:
    data = sample_report(edition, "kk")
    pdf = render_pdf(data)
    assert pdf.startswith(b"%PDF")
    pages = _pdf_pages(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert data.edition_note in text
        assert f"{data.labels['page']} {number} / {len(pages)}" in text
    everything = " ".join(" ".join(pages).split())  # the title wraps over lines
    for letters in (*KAZAKH, "31", "22", data.title, data.authors):
        assert letters in everything
    assert ("<5" in everything) == (edition == "public")


def test_pdf_fonts_are_dejavu_and_cover_every_letter() -> None:
    data = sample_report("public", "kk")
    reader = PdfReader(io.BytesIO(render_pdf(data)))
    for page in reader.pages:
        fonts = cast(DictionaryObject, cast(DictionaryObject, page["/Resources"])["/Font"])
        names = [str(cast(DictionaryObject, fonts[k].get_object())["/BaseFont"]) for k in fonts]
        assert names
        assert all("DejaVu" in name for name in names), names
    face = pdfmetrics.getFont(register_fonts().regular).face
    missing = {ch for ch in _all_text(data) if ord(ch) not in face.charToGlyph and not ch.isspace()}
    assert not missing


def test_pdf_metadata() -> None:
    data = sample_report("internal", "kk")
    metadata = PdfReader(io.BytesIO(render_pdf(data))).metadata
    assert metadata is not None
    assert metadata.title == data.title
    assert metadata.author == data.authors
    assert str(metadata["/CreationDate"]).startswith("D:20261120")


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_is_deterministic(edition: str) -> None:
    assert render_pdf(sample_report(edition, "kk")) == render_pdf(sample_report(edition, "kk"))


def test_pdf_long_table_repeats_its_header() -> None:
    pages = _pdf_pages(render_pdf(_long_report()))
    assert len(pages) > 3
    assert "Аудан атауы" in pages[1] and "Аудан атауы" in pages[2]
    assert "Аудан №200" in "\n".join(pages)


def test_font_missing_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(FontMissing, match="fonts-dejavu-core"):
        find_font("DejaVuSans.ttf", (tmp_path,))
    with pytest.raises(FontMissing):
        register_fonts((tmp_path,))


# --- DOCX --------------------------------------------------------------------------------------


def _docx_tables(blob: bytes) -> list[list[list[str]]]:
    document = docx.Document(io.BytesIO(blob))
    return [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]


@pytest.mark.parametrize("edition", EDITIONS)
def test_docx_tables_header_and_text(edition: str) -> None:
    data = sample_report(edition, "kk")
    document = docx.Document(io.BytesIO(render_docx(data)))
    assert len(document.tables) == 2  # the two tables; the chart is a picture
    police = document.tables[0]
    assert police.style is not None and police.style.name == "Table Grid"
    assert [c.text for c in police.rows[0].cells] == ["Бұзушылық түрі", "Респонденттер", "%"]
    assert police.rows[1].cells[1].text == "31"
    tr_pr = police.rows[0]._tr.trPr
    assert tr_pr is not None and tr_pr.xpath("./w:tblHeader")  # repeated on every page
    assert any(c.text == "<5" for row in police.rows for c in row.cells) == (edition == "public")
    assert len(document.inline_shapes) == 1  # one chart, after the police table
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert data.edition_note in header
    body = "\n".join(p.text for p in document.paragraphs)
    assert data.title in body and "Жетісу" in body
    assert [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Quote"]
    assert document.core_properties.title == data.title
    assert document.core_properties.created.year == 2026


def test_docx_is_deterministic() -> None:
    first, second = render_docx(sample_report("public", "kk")), render_docx(sample_report("public", "kk"))
    assert _docx_tables(first) == _docx_tables(second)
    assert first == second


# --- XLSX --------------------------------------------------------------------------------------


def _workbook(blob: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(blob))


def _values(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[object]:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


@pytest.mark.parametrize("edition", EDITIONS)
def test_xlsx_one_sheet_per_table(edition: str) -> None:
    data = sample_report(edition, "kk")
    wb = _workbook(render_xlsx(data))
    police_name, complaints_name = sheet_names(data.tables(), "Мазмұны")
    assert police_name == "01 Полиция қызметкерлерінің"
    assert wb.sheetnames == ["Мазмұны", police_name, complaints_name]  # the report's language
    assert data.title in _values(wb["Мазмұны"])
    for name in wb.sheetnames:
        assert wb[name]["A1"].value == data.edition_note
    police = wb[police_name]
    values = _values(police)
    assert any(v == 31 and type(v) is int for v in values)
    assert ("<5" in values) == (edition == "public")
    assert data.tables()[0].note in values
    assert police["A4"].font.b
    assert len(police._charts) == 1 and police._charts[0].type == "bar"
    assert not wb[complaints_name]._charts
    assert wb.properties.created.year == 2026


def test_xlsx_is_deterministic() -> None:
    first, second = render_xlsx(sample_report("internal", "kk")), render_xlsx(sample_report("internal", "kk"))
    assert [_values(ws) for ws in _workbook(first)] == [_values(ws) for ws in _workbook(second)]
    assert first == second


def test_sheet_names_are_valid_and_unique() -> None:
    medical = "Нарушения со стороны медицинских работников"
    titles = (f"{medical} по району", f"{medical} по возрасту", "x/y:z", "readme")
    names = sheet_names(tuple(Table(str(i), title, (), ()) for i, title in enumerate(titles)))
    assert len({n.casefold() for n in names} | {"readme"}) == 5
    assert all(len(n) <= 31 and not re.search(r"[\\/?*\[\]:]", n) for n in names)
    assert names[:2] == ["01 Нарушения со стороны", "02 Нарушения со стороны"]  # cut between words


# --- HTML --------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes |= {name for name, _ in attrs}


def _parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    return parser


@pytest.mark.parametrize("edition", EDITIONS)
def test_html_bars_and_classes(edition: str) -> None:
    data = sample_report(edition, "kk")
    article = render_html(data, standalone=False)
    bars = [r for r in chart_rows(data.tables()[0]) if r.value is not None]
    assert article.count("<rect") == len(bars) == (3 if edition == "public" else 4)
    assert article.startswith('<article class="report')
    for klass in ("report-edition", "report-table", "bar", "quote", "recommendation"):
        assert f'class="{klass}' in article
    tags = _parse(article)
    assert "style" not in tags.attributes and "style" not in tags.tags and "script" not in tags.tags
    assert "Жетісу" in article and ">31<" in article
    assert ("&lt;5" in article) == (edition == "public")


def test_html_standalone_document() -> None:
    page = render_html(sample_report("internal", "kk"))
    assert page.startswith("<!DOCTYPE html>") and '<html lang="kk">' in page
    tags = _parse(page)
    assert tags.tags.count("style") == 1 and "script" not in tags.tags and "link" not in tags.tags
    assert "style" not in tags.attributes


def test_html_escapes_text() -> None:
    data = sample_report("internal", "kk")
    summary = dataclasses.replace(data.sections[0], paragraphs=('<script>alert("x")</script> & «ok»',))
    data = dataclasses.replace(data, sections=(summary, *data.sections[1:]))
    for markup in (render_html(data), render_html(data, standalone=False)):
        assert "<script" not in markup
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; «ok»" in markup
    assert '<script>alert("x")</script> & «ok»' in "\n".join(_pdf_pages(render_pdf(data)))  # not markup


def test_every_format_renders_a_long_table() -> None:
    data = _long_report()
    assert render_html(data).count("<rect") == 200
    assert len(_docx_tables(render_docx(data))[0]) == 201
    assert _workbook(render_xlsx(data))["01 Ұзын кесте"].max_row >= 204
