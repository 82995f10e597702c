"""A case is opened by every entry path, sealed, while the vault is sealed."""

from __future__ import annotations

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.cases.models import Case
from kua.cases.sealing import open_case
from kua.cases.services import case_key
from kua.interviews.models import Interview
from kua.interviews.services import BatchRow, interview_create, interviews_store_batch
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from kua.vault.services import vault_unseal
from tests.cases.conftest import entered, no_violation
from tests.conftest import PASSPHRASE, TODAY, valid_answers


def test_web_entry_opens_a_sealed_case_while_sealed(bob: User, vault: Vault, alice: User) -> None:
    case = entered(bob)
    assert case.record_id == case.interview.uuid
    assert b"open" not in bytes(case.payload)
    assert AuditEvent.objects.filter(action="case.open", object_id=str(case.record_id)).count() == 1
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert open_case(case, case_key(case)).status == "open"


def test_no_violation_no_case(bob: User) -> None:
    interview_create(actor=bob, form_version=current_form(bob.org_id), raw=no_violation(), today=TODAY)
    assert Interview.objects.count() == 1
    assert Case.objects.count() == 0


def test_import_batch_opens_one_case_per_reporting_row(alice: User, bob: User) -> None:
    rows = [
        BatchRow(valid_answers(), bob),
        BatchRow(no_violation(), bob),
        BatchRow(valid_answers(age="15"), bob),
    ]
    result = interviews_store_batch(
        actor=alice, form_version=current_form(alice.org_id), rows=rows, today=TODAY
    )
    assert result.stored == 2
    assert Case.objects.count() == 1
    reporting = Case.objects.get()
    assert reporting.interview.import_batch == result.batch
    assert AuditEvent.objects.filter(action="case.open_batch").get().detail["opened"] == 1


def test_dry_run_opens_nothing(alice: User, bob: User) -> None:
    interviews_store_batch(
        actor=alice,
        form_version=current_form(alice.org_id),
        rows=[BatchRow(valid_answers(), bob)],
        today=TODAY,
        dry_run=True,
    )
    assert Case.objects.count() == 0


def test_cases_go_with_their_interview(bob: User) -> None:
    case = entered(bob)
    case.interview.delete()
    assert not Case.objects.filter(pk=case.pk).exists()


def test_file_import_opens_cases(alice: User, bob: User) -> None:
    from kua.interchange.importing import import_table
    from tests.interchange.conftest import csv_bytes

    answers = valid_answers(documenter="bob")
    header = list(answers)
    row = [" ".join(v) if isinstance(v, list) else v for v in answers.values()]
    report = import_table(
        actor=alice,
        form_version=current_form(alice.org_id),
        data=csv_bytes(header, [row]),
        filename="a.csv",
        today=TODAY,
    )
    assert report.stored == 1, report.problems
    assert Case.objects.count() == 1
