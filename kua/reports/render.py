"""Producing a report (a file, the dashboard, a preview): assemble, render, record the reading.

What a reader receives is decided by the access policy: which editions, and whether the
respondents' own words (quotes) are in it. Every reading of the decrypted data writes an
audit row naming the reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics.filters import Filters
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.documents.data import ReportData
from kua.documents.formats import REPORT_FORMATS, content_type
from kua.documents.render import render
from kua.reports.content.assemble import SectionBuilder, build_report

FORMATS = {name: content_type(name) for name in REPORT_FORMATS}  # from the one registry
READINGS = (AuditAction.DASHBOARD_READ, AuditAction.REPORT_PREVIEW)


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    content_type: str
    filename: str


def _assemble(
    actor: User, language: str, edition: str, filters: Filters | None, builder: SectionBuilder | None = None
) -> ReportData:
    """The report as this person may receive it; PermissionDenied for an edition not hers."""
    if not policy.may_report(actor, edition):
        raise PermissionDenied()
    return build_report(
        organisation_id=actor.org_id,
        organisation_name=actor.org_name,
        language=language,
        edition=edition,
        quotes=policy.may_see_quotes(actor),
        filters=filters,
        builder=builder,
    )


def report_read(
    *,
    actor: User,
    reading: AuditAction,
    language: str,
    edition: str,
    filters: Filters | None = None,
    builder: SectionBuilder | None = None,
) -> ReportData:
    """The report data for a page (the dashboard, a preview), with its audit row.

    Raises VaultSealed when sealed (nothing is recorded then: nothing was read).
    """
    if reading not in READINGS:
        raise ValueError(f"not a reading of a report: {reading}")
    data = _assemble(actor, language, edition, filters, builder)
    with transaction.atomic():
        audit_record(
            reading,
            actor=actor,
            edition=edition,
            language=language,
            filtered=bool(filters and filters.active),
        )
    return data


def report_file(
    *,
    actor: User,
    language: str,
    edition: str,
    fmt: str,
    filters: Filters | None = None,
) -> RenderedReport:
    """Raises VaultSealed when sealed (before anything is recorded)."""
    data = _assemble(actor, language, edition, filters)
    content = render(data, fmt)
    with transaction.atomic():
        audit_record(AuditAction.REPORT, actor=actor, edition=edition, format=fmt, language=language)
    filename = f"kua-report-{edition}-{language}-{data.generated_on}.{fmt}"
    return RenderedReport(content, FORMATS[fmt], filename)
