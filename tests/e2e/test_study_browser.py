"""In a real browser: alice chooses and translates a quote and finds it in the PDF; she sets up
the study and reads its progress against the targets, with refusals beside them."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from typing import Any

import pytest
from django.utils import timezone

from kua.accounts.models import User
from kua.interviews.services import interview_create, refusal_create
from kua.questionnaires.selectors import current_form
from tests.conftest import valid_answers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STORIES = ("Участковый забрал все деньги.", "Врач не стал меня осматривать.", "Сутки держали без воды.")


def _enter(user: User, **answers: Any) -> None:
    interview_create(
        actor=user,
        form_version=current_form(user.org_id),
        raw=valid_answers(**answers),
        today=timezone.localdate(),
    )


def _pdf_text(path: str) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils")
    done = subprocess.run([pdftotext, "-enc", "UTF-8", path, "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def test_chosen_quote_reaches_the_pdf(live_server: Any, open_vault_as_alice: Any, bob: User) -> None:
    for story in STORIES:
        _enter(bob, narrative=story)
    page = open_vault_as_alice()
    page.goto(f"{live_server.url}/report/")
    page.click("text=Выбрать цитаты")
    rows = page.locator("section.quote-row")
    assert rows.count() == 3
    chosen = rows.filter(has_text=STORIES[1])
    chosen.locator("input[type=checkbox]").check()
    chosen.locator("input[name$='-order']").fill("1")
    chosen.locator("textarea[name$='-en']").fill("The doctor would not examine me.")
    page.click("text=Сохранить цитаты")
    assert "Сохранено: цитат в отчёте — 1." in page.content()

    page.goto(f"{live_server.url}/report/")
    assert page.locator("#report-gaps").is_visible()  # the English texts are not written
    page.select_option("#id_language", "en")
    page.select_option("#id_edition", "public")
    page.select_option("#id_format", "pdf")
    page.check("#id_despite_gaps")
    with page.expect_download() as download_info:
        page.click("button.primary")
    text = _pdf_text(download_info.value.path())
    assert "The doctor would not examine me." in text
    assert not any(story in text for story in STORIES)  # neither the original nor the others


def test_study_setup_and_progress(live_server: Any, open_vault_as_alice: Any, bob: User, dana: User) -> None:
    today = timezone.localdate()
    page = open_vault_as_alice()
    page.goto(f"{live_server.url}/study/")
    page.click("text=Настроить исследование")
    page.fill("#id_name", "Жетысу")
    page.fill("#id_starts_on", (today - datetime.timedelta(days=30)).isoformat())
    page.fill("#id_ends_on", (today + datetime.timedelta(days=30)).isoformat())
    page.fill(".district-search", "Ескельд")  # the picker's search narrows ~220 districts
    page.check("input[name=districts][value=eskeldi]")
    page.fill(".district-search", "")
    page.check("input[name=districts][value=taldykorgan]")
    page.fill(f"#id_target_{bob.pk}", "20")
    page.fill(f"#id_target_{dana.pk}", "10")
    page.click("text=Сохранить исследование")
    assert "Исследование сохранено." in page.content()
    page.fill("#id_site-label", "С-1")
    page.select_option("#id_site-venue", "sauna")
    page.select_option("#id_site-district", "eskeldi")
    page.click("text=Добавить точку >> nth=-1")
    assert page.locator("#sites").inner_text().count("С-1") == 1

    for _ in range(5):
        _enter(bob, registered_on=today.isoformat())
    _enter(dana, registered_on=today.isoformat(), residence_district="eskeldi", work_venue=["sauna"])
    refusal_create(actor=dana, refused_on=today, reason="fear_police", district="eskeldi", venue="sauna")
    page.goto(f"{live_server.url}/study/")
    people = page.locator("#progress-documenters tbody tr")
    assert people.count() == 2
    assert [c.strip() for c in people.nth(0).locator("td").all_inner_texts()][1:3] == ["5", "20"]
    assert "25%" in people.nth(0).inner_text()
    assert [c.strip() for c in people.nth(1).locator("td").all_inner_texts()][1:] == ["1", "10", "10%", "1"]
    eskeldi = page.locator("#progress-districts tbody tr").filter(has_text="Ескельдинский район")
    assert [c.strip() for c in eskeldi.locator("td").all_inner_texts()][1:] == ["1", "1", "1"]
    sauna = page.locator("#progress-venues tbody tr").filter(has_text="Сауна").locator("td").all_inner_texts()
    assert [c.strip() for c in sauna][1:] == ["1", "6", "1"]  # one site, six respondents, one refusal
