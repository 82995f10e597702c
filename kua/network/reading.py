"""Reading the network's counts with its audit row (the hub's CLI tables and its dashboard), as
an organisation's own counts are read (kua.analytics.services.tables_read)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kua.accounts import policy
from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.network.counting import network_tables
from kua.network.models import Hub


def network_tables_read(
    *,
    actor: User,
    hub: Hub,
    reading: AuditAction = AuditAction.TABLES_READ,
    via: str = "cli",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> dict[str, Any]:
    """Raises PermissionDenied, VaultSealed (nothing recorded)."""
    if hub.organisation_id != actor.org_id or not policy.may_read_network(actor):
        raise PermissionDenied()
    tables = network_tables(hub, date_from, date_to)
    with transaction.atomic():
        audit_record(reading, actor=actor, via=via, network=True)
    return tables
