from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kua.reports.labels import AGENCIES

EDITIONS = [("public", _("Public: small counts hidden")), ("internal", _("Internal: exact counts"))]
FORMATS = [("pdf", "PDF"), ("docx", "Word (DOCX)"), ("xlsx", "Excel (XLSX)"), ("html", "HTML")]
LANGUAGES = [("ru", "Русский"), ("kk", "Қазақша"), ("en", "English")]
DIMENSIONS = [
    ("residence_district", _("District")),
    ("work_venue", _("Venue")),
    ("age_band", _("Age")),
    ("citizenship", _("Citizenship")),
    ("key_population", _("Key population")),
    ("documenter", _("Documenter")),
]


class DownloadForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    edition = forms.ChoiceField(label=_("Edition"), choices=EDITIONS)
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)


class FilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.ChoiceField(label=_("District"), required=False)
    documenter = forms.TypedChoiceField(label=_("Documenter"), required=False, coerce=int, empty_value=None)


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
