"""Forms of the lawyer's workspace: the action, the case's own facts, the list filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kua.accounts import policy
from kua.accounts.models import User
from kua.cases import codes
from kua.cases.models import ReferralService
from kua.cases.sealing import ActionFacts
from kua.documents.formats import LETTER_FORMATS, choices
from kua.web.formtools import set_choices, set_queryset
from kua.web.widgets import IsoDateInput

DATE = IsoDateInput()


def _choices(labels: dict[str, Any], *, blank: bool) -> list[tuple[str, Any]]:
    return ([("", "—")] if blank else []) + list(labels.items())


def _grouped(services: Any, districts: dict[str, str]) -> list[tuple[Any, Any]]:
    """The directory as choices grouped by district (its label), each "name — type"."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for service in services:
        place = districts.get(service.district, service.district) or str(_("Any district"))
        kind = codes.SERVICE_LABELS.get(service.kind, service.kind)
        groups.setdefault(place, []).append((service.pk, f"{service.name} — {kind}"))
    return [("", "—"), *sorted(groups.items())]


class ActionForm(forms.Form):
    action_on = forms.DateField(label=_("Date"), widget=DATE)
    action = forms.ChoiceField(label=_("Action"), choices=_choices(codes.ACTION_LABELS, blank=False))
    body = forms.ChoiceField(
        label=_("Filed with (for a complaint)"),
        choices=_choices(codes.BODY_LABELS, blank=True),
        required=False,
        help_text=_("Only for «Complaint filed», and required there: where the complaint went."),
    )
    service = forms.ChoiceField(
        label=_("Type of service (for a referral)"),
        choices=_choices(codes.SERVICE_LABELS, blank=True),
        required=False,
        help_text=_("Only for «Referral»: the type, or choose a service from the directory below."),
    )
    referral_service = forms.TypedChoiceField(
        label=_("Service from the directory"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Only for «Referral»: grouped by district; its type is taken from the directory."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=_choices(codes.OUTCOME_LABELS, blank=True), required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    status = forms.ChoiceField(
        label=_("Case status after this action"),
        choices=_choices(codes.STATUS_LABELS, blank=True),
        required=False,
    )
    next_follow_up = forms.DateField(label=_("Next follow-up"), widget=DATE, required=False)

    # Which action each field goes with: shown beside the field, and (with JavaScript) only then.
    ONLY_FOR = {"body": "complaint_filed", "service": "referral", "referral_service": "referral"}

    def __init__(
        self,
        *args: Any,
        organisation_id: int,
        districts: dict[str, str] | None = None,
        state_bodies: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._services = ReferralService.objects.filter(organisation_id=organisation_id)
        set_choices(self, "referral_service", _grouped(self._services, districts or {}))
        if not state_bodies and not self.is_bound:  # no consent to the authorities: not offered
            allowed = [
                (c, label) for c, label in codes.ACTION_LABELS.items() if c not in policy.STATE_BODY_ACTIONS
            ]
            set_choices(self, "action", allowed)
        for name, action in self.ONLY_FOR.items():
            self.fields[name].only_for = action  # type: ignore[attr-defined]
        self.fields["referral_service"].widget.attrs["data-search-label"] = _("Search the directory")

    def clean_referral_service(self) -> ReferralService | None:
        chosen = self.cleaned_data.get("referral_service")
        if chosen is None:
            return None
        found = self._services.filter(pk=chosen).first()
        if found is None:
            raise forms.ValidationError(_("Choose a service of the directory."))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("referral_service")
        if chosen is not None and not data.get("service"):
            data["service"] = chosen.kind  # the directory's service says its type
        return data

    def facts(self, by: User) -> ActionFacts:
        data = self.cleaned_data
        chosen = data.get("referral_service")
        return ActionFacts(
            action_on=data["action_on"],
            action=data["action"],
            body=data.get("body") or "",
            service=data.get("service") or "",
            outcome=data.get("outcome") or "",
            note=(data.get("note") or "").strip(),
            by=by.username,
            status=data.get("status") or "",
            referral_service_id=chosen.pk if chosen is not None else None,
        )


class CaseUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=_choices(codes.STATUS_LABELS, blank=False))
    next_follow_up = forms.DateField(label=_("Next follow-up"), widget=DATE, required=False)
    assigned_to = forms.ModelChoiceField(label=_("Responsible"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if policy.may_assign_cases(actor):
            candidates = User.objects.filter(organisation_id=actor.org_id).order_by("username")
            allowed = [u.pk for u in candidates if policy.may_be_assigned_cases(u)]
            set_queryset(self, "assigned_to", candidates.filter(pk__in=allowed))
        else:
            del self.fields["assigned_to"]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=_choices(codes.OUTCOME_LABELS, blank=False))


PERPETRATORS = [("", _("Any")), ("police", _("Police")), ("medical", _("Medical staff"))]
DUE = [("", _("Any")), ("week", _("Due this week")), ("overdue", _("Overdue")), ("due", _("Due or overdue"))]


class CaseFilterForm(forms.Form):
    mine = forms.BooleanField(label=_("Only my cases"), required=False)
    due = forms.ChoiceField(label=_("Follow-up"), choices=DUE, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=_choices(codes.STATUS_LABELS, blank=True), required=False
    )
    violation = forms.ChoiceField(label=_("Violation"), choices=[("", "—")], required=False)
    district = forms.ChoiceField(label=_("District"), choices=[("", "—")], required=False)
    perpetrator = forms.ChoiceField(label=_("Perpetrator"), choices=PERPETRATORS, required=False)

    def __init__(
        self, *args: Any, violations: list[tuple[str, str]], districts: list[tuple[str, str]], **kw: Any
    ):
        super().__init__(*args, **kw)
        set_choices(self, "violation", [("", "—"), *violations])
        set_choices(self, "district", [("", "—"), *districts])


class ReferralServiceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ReferralService
        fields = ["name", "kind", "district", "address", "phone", "hours", "notes", "public"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class LetterForm(forms.Form):
    body = forms.ChoiceField(
        label=_("Addressed to"),
        choices=[
            ("prosecutor", codes.BODY_LABELS["prosecutor"]),
            ("police_internal_security", codes.BODY_LABELS["police_internal_security"]),
        ],
    )
    language = forms.ChoiceField(label=_("Language"), choices=[("ru", "Русский"), ("kk", "Қазақша")])
    format = forms.ChoiceField(label=_("Format"), choices=choices(LETTER_FORMATS))
