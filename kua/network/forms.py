"""What the hub's coordinator and a member's coordinator type or upload on the network pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kua.languages import LANGUAGES
from kua.releases.forms import FORMATS, PeriodForm

MAX_FILE_BYTES = 64 * 1024 * 1024  # a release of 100,000 respondents is about 5 MB


def _read(upload: Any, limit: int = MAX_FILE_BYTES) -> bytes:
    if upload.size > limit:
        raise forms.ValidationError(_("The file is too large."))
    return bytes(upload.read())


class ReportForm(PeriodForm):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    edition = forms.ChoiceField(
        label=_("Edition"),
        choices=[("public", _("Public: small counts hidden")), ("internal", _("Internal"))],
    )
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS)


class InviteForm(forms.Form):
    member_name = forms.CharField(label=_("The member organisation's name"), max_length=200)


class CardForm(forms.Form):
    card = forms.FileField(label=_("The member's card (JSON)"))

    def clean_card(self) -> bytes:
        return _read(self.cleaned_data["card"], 64 * 1024)


class ExpelForm(forms.Form):
    drop_releases = forms.BooleanField(
        label=_("Also drop the releases she sent (otherwise they stay counted)"), required=False
    )


class ReceiveForm(forms.Form):
    release = forms.FileField(label=_("A release file brought by hand"))

    def clean_release(self) -> bytes:
        return _read(self.cleaned_data["release"])


class TextsForm(forms.Form):
    recommendations = forms.CharField(
        label=_("The network's recommendations (a blank line between paragraphs)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    threshold = forms.IntegerField(
        label=_("Smallest count shown in the public report"), min_value=2, max_value=50
    )


class JoinForm(forms.Form):
    invitation = forms.FileField(label=_("The hub's invitation (JSON)"))
    linkage_key = forms.FileField(label=_("The network's linkage key file"))

    def clean_invitation(self) -> bytes:
        return _read(self.cleaned_data["invitation"], 64 * 1024)

    def clean_linkage_key(self) -> bytes:
        return _read(self.cleaned_data["linkage_key"], 64 * 1024)


class SendForm(PeriodForm):
    hub_url = forms.CharField(
        label=_("The hub's address (empty: download the file to carry it by hand)"),
        required=False,
        max_length=300,
    )
