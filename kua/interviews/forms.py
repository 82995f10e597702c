"""The refusal form, and the filters of the interview list (shown when the vault is open)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kua.accounts.models import User
from kua.interviews.models import Refusal
from kua.questionnaires.spec import FormSpec, pick_text
from kua.web.widgets import IsoDateInput


class DocumenterField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_short_name() or obj.username)


class InterviewFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=20,
        help_text=_("The client code or its last characters."),
    )
    date_from = forms.DateField(label=_("Interview date from"), required=False, widget=IsoDateInput())
    date_to = forms.DateField(label=_("to"), required=False, widget=IsoDateInput())
    district = forms.ChoiceField(label=_("District"), required=False)
    violation = forms.ChoiceField(label=_("Violation"), required=False)
    documenter = DocumenterField(
        label=_("Documenter"), required=False, queryset=User.objects.none(), empty_label="—"
    )

    def __init__(
        self,
        data: Any,
        *,
        districts: list[tuple[str, Any]],
        violations: list[tuple[str, str]],
        documenters: Any | None,
    ) -> None:
        super().__init__(data)
        for name, choices in (("district", districts), ("violation", violations)):
            choice_field = self.fields[name]
            if isinstance(choice_field, forms.ChoiceField):
                choice_field.choices = [("", "—"), *choices]
        documenter = self.fields["documenter"]
        if documenters is None:
            del self.fields["documenter"]
        elif isinstance(documenter, DocumenterField):
            documenter.queryset = documenters

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class RefusalForm(forms.Form):
    refused_on = forms.DateField(label=_("Date"), widget=IsoDateInput())
    # No reason chosen beforehand: a pre-selected «no time» was saved when she skipped it.
    reason = forms.ChoiceField(label=_("Main reason"), choices=[("", "—"), *Refusal.Reason.choices])
    district = forms.ChoiceField(label=_("District"), required=False)
    venue = forms.ChoiceField(label=_("Venue"), required=False)
    migrant = forms.NullBooleanField(
        label=_("Migrant?"),
        widget=forms.Select(choices=[("unknown", "—"), ("true", _("yes")), ("false", _("no"))]),
    )

    def clean_refused_on(self) -> object:
        value = self.cleaned_data["refused_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


def _spec_choices(spec: FormSpec, field: str) -> list[tuple[str, str]]:
    language = (get_language() or "ru").split("-")[0]
    if not spec.has_field(field):
        return []
    return [("", "—")] + [
        (c.name, pick_text(dict(c.labels), language, spec.default_language))
        for c in spec.field(field).choices
    ]


def refusal_form(spec: FormSpec, data: Any = None) -> RefusalForm:
    """The refusal form with the questionnaire's districts and venues (web and offline entry)."""
    form = RefusalForm(data, initial={"refused_on": timezone.localdate()})
    for name, spec_field in (("district", "residence_district"), ("venue", "work_venue")):
        choice_field = form.fields[name]
        assert isinstance(choice_field, forms.ChoiceField)
        choice_field.choices = _spec_choices(spec, spec_field)
    return form
