from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from kua.accounts.roles import Role


class PersonAddForm(forms.Form):
    display_name = forms.CharField(label=_("Name people know her by"), max_length=150)
    username = forms.CharField(
        label=_("Username for logging in"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only; she types it at every login."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.DOCUMENTER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
