"""The forms of the import and export pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from kua.interchange import exporting
from kua.web.formtools import set_choices


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Table of interviews (CSV or XLSX)"))


EDITION_LABELS = {
    exporting.STATISTICAL: gettext_lazy("Statistical: only respondents who agreed to be counted"),
    exporting.FULL: gettext_lazy("Full: every record, for backup and migration"),
    exporting.AUTHORITIES: gettext_lazy(
        "For the authorities: only respondents who agreed that their case be taken to the authorities"
    ),
}


class ExportForm(forms.Form):
    """The editions offered are those the access policy gives this person."""

    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[("csv", "CSV (UTF-8)"), ("xlsx", "Excel (XLSX)")]
    )
    edition = forms.ChoiceField(label=gettext_lazy("Edition"))

    def __init__(self, *args: Any, editions: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "edition", [(e, EDITION_LABELS[e]) for e in editions])
