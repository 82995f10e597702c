from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kua.documents.formats import REPORT_FORMATS, choices
from kua.languages import LANGUAGES
from kua.reports.content.labels import AGENCIES
from kua.web.widgets import IsoDateInput

EDITIONS = [("public", _("Public: small counts hidden")), ("internal", _("Internal: exact counts"))]
FORMATS = choices(REPORT_FORMATS)
DIMENSIONS = [
    ("residence_district", _("District")),
    ("work_venue", _("Venue")),
    ("age_band", _("Age")),
    ("citizenship", _("Citizenship")),
    ("key_population", _("Key population")),
    ("documenter", _("Documenter")),
]


def _check_place(form: Any, data: dict[str, Any]) -> None:
    region, district = data.get("region"), data.get("district")
    if region and district and form.district_regions.get(district) not in ("", None, region):
        form.add_error("district", _("This district is not in the chosen region."))


class DownloadForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    edition = forms.ChoiceField(label=_("Edition"), choices=EDITIONS)
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)
    despite_gaps = forms.BooleanField(label=_("Download even though texts are missing"), required=False)
    study = forms.TypedChoiceField(
        label=_("Study"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("There is no such study.")},
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())
    region = forms.ChoiceField(
        label=_("Region"), required=False, error_messages={"invalid_choice": _("There is no such region.")}
    )
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        error_messages={"invalid_choice": _("There is no such district.")},
    )

    def __init__(
        self,
        *args: Any,
        gaps: dict[str, list[str]],
        district_regions: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.gaps = gaps
        self.district_regions = district_regions or {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _check_place(self, data)
        missing = self.gaps.get(data.get("language", ""))
        if missing and not data.get("despite_gaps"):
            raise forms.ValidationError(
                _("This language's edition still lacks: %(missing)s. Write them first, or tick “%(box)s”."),
                params={"missing": "; ".join(missing), "box": self.fields["despite_gaps"].label},
            )
        return data


class FilterForm(forms.Form):
    """Filters refuse what cannot be meant (reversed dates, unknown places) instead of showing 0."""

    study = forms.TypedChoiceField(
        label=_("Study"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("There is no such study.")},
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=IsoDateInput())
    region = forms.ChoiceField(
        label=_("Region"), required=False, error_messages={"invalid_choice": _("There is no such region.")}
    )
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        error_messages={"invalid_choice": _("There is no such district.")},
    )
    documenter = forms.TypedChoiceField(
        label=_("Documenter"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("There is no such documenter.")},
    )

    def __init__(self, *args: Any, district_regions: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.district_regions = district_regions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        _check_place(self, data)
        return data


class TextsForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    period = forms.CharField(label=_("Period"), required=False, max_length=200)
    authors = forms.CharField(label=_("Authors"), required=False, max_length=300)
    summary = forms.CharField(
        label=_("Summary (your words, after the computed key figures)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    context = forms.CharField(
        label=_("Context and legal framework"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    conclusions = forms.CharField(
        label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    threshold = forms.IntegerField(
        label=_("Public edition: hide counts below (one threshold for every language)"),
        min_value=2,
        max_value=20,
    )
    crosstabs = forms.MultipleChoiceField(
        label=_("Cross-tabulations"), choices=DIMENSIONS, required=False, widget=forms.CheckboxSelectMultiple
    )


class RecommendationForm(forms.Form):
    agency = forms.ChoiceField(label=_("Agency"), choices=[(a, a) for a in AGENCIES])
    text = forms.CharField(
        label=_("Recommendation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    findings = forms.MultipleChoiceField(
        label=_("Rests on these findings"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )


RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=2, max_num=30)
