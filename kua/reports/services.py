"""Saving the coordinator's report texts (each save is a new version); reading them is selectors'.

The texts are per language; the suppression threshold is one per organisation (stored in
ReportSettings), so that every language's public edition hides the same cells.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.reports.models import ReportContent, ReportSettings
from kua.reports.selectors import DEFAULT_THRESHOLD


def _threshold_save(actor: User, threshold: int) -> None:
    settings, _created = ReportSettings.objects.select_for_update().get_or_create(
        organisation_id=actor.org_id, defaults={"threshold": DEFAULT_THRESHOLD}
    )
    if settings.threshold != threshold:
        previous = settings.threshold
        settings.threshold = threshold
        settings.save(update_fields=["threshold", "updated_at"])
        audit_record(AuditAction.REPORT_THRESHOLD_SAVE, actor=actor, threshold=threshold, previous=previous)


@transaction.atomic
def report_content_save(*, actor: User, language: str, content: dict[str, Any]) -> ReportContent:
    """A new version of this language's texts; a threshold in `content` is the organisation's."""
    organisation_id = actor.org_id
    content = dict(content)
    if "threshold" in content:
        _threshold_save(actor, int(content.pop("threshold")))
    current = ReportContent.objects.select_for_update().filter(
        organisation_id=organisation_id, language=language
    )
    version = (current.aggregate(v=Max("version"))["v"] or 0) + 1
    saved = ReportContent.objects.create(
        organisation_id=organisation_id, language=language, version=version, content=content, created_by=actor
    )
    audit_record(AuditAction.REPORT_TEXTS_SAVE, actor=actor, obj=saved, language=language, version=version)
    return saved
