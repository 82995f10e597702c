"""What a copy of the database tells of cases (issue 20, item 4): nothing about which interviews
reported a violation. Every interview has its case row, written with it; whether it is a case
is sealed. The share of interviews tied in clear to a case row is 1, and an entry that reports
a violation changes the same tables by the same rows, with the same audit actions, as one that
does not."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.cases.models import Case
from kua.cases.selectors import case_of, cases_visible_to
from kua.cases.services import case_open
from kua.interviews.models import Interview
from kua.interviews.services import BatchRow, interview_create, interviews_store_batch
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from kua.vault.services import vault_unseal
from tests.cases.conftest import no_violation
from tests.conftest import PASSPHRASE, TODAY, valid_answers

pytestmark = pytest.mark.django_db


def _counts() -> Counter[str]:
    found: Counter[str] = Counter()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            found[table] = cursor.fetchone()[0]
    return found


def _trace(write: Callable[[], Any]) -> tuple[dict[str, int], list[str]]:
    """Rows added per table, and the audit actions written, by `write`."""
    before, last = _counts(), AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    write()
    after = _counts()
    added = {table: after[table] - before[table] for table in after if after[table] != before[table]}
    actions = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq").values_list("action", flat=True))
    return added, actions


def _enter(user: User, answers: dict[str, Any]) -> Callable[[], Any]:
    return lambda: interview_create(
        actor=user, form_version=current_form(user.org_id), raw=answers, today=TODAY
    )


def _import(user: User, answers: list[dict[str, Any]]) -> Callable[[], Any]:
    rows = [BatchRow(a, user) for a in answers]
    return lambda: interviews_store_batch(
        actor=user, form_version=current_form(user.org_id), rows=rows, today=TODAY
    )


def test_every_interview_has_its_case_row_and_a_violation_writes_nothing_else(
    alice: User, bob: User, vault: Vault
) -> None:
    reporting = _trace(_enter(bob, valid_answers(age="30")))
    silent = _trace(_enter(bob, no_violation()))
    assert reporting == silent and reporting[0]["cases_case"] == 1
    imported_reporting = _trace(_import(alice, [valid_answers(age="31"), valid_answers(age="32")]))
    imported_silent = _trace(_import(alice, [dict(no_violation(), age="42"), dict(no_violation(), age="43")]))
    assert imported_reporting == imported_silent and imported_reporting[0]["cases_case"] == 2
    # The copy: every interview tied to exactly one case row, so the share is 1, not 4 in 6.
    interviews = set(Interview.objects.values_list("pk", flat=True))
    tied = Counter(Case.objects.values_list("interview_id", flat=True))
    assert set(tied) == interviews and set(tied.values()) == {1}
    # Their clear columns and sizes do not differ either.
    sizes = {len(bytes(p)) for p in Case.objects.values_list("payload", flat=True)}
    assert len(sizes) == 1 and set(Case.objects.values_list("assigned_to", flat=True)) == {None}
    # Unsealed, the organisation still sees its three cases and only those.
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert len(cases_visible_to(alice)) == 3


def test_a_case_opened_by_hand_takes_the_interviews_row(alice: User, bob: User, vault: Vault) -> None:
    interview = _enter(bob, no_violation())()
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert case_of(interview) is None
    case = case_open(actor=alice, interview=interview)
    assert Case.objects.get() == case and case_of(interview) == case
    assert [entry.record_id for entry in cases_visible_to(alice)] == [case.record_id]


def test_the_migration_gives_older_interviews_their_row(alice: User, bob: User, vault: Vault) -> None:
    """An interview stored before every interview had a row gets one that is no case, at its
    interview's time; its cases stay as they were and the ledger is rebuilt at the next count."""
    from importlib import import_module

    from django.apps import apps

    from kua.cases.counting import counted_cases

    migration = import_module("kua.cases.migrations.0003_case_row_for_every_interview")
    silent = _enter(bob, no_violation())()
    reporting = _enter(bob, valid_answers(age="33"))()
    Case.objects.filter(interview=silent).delete()  # as an older version left it
    migration.add_rows(apps, None)
    row = Case.objects.get(interview=silent)
    assert row.created_at == silent.created_at == row.updated_at
    assert Case.objects.count() == 2 and Case.objects.filter(interview=reporting).exists()
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert case_of(silent) is None and case_of(reporting) is not None
    assert [entry.record_id for entry in cases_visible_to(alice)] == [reporting.uuid]
    assert bin(counted_cases(alice.org_id).rows).count("1") == 1  # the one case, counted once
