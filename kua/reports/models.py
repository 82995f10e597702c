"""The coordinator's own texts of the report, one version per save, per language."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from kua.accounts.models import Organisation
from kua.vault.models import DataKey


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


class QuoteSelection(models.Model):
    """The coordinator's chosen quotes, in order, with their translations; one version per save.

    Sealed like an interview (a data key sealed to the organisation's public key): quotes and
    their translations are the respondents' words. The clear columns say only who saved when.
    payload (opened): {"quotes": [{"key": sha256 of the text, "translations": {"ru": ..., ...}}]}
    """

    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("payload",)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="quote_selections")
    version = models.PositiveIntegerField()
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT)
    payload = models.BinaryField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="one_quote_selection_version")
        ]

    def associated_data(self, field: str) -> bytes:
        """Binds the ciphertext to its organisation and version (the key rotation re-seals it)."""
        return quote_selection_associated(self.organisation_id, self.version)


def quote_selection_associated(organisation_id: int, version: int) -> bytes:
    return f"kua.quotes:{organisation_id}:{version}".encode()
