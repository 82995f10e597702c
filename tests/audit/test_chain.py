from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from kua.audit.actions import AuditAction
from kua.audit.models import AuditEvent
from kua.audit.services import audit_record, audit_verify


def _write(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(AuditAction.LOGIN, organisation_id=1, number=i)


def _sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.django_db
def test_intact_chain_verifies() -> None:
    _write(5)
    result = audit_verify()
    assert result.ok and result.rows == 5


@pytest.mark.django_db
def test_changed_row_is_found() -> None:
    _write(5)
    _sql("UPDATE audit_auditevent SET detail = %s WHERE seq = 3", '{"number": 99}')
    result = audit_verify()
    assert not result.ok and "3" in result.problem


@pytest.mark.django_db
def test_removed_row_is_found() -> None:
    _write(5)
    _sql("DELETE FROM audit_auditevent WHERE seq = 2")
    assert not audit_verify().ok


@pytest.mark.django_db
def test_removed_last_row_is_found() -> None:
    _write(5)
    _sql("DELETE FROM audit_auditevent WHERE seq = 5")
    assert not audit_verify().ok


@pytest.mark.django_db
def test_reordered_rows_are_found() -> None:
    _write(5)
    _sql("UPDATE audit_auditevent SET seq = 100 WHERE seq = 2")
    _sql("UPDATE audit_auditevent SET seq = 2 WHERE seq = 3")
    _sql("UPDATE audit_auditevent SET seq = 3 WHERE seq = 100")
    assert not audit_verify().ok


@pytest.mark.django_db
def test_rows_cannot_be_changed_through_the_orm() -> None:
    _write(1)
    event = AuditEvent.objects.get()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.django_db
def test_answers_never_go_into_the_log() -> None:
    with transaction.atomic(), pytest.raises(ValueError, match="narrative"):
        audit_record(AuditAction.LOGIN, narrative="what happened")


@pytest.mark.django_db(transaction=True)
def test_audit_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError):
        audit_record(AuditAction.LOGIN)
