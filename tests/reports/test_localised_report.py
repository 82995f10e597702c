"""Issue 14 in the report: localised dates and amounts, DOCX charts, methodology that adds up,
documenters numbered from 1, chosen quotes only, the medical side of the cross-tabulations."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import docx
import openpyxl
import pytest
from django.utils import timezone
from pypdf import PdfReader

from kua.accounts.models import User
from kua.analytics import store
from kua.documents.data import ReportData, Table
from kua.documents.render import render
from kua.documents.renderers.chart_image import chart_png
from kua.documents.renderers.common import chart_rows
from kua.documents.renderers.docx import render_docx
from kua.interviews.services import interview_create
from kua.localformat import format_amount, format_date
from kua.questionnaires.selectors import current_form
from kua.reports.content.assemble import build_report
from kua.reports.content.sample import sample_report
from kua.reports.quotes import ChosenQuote, quote_sources
from kua.reports.services import quote_selection_save
from kua.studies.services import study_save, study_site_add
from kua.vault.models import Vault
from tests.conftest import valid_answers

NNBSP, NBSP = "\u202f", "\u00a0"


def _enter(user: User, n: int = 1, **answers: Any) -> None:
    for _ in range(n):
        interview_create(
            actor=user,
            form_version=current_form(user.org_id),
            raw=valid_answers(**answers),
            today=timezone.localdate(),
        )


def _report(user: User, language: str = "ru", edition: str = "internal") -> ReportData:
    return build_report(
        organisation_id=user.org_id, organisation_name="Org", language=language, edition=edition, quotes=True
    )


def _table(data: ReportData, key: str) -> Table:
    return next(t for t in data.tables() if t.key == key)


def _section(data: ReportData, key: str) -> Any:
    return next(s for s in data.sections if s.key == key)


def _text(blob: bytes, fmt: str) -> str:
    if fmt == "pdf":
        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(blob)).pages).replace("\n", " ")
    if fmt == "docx":
        return "\n".join(p.text for p in docx.Document(io.BytesIO(blob)).paragraphs)
    return blob.decode()


def test_dates_and_amounts_by_language() -> None:
    day = datetime.date(2026, 12, 1)
    assert format_date(day, "ru") == format_date(day, "kk") == "01.12.2026"
    assert format_date(day, "en") == "1 Dec 2026"
    for language in ("ru", "kk", "en"):
        assert format_amount(40000, language) == f"40{NNBSP}000{NBSP}₸"
        assert format_amount(1234567.4, language) == f"1{NNBSP}234{NNBSP}567{NBSP}₸"


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_report_dates_and_money_are_localised(language: str, bob: User, unsealed: Vault) -> None:
    _enter(bob, 6, registered_on="2026-11-02", payments_to_police_month="40000")
    data = _report(bob, language)
    today = timezone.localdate()
    assert data.generated_text == format_date(today, language) and data.generated_on == today.isoformat()
    methodology = " ".join(_section(data, "methodology").paragraphs)
    assert f"{format_date(datetime.date(2026, 11, 2), language)} – " in methodology
    assert "2026-11-02" not in methodology
    month = next(r for r in _table(data, "payments_to_police").rows if r.key == "month")
    assert [c.text for c in month.cells[1:]] == [f"40{NNBSP}000{NBSP}₸", f"240{NNBSP}000{NBSP}₸"]
    html = render(data, "html").decode()
    assert format_date(today, language) in html and today.isoformat() not in html.split("<body", 1)[1]
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render(data, "pdf"))).pages)
    assert "240" in pdf_text and "₸" in pdf_text and format_date(today, language) in pdf_text
    workbook = openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))
    amounts = [c for ws in workbook for row in ws.iter_rows() for c in row if c.value == 240000]
    assert amounts and "₸" in amounts[0].number_format


def test_docx_has_a_chart_picture_per_chart_table() -> None:
    data = sample_report("public", "kk")
    blob = render_docx(data)
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/") and n.endswith(".png")]
    charted = [t for t in data.tables() if chart_rows(t)]
    assert len(pictures) == len(charted) == 1
    document = docx.Document(io.BytesIO(blob))
    assert len(document.inline_shapes) == len(charted)
    png = chart_png(chart_rows(charted[0]))
    assert png.startswith(b"\x89PNG") and png == chart_png(chart_rows(charted[0]))  # same rows, same bytes


def test_docx_of_a_real_report_has_every_violation_chart(bob: User, unsealed: Vault) -> None:
    _enter(bob, 6)
    data = _report(bob)
    document = docx.Document(io.BytesIO(render_docx(data)))
    charted = [t for t in data.tables() if chart_rows(t)]
    assert {"police_violations", "medical_violations"} <= {t.key for t in charted}
    assert len(document.inline_shapes) == len(charted)


def test_methodology_tables_total_the_respondents_counted(bob: User, dana: User, unsealed: Vault) -> None:
    _enter(bob, 4)  # taldykorgan
    _enter(dana, 2, residence_district="eskeldi")
    _enter(dana, 3, residence_region="almaty_city", residence_district=None)  # no district
    _enter(bob, 2, consent_statistics="no")  # not counted
    data = _report(bob, "en")
    methodology = _section(data, "methodology")
    counted = 9
    assert f"respondents counted: {counted}" in methodology.paragraphs[0]
    for key in ("districts", "per_documenter"):
        table = next(t for t in methodology.tables if t.key == key)
        body = [r for r in table.rows if not r.is_total]
        assert sum(int(r.cells[0].text) for r in body) == counted
        assert next(r for r in table.rows if r.is_total).cells[0].text == str(counted)
    districts = {
        r.label: r.cells[0].text for r in next(t for t in methodology.tables if t.key == "districts").rows
    }
    assert districts["not stated"] == "3"


def test_public_edition_numbers_documenters_from_one(
    alice: User, bob: User, dana: User, unsealed: Vault
) -> None:
    _enter(bob, 5)
    _enter(dana, 5)
    table = _table(_report(bob, "en", "public"), "per_documenter")
    assert [r.label for r in table.rows] == ["Documenter 1", "Documenter 2", "Total"]


def test_methodology_reads_the_study(alice: User, bob: User, dana: User, unsealed: Vault) -> None:
    study = study_save(
        actor=alice,
        name="Zhetysu 2026",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 11, 30),
        districts=["taldykorgan", "tekeli"],
        targets={bob.pk: 20, dana.pk: 20},
    )
    for label, venue in (("S-1", "sauna"), ("S-2", "sauna"), ("H-1", "hotel")):
        study_site_add(actor=alice, study=study, label=label, venue=venue, district="taldykorgan")
    _enter(bob, 5)
    data = _report(bob, "en", "public")
    text = " ".join(_section(data, "methodology").paragraphs)
    assert "“Zhetysu 2026” was planned for 1 Oct 2026 – 30 Nov 2026" in text
    assert "Districts planned for the study (2): Taldykorgan (city); Tekeli (city)." in text
    assert "3 sites were mapped" in text and "Sauna — 2" in text
    assert "2 documenters planned 40 respondents" in text
    table = _table(data, "per_documenter")
    assert table.columns == ("Respondents", "Target")
    assert [[c.text for c in r.cells] for r in table.rows] == [["5", "20"], ["0", "20"], ["5", "40"]]


def test_only_chosen_quotes_in_order_and_translation(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, 2, narrative="Проблем с полицией в последнее время не было.")  # said twice
    _enter(bob, narrative="Врач отказался меня принимать.", quote_pseudonym="Дина", age="41")
    _enter(bob, narrative="Не для отчёта.", quote_pseudonym="Ая")
    sources = quote_sources(store.view_for(bob.org_id))
    assert len(sources) == 3  # the same words said twice are one quote
    by_text = {s.text: s.key for s in sources.values()}
    chosen = [
        ChosenQuote(by_text["Врач отказался меня принимать."], {"en": "The doctor refused to see me."}),
        ChosenQuote(by_text["Проблем с полицией в последнее время не было."]),
    ]
    quote_selection_save(actor=alice, quotes=chosen)
    for language, first in (
        ("en", "The doctor refused to see me."),
        ("ru", "Врач отказался меня принимать."),
    ):
        data = _report(bob, language, "public")
        assert _section(data, "voices").quotes[0].text == first
        assert len(_section(data, "voices").quotes) == 2
        for fmt in ("pdf", "docx", "html"):
            text = _text(render(data, fmt), fmt)
            assert first in text and "Не для отчёта." not in text, fmt
    data = _report(bob, "en")
    assert _section(data, "voices").quotes[0].attribution == "Дина, 41"
    html = render(data, "html").decode()
    assert "Не для отчёта." not in html and html.count("Проблем с полицией") == 1


def test_medical_cross_tabulations(bob: User, unsealed: Vault) -> None:
    _enter(bob, 5, medical_violations=["humiliation"])
    _enter(bob, 5)
    crosstabs = _section(_report(bob, "en"), "crosstabs")
    keys = [t.key for t in crosstabs.tables]
    assert "by_residence_district" in keys and "medical_by_residence_district" in keys
    medical = next(t for t in crosstabs.tables if t.key == "medical_by_residence_district")
    assert medical.title == "Violations by medical staff by district"
    total = next(r for r in medical.rows if r.is_total)
    assert [c.text for c in total.cells] == ["5", "5", "10"]
