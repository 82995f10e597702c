"""What a coordinator types to publish a release, set a budget, or render a release's report."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kua.documents.formats import REPORT_FORMATS, choices
from kua.languages import LANGUAGES
from kua.releases.scope import Scope
from kua.web.widgets import IsoDateInput

METHODS = [("suppressed", _("Small counts hidden (suppression)")), ("dp", _("Differential privacy (noise)"))]
FORMATS = choices(REPORT_FORMATS)
MAX_RELEASE_BYTES = 2 * 1024 * 1024


def _positive(value: float | None) -> None:
    if value is not None and not (value > 0 and math.isfinite(value)):
        raise forms.ValidationError(_("ε must be a positive number."))


class PeriodForm(forms.Form):
    """A period, both ends optional (a release's, the network's tables and report)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end is before the start."))
        return data


class MethodForm(PeriodForm):
    """The protection and the period of a public release (a hub's: of the network's counts)."""

    method = forms.ChoiceField(label=_("Protection"), choices=METHODS)
    epsilon = forms.FloatField(
        label=_("ε (differential privacy only)"), required=False, validators=[_positive]
    )
    field_order = ("method", "epsilon", "date_from", "date_to")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("method") == "dp" and data.get("epsilon") is None:
            self.add_error("epsilon", _("A differentially private release needs ε."))
        if data.get("method") == "suppressed" and data.get("epsilon") is not None:
            self.add_error("epsilon", _("A suppressed release spends no ε: leave it empty."))
        return data


class ReleaseForm(MethodForm):
    region = forms.CharField(label=_("Region code"), required=False, max_length=60)
    study = forms.IntegerField(label=_("Study number"), required=False, min_value=1)

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope(data["date_from"], data["date_to"], data["study"], data["region"] or "")


class BudgetForm(forms.Form):
    epsilon = forms.FloatField(label=_("ε for the whole study"), validators=[_positive])
    study = forms.IntegerField(label=_("Study number (empty: the organisation)"), required=False, min_value=1)


class ReleaseReportForm(forms.Form):
    release = forms.FileField(label=_("Release file (JSON)"))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)

    def clean_release(self) -> bytes:
        upload = self.cleaned_data["release"]
        if upload.size > MAX_RELEASE_BYTES:
            raise forms.ValidationError(_("This file is too large to be a release."))
        content: bytes = upload.read()
        return content
