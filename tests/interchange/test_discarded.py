"""An import follows the web's rule: an answer to a question that does not apply with the row's
other answers is dropped, never a rejected row, and the report counts them per question."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kua.accounts.models import User
from kua.cli.importing import _print_report
from kua.interchange.importing import DiscardNote
from kua.interviews.models import Interview
from kua.interviews.selectors import open_payload
from kua.vault.models import Vault
from tests.conftest import logged_in
from tests.interchange.conftest import KOBO_HEADER, KOBO_ROW, csv_bytes, flat_row

ACCEPTED_RU = "Приняли ли вашу жалобу?"


def _csv(rows: list[dict[str, str]]) -> bytes:
    header = sorted({k for row in rows for k in row})
    return csv_bytes(header, [[row.get(h, "") for h in header] for row in rows])


def test_a_follow_up_that_does_not_apply_is_dropped_and_counted(run_import: Any, unsealed: Vault) -> None:
    # police_complained = "no" in flat_row(): whether the complaint was accepted is not asked
    rows = [
        flat_row(),
        flat_row(age="40", police_complaint_accepted="yes"),
        flat_row(age="41", police_complaint_accepted="no"),
    ]
    with translation.override("ru"):
        report = run_import(_csv(rows))
    assert (report.stored, report.problems) == (3, [])
    assert report.discarded == [DiscardNote("police_complaint_accepted", ACCEPTED_RU, 2)]
    for interview in Interview.objects.all():
        assert "police_complaint_accepted" not in open_payload(interview).answers


def test_a_dry_run_says_the_same_and_stores_nothing(run_import: Any) -> None:
    rows = [flat_row(police_complaint_accepted="yes", fine_amount="5000")]
    with translation.override("en"):
        report = run_import(_csv(rows), dry_run=True)
    assert (report.stored, report.problems, Interview.objects.count()) == (1, [], 0)
    assert [(d.column, d.label, d.count) for d in report.discarded] == [
        ("police_complaint_accepted", "Was your complaint accepted?", 1),
        ("fine_amount", "Amount of the fine", 1),
    ]


def test_a_kobo_export_row_is_dropped_under_its_own_column(run_import: Any, unsealed: Vault) -> None:
    row = list(KOBO_ROW)
    row[KOBO_HEADER.index("sec_violations/police_complained")] = "no"  # accepted = "no" stays
    report = run_import(csv_bytes(KOBO_HEADER, [row], delimiter=";"))
    assert (report.stored, report.problems) == (1, [])
    assert [(d.column, d.count) for d in report.discarded] == [
        ("sec_violations/police_complaint_accepted", 1),
        ("sec_violations/police_measures_taken", 1),
    ]
    assert "police_measures_taken" not in open_payload(Interview.objects.get()).answers


def test_nothing_dropped_nothing_said(run_import: Any) -> None:
    assert run_import(_csv([flat_row()])).discarded == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", f"столбец police_complaint_accepted ({ACCEPTED_RU}): не сохранено ответов"),
        ("en", "column police_complaint_accepted (Was your complaint accepted?): answers not kept"),
    ],
)
def test_the_command_line_report_counts_them(
    run_import: Any, capsys: pytest.CaptureFixture[str], language: str, expected: str
) -> None:
    with translation.override(language):
        _print_report(run_import(_csv([flat_row(police_complaint_accepted="yes")])))
    out = capsys.readouterr().out
    assert expected in out
    assert out.rstrip().endswith(": 1")


def test_the_dry_run_page_lists_them_in_russian(alice: User) -> None:
    data = _csv([flat_row(police_complaint_accepted="yes")])
    client = logged_in(alice)
    client.cookies["django_language"] = "ru"
    response = client.post(reverse("import_upload"), {"file": SimpleUploadedFile("k.csv", data)})
    assert response.status_code == 200
    block = response.content.decode().split('id="discarded-answers"', 1)[1].split("</section>", 1)[0]
    assert "при других ответах строки вопрос не задаётся" in block
    assert f"<td>{ACCEPTED_RU}</td><td><code>police_complaint_accepted</code></td><td>1</td>" in block
    assert "Rows rejected" not in block
