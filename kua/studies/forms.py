"""The coordinator's study forms: period and districts, targets, one site."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kua.accounts.models import User
from kua.studies.models import SITE_LABEL_LENGTH
from kua.web.widgets import IsoDateInput

MAX_TARGET = 10_000


class StudyForm(forms.Form):
    name = forms.CharField(label=_("Name of the study"), required=False, max_length=200)
    starts_on = forms.DateField(label=_("Fieldwork starts"), widget=IsoDateInput())
    ends_on = forms.DateField(label=_("Fieldwork ends"), widget=IsoDateInput())
    districts = forms.MultipleChoiceField(
        label=_("Districts covered"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "district-picker"}),
        help_text=_("Grouped by region; tick every district of the fieldwork."),
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        for person in people:
            self.fields[f"target_{person.pk}"] = forms.IntegerField(
                label=person.get_full_name() or person.username,
                required=False,
                min_value=0,
                max_value=MAX_TARGET,
                help_text=_("Respondents planned; leave empty for none."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The fieldwork cannot end before it starts."))
        return data

    def target_fields(self) -> list[forms.BoundField]:
        return [self[f"target_{p.pk}"] for p in self.people]

    def targets(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data.get(f"target_{p.pk}") or 0 for p in self.people}


class SiteForm(forms.Form):
    label = forms.CharField(
        label=_("Short code of the site"),
        max_length=SITE_LABEL_LENGTH,
        help_text=_("A code such as “S-3”, never a name or an address: the list is not encrypted."),
    )
    venue = forms.ChoiceField(label=_("Venue type"))
    district = forms.ChoiceField(label=_("District"))

    def __init__(self, *args: Any, taken: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = taken

    def clean_label(self) -> str:
        label: str = self.cleaned_data["label"].strip()
        if label.casefold() in self.taken:
            raise forms.ValidationError(_("The study already has a site with this code."))
        return label
