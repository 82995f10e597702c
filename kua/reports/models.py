"""The coordinator's own texts of the report, one version per save, per language."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kua.accounts.models import Organisation


class ReportContent(models.Model):
    """content: {title, period, authors, summary, context, conclusions, threshold,
    crosstabs: [dimension], recommendations: [{agency, text, findings: [key]}]}"""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="report_contents")
    language = models.CharField(max_length=5)
    version = models.PositiveIntegerField()
    content = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "language", "version"], name="one_report_version")
        ]


class ReportSettings(models.Model):
    """What holds for every language of the organisation's report: one suppression threshold,
    so that two public editions side by side never reveal different small counts."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="report_settings"
    )
    threshold = models.PositiveSmallIntegerField(default=5)
    updated_at = models.DateTimeField(auto_now=True)
