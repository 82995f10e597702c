"""Choice lists for the report pages: districts, and the findings a recommendation rests on."""

from __future__ import annotations

from typing import Any

from django.forms import BaseFormSet
from django.utils.translation import gettext as _

from kua.questionnaires.labels import choice_label
from kua.questionnaires.spec import FormSpec
from kua.reports.content.labels import agency_label

FINDING_TABLES = (
    ("police_violations", "police_violations"),
    ("medical_violations", "medical_violations"),
)


def findings(spec: FormSpec, language: str) -> list[tuple[str, str]]:
    """Keys as sections.finding_titles makes them: a table, or a row of it."""
    items = [
        ("police_violations", _("Violations by police officers")),
        ("police_complaints", _("Complaints about police officers")),
        ("after_detention", _("What happened after detention")),
        ("payments_to_police", _("Payments to police")),
        ("medical_violations", _("Violations by medical staff")),
        ("medical_complaints", _("Complaints about medical staff")),
    ]
    for table, field in FINDING_TABLES:
        if spec.has_field(field):
            title = dict(items)[table]
            items += [
                (f"{table}:{c.name}", f"{title}: {choice_label(spec, field, c.name, language)}")
                for c in spec.field(field).choices
            ]
    return items


def fill_recommendation_forms(formset: BaseFormSet, spec: FormSpec, language: str) -> None:
    options = findings(spec, language)
    for form in formset.forms:
        form.fields["findings"].choices = options
        form.fields["agency"].choices = [
            (code, agency_label(code)) for code, _l in form.fields["agency"].choices
        ]


def recommendations_of(formset: BaseFormSet) -> list[dict[str, Any]]:
    return [
        {
            "agency": f.cleaned_data["agency"],
            "text": f.cleaned_data["text"],
            "findings": f.cleaned_data["findings"],
        }
        for f in formset.forms
        if f.cleaned_data.get("text", "").strip()
    ]
