"""District and venue choices of the current form, labelled in a language."""

from __future__ import annotations

from kua.questionnaires.spec import FormSpec, pick_text

DISTRICT_FIELD, VENUE_FIELD, REGION_FIELD = "residence_district", "work_venue", "residence_region"


def field_choices(spec: FormSpec, field: str, language: str) -> list[tuple[str, str]]:
    """(code, label) of a choice question, in the form's order, each code once."""
    if not spec.has_field(field):
        return []
    seen: dict[str, str] = {}
    for choice in spec.field(field).choices:
        if choice.name not in seen:
            seen[choice.name] = pick_text(dict(choice.labels), language, spec.default_language) or choice.name
    return list(seen.items())


def district_regions(spec: FormSpec) -> dict[str, str]:
    """District code → region code, from the choice list's filter column (empty where none)."""
    if not spec.has_field(DISTRICT_FIELD):
        return {}
    regions: dict[str, str] = {}
    for choice in spec.field(DISTRICT_FIELD).choices:
        regions.setdefault(choice.name, choice.extra.get("region", ""))
    return regions


def districts_by_region(spec: FormSpec, language: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The districts grouped under their regions (labels in `language`), for pickers: a list
    of ~220 names is found by its region, not by scrolling."""
    regions = dict(field_choices(spec, REGION_FIELD, language))
    of = district_regions(spec)
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in field_choices(spec, DISTRICT_FIELD, language):
        groups.setdefault(regions.get(of.get(code, ""), ""), []).append((code, label))
    return [(region or "—", items) for region, items in groups.items()]
