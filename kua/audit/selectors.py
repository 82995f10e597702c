"""Reading the audit log: one organisation's rows, newest first, by person, action and dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from kua.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    organisation_id: int | None = None  # None: every organisation (the command line's whole log)
    actor_id: int | None = None
    action: str = ""
    date_from: datetime.date | None = None  # days in the instance's time zone, both included
    date_to: datetime.date | None = None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_events(filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The rows that match, newest first (each filter a range of one of AuditEvent's indexes)."""
    rows = AuditEvent.objects.all()
    if filters.organisation_id is not None:
        rows = rows.filter(organisation_id=filters.organisation_id)
    if filters.actor_id is not None:
        rows = rows.filter(actor_id=filters.actor_id)
    if filters.action:
        rows = rows.filter(action=filters.action)
    if filters.date_from is not None:
        rows = rows.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to is not None:
        rows = rows.filter(at__lt=_day_start(filters.date_to + datetime.timedelta(days=1)))
    return rows.order_by("-seq")
