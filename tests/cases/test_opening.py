"""A case is opened by every entry path, sealed, while the vault is sealed."""

from __future__ import annotations

import pytest

from kua.accounts.models import User
from kua.analytics import blockstore
from kua.analytics.models import ColumnBlock
from kua.audit.models import AuditEvent
from kua.cases.chunks import sealed_states
from kua.cases.models import Case
from kua.cases.sealing import NOT_A_CASE, CaseState, open_case
from kua.cases.selectors import case_of, cases_visible_to
from kua.cases.services import case_key
from kua.interviews import intake
from kua.interviews import payload as payload_codec
from kua.interviews.models import Interview
from kua.interviews.services import BatchRow, interview_create, interviews_store_batch
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from kua.vault.services import KeyRing, vault_unseal
from tests.cases.conftest import entered, no_violation
from tests.conftest import PASSPHRASE, TODAY, valid_answers


def test_web_entry_opens_a_sealed_case_while_sealed(bob: User, vault: Vault, alice: User) -> None:
    case = entered(bob)
    assert case.record_id == case.interview.uuid
    assert b"open" not in bytes(case.payload)
    # No audit row of its own: "case.open" right after an entry would tell a violation.
    assert not AuditEvent.objects.filter(action__startswith="case.").exists()
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert open_case(case, case_key(case)).status == "open"


def test_no_violation_gets_a_row_that_is_no_case(bob: User, alice: User, vault: Vault) -> None:
    interview_create(actor=bob, form_version=current_form(bob.org_id), raw=no_violation(), today=TODAY)
    assert Interview.objects.count() == 1
    row = Case.objects.get()
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert open_case(row, case_key(row)) == NOT_A_CASE
    assert cases_visible_to(alice) == [] and case_of(row.interview) is None


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
    assert Case.objects.count() == 2  # one row per interview; which one is a case is sealed
    assert {c.interview.import_batch for c in Case.objects.all()} == {result.batch}
    assert AuditEvent.objects.filter(action="case.open_batch").get().detail == {"rows": 2}


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


def _decode_refused(raw: bytes) -> None:
    raise AssertionError("the importing process decoded a payload")


def test_import_cases_are_decided_and_sealed_in_the_workers(
    alice: User, bob: User, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunk hook decides (reports_violation) and seals; the importing process only inserts
    rows, under the batch's own data key, without decoding any payload."""
    monkeypatch.setattr(payload_codec, "decode", _decode_refused)
    rows = [BatchRow(valid_answers(age=str(20 + i)), bob) for i in range(3)]
    rows.insert(1, BatchRow(no_violation(), bob))
    result = interviews_store_batch(
        actor=alice, form_version=current_form(alice.org_id), rows=rows, today=TODAY
    )
    monkeypatch.undo()
    assert result.stored == 4
    cases = list(Case.objects.select_related("interview").order_by("pk"))
    assert [c.interview.uuid for c in cases] == [c.record_id for c in cases]
    interviews = list(Interview.objects.order_by("pk"))  # the second reports no violation
    assert [c.interview_id for c in cases] == [i.pk for i in interviews]
    assert {c.data_key_id for c in cases} == {i.data_key_id for i in Interview.objects.all()}
    assert all(b"open" not in bytes(c.payload) for c in cases)
    assert len({len(bytes(c.payload)) for c in cases}) == 1  # no case is not shorter
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    states = [open_case(c, case_key(c)) for c in cases]
    assert states == [CaseState(), NOT_A_CASE, CaseState(), CaseState()]
    assert AuditEvent.objects.filter(action="case.open_batch").get().detail == {"rows": 4}


def test_repeated_rows_get_no_case_and_no_block_row(alice: User, bob: User, unsealed: Vault) -> None:
    """The workers sealed states and block rows for the repeats too: only stored rows keep them."""
    first, other = valid_answers(age="31"), valid_answers(age="32")
    rows = [BatchRow(first, bob), BatchRow(dict(first), bob), BatchRow(other, bob)]
    result = interviews_store_batch(
        actor=alice, form_version=current_form(alice.org_id), rows=rows, today=TODAY
    )
    assert (result.stored, result.duplicates) == (2, 1)
    stored = [i.uuid for i in Interview.objects.order_by("pk")]
    assert sorted(Case.objects.values_list("record_id", flat=True)) == sorted(stored)
    (record,) = ColumnBlock.objects.all()
    block = blockstore.block_open(KeyRing(unsealed), record)
    assert [r for _row, r in block.live_records()] == [u.bytes for u in stored]


def test_each_chunk_hook_runs_once_under_its_step_name() -> None:
    hooks = intake.chunk_hooks()
    assert [hook for _name, hook in hooks].count(sealed_states) == 1
    assert dict(hooks)["cases"] is sealed_states
    with pytest.raises(ValueError, match="share a name"):
        intake.configure([intake.Step("cases"), intake.Step("cases")])
    assert intake.chunk_hooks() == hooks  # a refused pipeline leaves the installed one
