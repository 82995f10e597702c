"""Complaint letter drafts (DOCX, PDF), prefilled only with facts the respondent allowed.

Only with consent_report_to_authorities = yes (the policy decides). The letter holds the
violation types, the interview date and the place; never a name, a client code, health,
drug use, migration status or the narrative: the lawyer writes the circumstances herself.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kua.accounts import policy
from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.cases.declension import decline
from kua.cases.letter_texts import TEXTS
from kua.cases.selectors import CaseView
from kua.documents.letter import Letter, render_letter
from kua.questionnaires.labels import choice_label
from kua.questionnaires.selectors import spec_for
from kua.questionnaires.spec import FormSpec
from kua.vault.services import sealed_note

FACT_FIELDS = (
    "registered_on",
    "residence_region",
    "residence_district",
    "residence_settlement",
    "police_violations",
    "police_violations_other",
    "medical_violations",
    "medical_violations_other",
)


def _place(spec: FormSpec, answers: dict[str, Any], language: str) -> tuple[str, str]:
    region = (
        choice_label(spec, "residence_region", answers["residence_region"], language)
        if answers.get("residence_region")
        else ""
    )
    parts = [str(answers.get("residence_settlement") or "").strip()]
    if answers.get("residence_district"):
        parts.append(choice_label(spec, "residence_district", answers["residence_district"], language))
    parts.append(region)
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return ", ".join(seen), region


@dataclass(frozen=True)
class _Places:
    to: str  # after the office: «Прокурору {to}»
    where: str  # after «в»: «в {where}»
    region: str  # after «Департамента полиции»


def _places(spec: FormSpec, answers: dict[str, Any], language: str) -> _Places | None:
    """The place in the cases a Russian letter needs (None in Kazakh, or when nothing is known)."""
    if language != "ru":
        return None
    region = _label(spec, "residence_region", answers)
    district = _label(spec, "residence_district", answers)
    if not region and not district:
        return None
    region_gen = decline(region, "gen") if region else ""
    tail = [region_gen] if region and region != district else []
    if not district:
        return _Places(region_gen, region_gen and decline(region, "prep"), region_gen)
    to = " ".join([decline(district, "gen"), *tail])
    settlement = str(answers.get("residence_settlement") or "").strip()
    if settlement:
        where = " ".join([f"населённом пункте «{settlement}»", to])
    else:
        where = " ".join([decline(district, "prep"), *tail])
    return _Places(to, where, region_gen)


def _label(spec: FormSpec, name: str, answers: dict[str, Any]) -> str:
    return choice_label(spec, name, answers[name], "ru") if answers.get(name) else ""


def _date(value: Any) -> str:
    try:
        return datetime.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return "________"


def letter_for(*, spec: FormSpec, answers: dict[str, Any], body: str, language: str) -> Letter:
    """The letter's content (pure): only FACT_FIELDS of the answers are ever read."""
    texts = TEXTS[language]
    facts = {name: answers.get(name) for name in FACT_FIELDS}
    place, region = _place(spec, facts, language)
    place = place or texts["unknown_place"]
    declined = _places(spec, facts, language)
    if declined is not None:  # Russian: the place in the genitive and the prepositional
        place_to, place_where, region = declined.to, declined.where, declined.region
    else:
        place_to = place_where = place
    addressee = texts[f"to_{body}"].format(place=place_to, region=region or texts["unknown_place"])
    lists: list[tuple[str, tuple[str, ...]]] = []
    perpetrators = [("police", "police_violations")]
    if body == "prosecutor":
        perpetrators.append(("medical", "medical_violations"))
    for key, field in perpetrators:
        items = [choice_label(spec, field, code, language) for code in facts.get(field) or []]
        other = str(facts.get(f"{field}_other") or "").strip()
        if other:
            items.append(texts["other"].format(text=other))
        if items:
            lists.append((texts[key], tuple(items)))
    return Letter(
        language=language,
        addressee=addressee,
        sender=(texts["from"], texts["reply"]),
        title=texts["title"],
        paragraphs=(texts["intro"].format(date=_date(facts.get("registered_on")), place=place_where),),
        bullets=tuple(lists),
        closing=(texts["circumstances"], texts["request"], texts["sign"]),
        draft_note=texts["draft"],
    )


class LetterRefused(Exception):
    """No consent to report to the authorities: no letter is drafted."""


def case_letter_draft(*, actor: User, view: CaseView, body: str, language: str, fmt: str) -> bytes:
    """Draft the complaint letter of a case the actor may change, and record that she did."""
    case = view.case
    if not policy.may_draft_complaint_letter(
        actor, organisation_id=case.organisation_id, assigned_to_id=case.assigned_to_id, answers=view.answers
    ):
        raise LetterRefused()
    letter = letter_for(
        spec=spec_for(case.interview.form_version), answers=view.answers, body=body, language=language
    )
    content = render_letter(letter, fmt)
    with transaction.atomic():
        audit_record(
            AuditAction.CASE_LETTER,
            actor=actor,
            obj=case,
            sealed=sealed_note(case.organisation_id, {"body": body}),
            language=language,
            format=fmt,
        )
    return content
