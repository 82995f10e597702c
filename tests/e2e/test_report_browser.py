"""Alice logs in with her second step, opens the vault, reads the dashboard, downloads the PDF."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from kua.accounts.models import User
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from tests.conftest import valid_answers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coordinator_from_login_to_pdf(live_server: Any, open_vault_as_alice: Any, bob: User) -> None:
    for i in range(6):
        interview_create(actor=bob, form_version=current_form(bob.org_id),
                         raw=valid_answers(age=str(25 + i)), today=timezone.localdate())  # fmt: skip
    page, base = open_vault_as_alice(), live_server.url
    assert "Хранилище открыто" in page.content()

    page.goto(f"{base}/dashboard/")
    assert page.locator(".report-table").count() >= 2
    assert page.locator("svg rect").count() > 0
    assert "6" in page.locator(".report").inner_text()

    page.goto(f"{base}/report/")
    page.select_option("#id_format", "pdf")
    page.select_option("#id_edition", "internal")
    page.check("#id_despite_gaps")  # no texts written yet: the page lists them and asks first
    with page.expect_download() as download_info:
        page.click("button.primary")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
