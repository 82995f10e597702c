"""Recording a refusal to take part (no personal data)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kua.accounts import policy
from kua.forms.services import current_form, spec_for
from kua.forms.spec import FormSpec, pick_text
from kua.interviews.models import Refusal
from kua.interviews.services import refusal_create
from kua.web.formtools import set_choices
from kua.web.types import AuthedRequest


class RefusalForm(forms.Form):
    refused_on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label=gettext_lazy("Main reason"), choices=Refusal.Reason.choices)
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)
    venue = forms.ChoiceField(label=gettext_lazy("Venue"), required=False)
    migrant = forms.NullBooleanField(
        label=gettext_lazy("Migrant?"),
        widget=forms.Select(
            choices=[("unknown", "—"), ("true", gettext_lazy("yes")), ("false", gettext_lazy("no"))]
        ),
    )

    def clean_refused_on(self) -> object:
        value = self.cleaned_data["refused_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


def _choices(spec: FormSpec, field: str) -> list[tuple[str, str]]:
    language = (get_language() or "ru").split("-")[0]
    if not spec.has_field(field):
        return []
    return [("", "—")] + [
        (c.name, pick_text(dict(c.labels), language, spec.default_language))
        for c in spec.field(field).choices
    ]


def _reason_labels(form: RefusalForm) -> None:
    from kua.reports.assemble import reason_labels

    labels = reason_labels()
    set_choices(form, "reason", [(code, labels[code]) for code, _l in Refusal.Reason.choices])


@login_required
@require_http_methods(["GET", "POST"])
def refusal_new(request: AuthedRequest) -> HttpResponse:
    if not policy.may_record_refusals(request.user):
        raise PermissionDenied()
    spec = spec_for(current_form(request.user.org_id))
    form = RefusalForm(request.POST or None, initial={"refused_on": timezone.localdate()})
    set_choices(form, "district", _choices(spec, "residence_district"))
    set_choices(form, "venue", _choices(spec, "work_venue"))
    _reason_labels(form)
    if request.method == "POST" and form.is_valid():
        refusal_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The refusal is recorded. Thank you."))
        return redirect("home")
    return render(request, "interviews/refusal.html", {"form": form})
