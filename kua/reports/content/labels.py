"""Translated labels for codes, from the form itself (choices) or from our catalogue."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kua.questionnaires.spec import FormSpec, pick_text


def question_label(spec: FormSpec, field: str, language: str) -> str:
    if not spec.has_field(field):
        return field
    return pick_text(dict(spec.field(field).labels), language, spec.default_language) or field


def dimension_title(dimension: str) -> str:
    titles = {
        "residence_district": _("District"),
        "residence_region": _("Region"),
        "work_venue": _("Venue"),
        "age_band": _("Age"),
        "citizenship": _("Citizenship"),
        "key_population": _("Key population"),
        "documenter": _("Documenter"),
        "sex": _("Sex"),
    }
    return titles.get(dimension, dimension)


def complaint_row_label(row: str) -> str:
    return {
        "knows_where_to_turn": _("Knows where to turn"),
        "complained": _("Complained"),
        "complaint_accepted": _("Complaint accepted"),
        "measures_taken": _("Measures taken against the perpetrator"),
    }[row]


AGENCIES = ("health_department", "police", "aids_centre", "internal_policy", "other")


def agency_label(code: str) -> str:
    return {
        "health_department": _("Regional health department"),
        "police": _("Regional police department"),
        "aids_centre": _("Regional AIDS centre"),
        "internal_policy": _("Regional internal policy department"),
        "other": _("Other agencies"),
    }.get(code, code)


def renderer_labels() -> dict[str, str]:
    """The captions every renderer needs (ReportData.labels), in the active language."""
    return {
        "page": _("Page"),
        "of": _("of"),
        "contents": _("Contents"),
        "source": _("Source: Kua"),
        "rests_on": _("Rests on"),
    }
