"""The audit page's own row: it shows who did what, and may open sealed notes."""

from __future__ import annotations

from django.db import transaction

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record


def audit_listed(*, actor: User, shown: int, notes_opened: int) -> None:
    """Recorded like the interview and case lists (INTERVIEW_LIST, CASE_LIST): counts only."""
    with transaction.atomic():
        audit_record(AuditAction.AUDIT_LIST, actor=actor, shown=shown, notes_opened=notes_opened)
