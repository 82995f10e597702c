"""The audit log's reads do not single out records: a lawyer's reads (only interviews
consented for the authorities) are keyed by a hash whose key is not in the database."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.audit.services import audit_record, read_reference
from kua.interviews.models import Interview
from kua.interviews.services import BatchRow, interview_read, interviews_store_batch
from kua.questionnaires.selectors import current_form
from kua.vault.selectors import vault_for
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, valid_answers


def _interview(alice: User) -> Interview:
    interviews_store_batch(
        actor=alice,
        form_version=current_form(alice.org_id),
        rows=[BatchRow(valid_answers(), alice)],
        today=timezone.localdate(),
    )
    return Interview.objects.get()


def test_a_read_row_holds_no_record_id(alice: User, lena: User) -> None:
    interview = _interview(alice)
    vault_unseal(vault=vault_for(alice.org_id), user=alice, passphrase=PASSPHRASE)
    interview_read(user=lena, interview=interview)
    with connection.cursor() as cursor:
        cursor.execute("SELECT action, object_id, detail FROM audit_auditevent")
        rows = cursor.fetchall()
    reads = [row for row in rows if row[0] == "interview.read"]
    assert len(reads) == 1
    for _action, object_id, detail in reads:
        assert str(interview.uuid) not in object_id + str(detail)
        assert interview.uuid.hex not in object_id + str(detail)
    assert AuditEvent.objects.get(action="interview.read").object_id == read_reference(str(interview.uuid))


def test_other_rows_keep_their_object_id(alice: User) -> None:
    with transaction.atomic():
        event = audit_record("user.create", actor=alice, obj=alice)
    assert event.object_id == str(alice.pk)
