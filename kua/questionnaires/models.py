from __future__ import annotations

from django.conf import settings
from django.db import models

from kua.accounts.models import Organisation


class FormVersion(models.Model):
    """An XLSForm as uploaded: the workbook is kept so an interview's form can be shown."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="form_versions")
    form_id = models.CharField(max_length=100)
    version = models.CharField(max_length=50)
    title = models.JSONField(default=dict)
    workbook = models.BinaryField()
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "form_id", "version"], name="one_form_version"),
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(is_current=True), name="one_current_form"
            ),
        ]


class CompiledForm(models.Model):
    """A workbook's FormSpec as JSON, keyed by the workbook's hash, so a command does not
    parse the XLSForm with pyxform each time. JSON, never pickle: the database is not
    trusted to run code. `format` changes when the loader or the encoding does."""

    sha256 = models.CharField(max_length=64)
    format = models.PositiveIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sha256", "format"], name="one_compiled_form")]
