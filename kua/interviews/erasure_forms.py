"""The forms of erasure (consent withdrawn): find the records, confirm."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kua.questionnaires.spec import FormSpec
from kua.web.formtools import set_choices


class EraseFindForm(forms.Form):
    """By record id (one per line), or by the parts of the client code (UIC)."""

    record_ids = forms.CharField(
        label=_("Record ids or screen numbers (one per line)"), required=False, widget=forms.Textarea
    )
    mother = forms.CharField(label=_("First two letters of the mother's name"), required=False, max_length=10)
    father = forms.CharField(label=_("First two letters of the father's name"), required=False, max_length=10)
    sex = forms.ChoiceField(label=_("Sex"), required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args: Any, spec: FormSpec, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = spec.field("sex").choices if spec.has_field("sex") else ()
        set_choices(self, "sex", [("", "—")] + [(c.name, spec.text(c.labels, language)) for c in choices])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        parts = [data.get(name) for name in ("mother", "father", "sex", "birth_year")]
        if not data.get("record_ids") and not all(parts):
            raise forms.ValidationError(_("Give record ids, or every part of the client code."))
        return data

    @property
    def by_code(self) -> bool:
        return not self.cleaned_data.get("record_ids")


class EraseConfirmForm(forms.Form):
    records = forms.CharField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I understand: these records are erased for good."))
