"""Sealed column blocks: each import batch, and the single entries, also kept as columns."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models

from kua.accounts.models import Organisation
from kua.analytics.blocks import Identity
from kua.interviews.models import ImportBatch
from kua.questionnaires.models import FormVersion
from kua.vault.models import DataKey


class ColumnBlock(models.Model):
    """Answers of many interviews as columns, encrypted under a data key of its own.

    `rows` (live rows) is clear: it says how many interviews, nothing about any of them.
    Blocks of a pending import batch are not part of the view until the batch completes."""

    SEALED_FIELDS: ClassVar[tuple[str, ...]] = ("payload",)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="column_blocks")
    import_batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, null=True)
    form_version = models.ForeignKey(FormVersion, on_delete=models.PROTECT)
    data_key = models.ForeignKey(DataKey, on_delete=models.PROTECT)
    rows = models.PositiveIntegerField()
    payload = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def identity(self) -> Identity:
        return Identity(self.organisation_id, self.import_batch_id, self.form_version_id, self.uuid)

    def associated_data(self, field: str) -> bytes:
        """Binds the ciphertext to its organisation, batch, form version and block."""
        if field != "payload":
            raise ValueError(field)
        return self.identity().associated_data()
