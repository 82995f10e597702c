"""`kua cases import/export`: bad rows by line, nothing half-written, idempotent."""

from __future__ import annotations

import io

import pytest
from openpyxl.worksheet import _writer as openpyxl_writer

from kua.accounts.models import User
from kua.cases.interchange import COLUMNS, case_actions_export, case_actions_import
from kua.cases.models import Case, CaseAction
from kua.cases.sealing import open_case
from kua.cases.services import case_key
from kua.interchange.reading import UnreadableFile
from kua.vault.models import Vault
from tests.cases.conftest import entered
from tests.conftest import TODAY

HEADER = ",".join(COLUMNS)


def _import(alice: User, lines: list[str], *, dry_run: bool = False):  # type: ignore[no-untyped-def]
    data = "\n".join([HEADER, *lines]).encode()
    return case_actions_import(actor=alice, data=data, filename="a.csv", today=TODAY, dry_run=dry_run)


def test_rows_stored_and_bad_rows_reported_by_line(alice: User, bob: User, unsealed: Vault) -> None:
    ok = entered(bob)
    refused = entered(bob, consent_report_to_authorities="no")
    report = _import(
        alice,
        [
            f"a1,{ok.record_id},2026-11-05,legal_consultation,,,,первая встреча,alice,in_progress",
            f"a2,{ok.record_id},10.11.2026,complaint_filed,prosecutor,,pending,,,",
            f"a3,{refused.record_id},2026-11-05,complaint_filed,prosecutor,,pending,,,",
            f"a4,{ok.record_id},2026-11-05,referral,,,,,,",
            f"a5,{ok.record_id},2099-01-01,mediation,,,,,,",
            "a6,00000000-0000-0000-0000-000000000000,2026-11-05,mediation,,,,,,",
            f"a7,{ok.record_id},2026-11-05,dance,,,,,,",
        ],
    )
    assert report.stored == 2
    by_line = {p.line: p.column for p in report.problems}
    assert by_line == {4: "action", 5: "service", 6: "action_on", 7: "record_id", 8: "action"}
    assert "consent_report_to_authorities" in next(p.reason for p in report.problems if p.line == 4)
    assert CaseAction.objects.count() == 2
    ok.refresh_from_db()
    assert open_case(ok, case_key(ok)).status == "in_progress"
    assert not CaseAction.objects.filter(case=refused).exists()


def test_import_is_idempotent_with_and_without_action_id(alice: User, bob: User, unsealed: Vault) -> None:
    case = entered(bob)
    lines = [
        f"x1,{case.record_id},2026-11-05,legal_consultation,,,,,,",
        f",{case.record_id},2026-11-06,mediation,,,,,,",
    ]
    assert _import(alice, lines).stored == 2
    again = _import(alice, lines)
    assert (again.stored, again.duplicates) == (0, 2)
    assert CaseAction.objects.count() == 2


def test_dry_run_writes_nothing(alice: User, bob: User, unsealed: Vault) -> None:
    case = entered(bob)
    report = _import(alice, [f"x1,{case.record_id},2026-11-05,legal_consultation,,,,,,"], dry_run=True)
    assert report.stored == 1 and CaseAction.objects.count() == 0


def test_unusable_file(alice: User, unsealed: Vault) -> None:
    with pytest.raises(UnreadableFile):
        case_actions_import(actor=alice, data=b"foo,bar\n1,2\n", filename="a.csv", today=TODAY)


def test_export_reimports_as_nothing_new(alice: User, bob: User, unsealed: Vault) -> None:
    case = entered(bob)
    _import(
        alice, [f",{case.record_id},2026-11-05,referral,,shelter,positive,=HYPERLINK(1),alice,resolved_full"]
    )
    out = io.BytesIO()
    assert case_actions_export(actor=alice, organisation_id=alice.org_id, target=out, fmt="csv") == 1
    text = out.getvalue().decode()
    assert text.splitlines()[0] == HEADER and "'=HYPERLINK(1)" in text
    again = case_actions_import(actor=alice, data=out.getvalue(), filename="e.csv", today=TODAY)
    assert (again.stored, again.duplicates, again.problems) == (0, 1, [])


def test_action_for_an_interview_without_a_case_opens_one(alice: User, bob: User, unsealed: Vault) -> None:
    from kua.interviews.services import interview_create
    from kua.questionnaires.selectors import current_form
    from tests.cases.conftest import no_violation

    interview = interview_create(
        actor=bob, form_version=current_form(bob.org_id), raw=no_violation(), today=TODAY
    )
    report = _import(alice, [f",{interview.uuid},2026-11-05,legal_consultation,,,,,,"])
    assert (report.stored, report.opened) == (1, 1)
    assert Case.objects.filter(interview=interview).exists()


def test_xlsx_export_goes_through_the_one_table_writer_without_a_temporary_file(
    alice: User, bob: User, unsealed: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 22 item 5: case actions are written by interchange's table writer, which streams
    the workbook into its zip; openpyxl's own writer spilled the actions to a temporary file."""
    case = entered(bob)
    _import(
        alice, [f",{case.record_id},2026-11-05,referral,,shelter,positive,=HYPERLINK(1),alice,resolved_full"]
    )

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a temporary file was made")

    monkeypatch.setattr(openpyxl_writer, "create_temporary_file", refuse)
    out = io.BytesIO()
    assert case_actions_export(actor=alice, organisation_id=alice.org_id, target=out, fmt="xlsx") == 1
    again = case_actions_import(actor=alice, data=out.getvalue(), filename="e.xlsx", today=TODAY)
    assert (again.stored, again.duplicates, again.problems) == (0, 1, [])
