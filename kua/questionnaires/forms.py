"""The Django form of the questionnaire page (uploading a new version)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class FormUploadForm(forms.Form):
    workbook = forms.FileField(label=gettext_lazy("XLSForm workbook (.xlsx)"))
