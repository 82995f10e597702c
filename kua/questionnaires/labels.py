"""A questionnaire's own labels for its choices, in the reader's language.

Cases, reports and the entry pages show codes with these labels; they live with the form so
that each of those apps imports the form, never one another.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kua.questionnaires.spec import FormSpec, pick_text


def choice_label(spec: FormSpec, field: str, code: str, language: str) -> str:
    if code == "not_stated":
        return _("not stated")
    if not spec.has_field(field):
        return code
    for choice in spec.field(field).choices:
        if choice.name == code:
            return pick_text(dict(choice.labels), language, spec.default_language) or code
    return code


def districts(spec: FormSpec, language: str) -> list[tuple[str, str]]:
    if not spec.has_field("residence_district"):
        return []
    return [
        (c.name, pick_text(dict(c.labels), language, spec.default_language))
        for c in spec.field("residence_district").choices
    ]
