"""An encrypted snapshot of the analytic view: a cold start decrypts one blob, not every row."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from kua.accounts.models import Organisation
from kua.vault.models import DataKey


class ViewSnapshot(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="view_snapshot")
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT)
    payload = models.BinaryField()
    # Interviews with a larger id are not in the snapshot yet; they are added at the next build.
    max_interview_id = models.BigIntegerField()
    form_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now=True)

    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("payload",)

    def associated_data(self, field: str) -> bytes:
        return b"kua-view-snapshot:" + str(self.organisation_id).encode()
