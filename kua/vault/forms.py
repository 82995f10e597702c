from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PassphraseForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Passphrase"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )


class KeyholderAddForm(forms.Form):
    username = forms.CharField(label=_("Username"))
    passphrase = forms.CharField(
        label=_("Their new passphrase (they type it themselves)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class PassphraseChangeForm(forms.Form):
    old = forms.CharField(label=_("Current passphrase"), strip=False, widget=forms.PasswordInput)
    new = forms.CharField(
        label=_("New passphrase"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
