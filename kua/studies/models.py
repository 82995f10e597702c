"""The documentation study as planned: period, districts, sites, a target per documenter.

Nothing here is about a respondent. A site is a venue type, a district and a short code
("С-3"), never a name or an address: a seized server must not be a map of where people work.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kua.accounts.models import Organisation

SITE_LABEL_LENGTH = 20


class Study(models.Model):
    # Several per organisation: the 2015 study imported beside the 2026 one.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="studies")
    name = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    districts = models.JSONField(default=list)  # district codes of the form, in the coordinator's order
    updated_at = models.DateTimeField(auto_now=True)


class StudySite(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="sites")
    label = models.CharField(max_length=SITE_LABEL_LENGTH)
    venue = models.CharField(max_length=30)  # a work_venue code: sauna, hotel, apartment ...
    district = models.CharField(max_length=60)

    class Meta:
        ordering = ["district", "venue", "label", "pk"]
        constraints = [models.UniqueConstraint(fields=["study", "label"], name="one_site_label_per_study")]


class StudyTarget(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="targets")
    documenter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    target = models.PositiveIntegerField()

    class Meta:
        ordering = ["documenter_id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "documenter"], name="one_target_per_documenter")
        ]
