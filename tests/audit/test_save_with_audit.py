"""Issue 22 item 7: the "save, then write the audit row" tail is one helper, refused outside a
transaction, never one without the other, and its row names the object saved."""

from __future__ import annotations

import pytest
from django.db import transaction

from kua.accounts.models import Organisation, User
from kua.audit.actions import AuditAction
from kua.audit.models import AuditEvent
from kua.audit.services import save_with_audit


def test_the_row_and_the_save_go_together(org: Organisation, alice: User) -> None:
    person = User(username="nurgul", organisation=org, role="documenter")
    with pytest.raises(ValueError, match="may not hold"), transaction.atomic():  # the save goes too
        save_with_audit(person, AuditAction.USER_CREATE, actor=alice, organisation_id=org.pk, record_id="x")
    assert not User.objects.filter(username="nurgul").exists()
    person = User(username="nurgul", organisation=org, role="documenter")
    with transaction.atomic():
        event = save_with_audit(person, AuditAction.USER_CREATE, actor=alice, organisation_id=org.pk)
    assert User.objects.filter(username="nurgul").exists()
    assert AuditEvent.objects.filter(pk=event.pk, action="user.create", actor_id=alice.pk).exists()
