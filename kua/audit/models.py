"""The append-only, hash-chained audit log.

Rows are written only by `kua.audit.services.audit_record`, inside the transaction of
the change they describe. A row never holds an answer value.
"""

from __future__ import annotations

from django.db import models


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    organisation_id = models.BigIntegerField(null=True)
    actor_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        # The audit page and `kua audit list`: one organisation's rows, newest first, by
        # person, by action or by date, each a range scan of its own index.
        indexes = [
            models.Index(fields=["organisation_id", "-seq"], name="audit_org_seq"),
            models.Index(fields=["organisation_id", "actor_id", "-seq"], name="audit_org_actor_seq"),
            models.Index(fields=["organisation_id", "action", "-seq"], name="audit_org_action_seq"),
            models.Index(fields=["organisation_id", "at"], name="audit_org_at"),
        ]

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("audit rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("audit rows are never deleted")


class AuditHead(models.Model):
    """One row: the last sequence number and hash, locked while a row is appended."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)
