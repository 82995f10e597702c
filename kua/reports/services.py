"""Saving the coordinator's report texts (each save is a new version) and reading them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.reports.models import ReportContent

DEFAULT_CROSSTABS = ["residence_district", "work_venue", "age_band", "citizenship"]
DEFAULT_THRESHOLD = 5
TEXT_KEYS = ("title", "period", "authors", "summary", "context", "conclusions")


def default_content() -> dict[str, Any]:
    return {
        **dict.fromkeys(TEXT_KEYS, ""),
        "threshold": DEFAULT_THRESHOLD,
        "crosstabs": list(DEFAULT_CROSSTABS),
        "recommendations": [],
    }


def report_content(organisation_id: int, language: str) -> tuple[dict[str, Any], int]:
    """The newest version of the texts for this language (defaults where none), and its number."""
    latest = (
        ReportContent.objects.filter(organisation_id=organisation_id, language=language)
        .order_by("-version")
        .first()
    )
    content = default_content()
    if latest is None:
        return content, 0
    content.update(latest.content)
    return content, latest.version


@transaction.atomic
def report_content_save(*, actor: User, language: str, content: dict[str, Any]) -> ReportContent:
    organisation_id = actor.org_id
    current = ReportContent.objects.select_for_update().filter(
        organisation_id=organisation_id, language=language
    )
    version = (current.aggregate(v=Max("version"))["v"] or 0) + 1
    saved = ReportContent.objects.create(
        organisation_id=organisation_id, language=language, version=version, content=content, created_by=actor
    )
    audit_record(AuditAction.REPORT_TEXTS_SAVE, actor=actor, obj=saved, language=language, version=version)
    return saved
