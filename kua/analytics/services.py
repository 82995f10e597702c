"""Reading the counted tables, with the audit row naming the reader."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics.filters import Filters, base_mask
from kua.analytics.store import view_for
from kua.analytics.tables import summary_tables
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record


def tables_read(*, actor: User, via: str = "cli", filters: Filters | None = None) -> dict[str, Any]:
    """The exact counts of the organisation, within `filters` (the scope; everything by default).
    Raises VaultSealed when sealed (nothing recorded)."""
    if not policy.may_read_counts(actor):
        raise PermissionDenied()
    view = view_for(actor.org_id)
    tables = summary_tables(view, base_mask(view, filters or Filters()))
    with transaction.atomic():
        audit_record(AuditAction.TABLES_READ, actor=actor, via=via)
    return tables
