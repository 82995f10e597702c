"""Producing a report file: assemble, render, record it in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kua.analytics.filters import Filters
from kua.audit.services import audit_record
from kua.reports.assemble import build_report
from kua.reports.data import ReportData

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    content_type: str
    filename: str


def render(data: ReportData, fmt: str) -> bytes:
    from kua.reports.renderers import docx, html, pdf, xlsx

    if fmt == "pdf":
        return pdf.render_pdf(data)
    if fmt == "docx":
        return docx.render_docx(data)
    if fmt == "xlsx":
        return xlsx.render_xlsx(data)
    return html.render_html(data, standalone=True).encode("utf-8")


def report_file(
    *,
    actor: object | None,
    organisation_id: int,
    organisation_name: str,
    language: str,
    edition: str,
    fmt: str,
    filters: Filters | None = None,
) -> RenderedReport:
    """Raises VaultSealed when sealed (before anything is recorded)."""
    data = build_report(
        organisation_id=organisation_id,
        organisation_name=organisation_name,
        language=language,
        edition=edition,
        filters=filters,
    )
    content = render(data, fmt)
    with transaction.atomic():
        audit_record(
            "report",
            actor=actor,
            organisation_id=organisation_id,
            edition=edition,
            format=fmt,
            language=language,
        )
    filename = f"kua-report-{edition}-{language}-{data.generated_on}.{fmt}"
    return RenderedReport(content, FORMATS[fmt], filename)
