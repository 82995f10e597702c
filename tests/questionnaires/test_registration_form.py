"""The shipped questionnaire (forms/violation_registration.xlsx) against its contract."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kua.questionnaires import expressions as ex
from kua.questionnaires.loader import form_to_client_json, load_xlsform
from kua.questionnaires.spec import FormSpec
from kua.questionnaires.validator import ValidationResult, validate
from tests.conftest import complete_interview

from .helpers import REGISTRATION_FORM, TODAY
from .properties import PROPERTY_SETTINGS, answers, check_invariants


@pytest.fixture(scope="module")
def spec() -> FormSpec:
    return load_xlsform(REGISTRATION_FORM)


def check(spec: FormSpec, raw: dict[str, Any]) -> ValidationResult:
    return validate(spec, raw, today=TODAY)


def test_it_loads_with_the_contract_structure(spec: FormSpec) -> None:
    assert spec.form_id == "violation_registration"
    assert spec.default_language == "ru"
    assert set(spec.languages) >= {"ru", "kk", "en"}
    assert [s.name for s in spec.sections] == [
        "sec_consent",
        "sec_respondent",
        "sec_violations",
        "sec_detention",
        "sec_medical",
        "sec_narrative",
        "sec_trafficking",
    ]
    assert spec.field("documenter").kind == "metadata"
    assert spec.field("client_code").kind == "calculate"
    assert spec.field("residence_district").choice_filter is not None
    detention = spec.effective_relevance("detentions_last_month")
    assert detention is not None
    assert "count-selected(${police_violations}) > 0" in ex.to_text(detention)
    json.dumps(form_to_client_json(spec))


def test_a_complete_valid_interview_is_accepted(spec: FormSpec) -> None:
    result = check(spec, complete_interview())
    assert result.errors == {}
    assert result.clean["age"] == 32
    assert result.clean["key_population"] == ["plhiv", "sex_worker"]
    assert result.clean["payments_to_police_month"] == "20000"
    assert "client_code" not in result.clean
    assert "police_violations_other" not in result.clean  # empty: not stored


def test_a_minimal_interview_is_accepted(spec: FormSpec) -> None:
    raw = {
        "registered_on": "2026-11-20",
        "consent_statistics": "no",
        "consent_anonymous_use": "no",
        "consent_public_name": "no",
        "consent_report_to_authorities": "no",
        "consent_recorded": "yes",
        "sex": "male",
        "age": "18",
        "citizenship": "UZ",
        "rights_violated_6m": "no",
        "police_knows_where_to_turn": "no",
        "police_complained": "no",
        "medical_knows_where_to_turn": "no",
        "medical_complained": "no",
    }
    assert check(spec, raw).errors == {}


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"age": "17"}, "age", "constraint"),
        ({"registered_on": "2026-11-21"}, "registered_on", "constraint"),
        ({"registered_on": "1999-12-31"}, "registered_on", "constraint"),
        ({"consent_recorded": None}, "consent_recorded", "required"),
        ({"consent_recorded": "no"}, "consent_recorded", "constraint"),
        ({"sex": "robot"}, "sex", "unknown_choice"),
        ({"residence_district": "konaev"}, "residence_district", "filtered_choice"),
        ({"uic_mother_name": "A1"}, "uic_mother_name", "constraint"),
        ({"uic_birth_year": "2015"}, "uic_birth_year", "constraint"),
        ({"detentions_last_month": "101"}, "detentions_last_month", "constraint"),
        ({"fine_amount": "-5"}, "fine_amount", "constraint"),
        ({"medical_complained": None}, "medical_complained", "required"),
        ({"citizenship": "kz"}, "citizenship", "unknown_choice"),
        ({"age": "thirty"}, "age", "invalid_integer"),
        ({"registered_on": "2026/11/02"}, "registered_on", "invalid_date"),
        ({"payments_to_police_day": "5 000"}, "payments_to_police_day", "invalid_decimal"),
        ({"client_id": "x"}, "client_id", "unknown_field"),
    ],
)
def test_wrong_interviews_are_refused(
    spec: FormSpec, overrides: dict[str, Any], field: str, code: str
) -> None:
    result = check(spec, complete_interview(**overrides))
    assert code in [e.code for e in result.errors.get(field, [])], result.errors
    assert field not in result.clean


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {
                "police_complained": "no",
                "police_complaint_where": None,
                "police_measures_taken": None,
                "police_complaint_rejected_reason": None,
                "police_complaint_accepted": "yes",
            },
            "police_complaint_accepted",
        ),
        ({"fine_paid": "no"}, "fine_amount"),
        ({"key_population": "pwid"}, "work_venue"),
        ({"rights_violated_6m": "no"}, "police_violations"),
        ({"police_violations": None}, "detentions_last_month"),
        ({"consent_anonymous_use": "no"}, "quote_allowed"),
    ],
)
def test_answers_to_questions_that_do_not_apply_are_discarded_not_refused(
    spec: FormSpec, overrides: dict[str, Any], field: str
) -> None:
    """XForms: a question that is not relevant has no answer; what was given is dropped."""
    result = check(spec, complete_interview(**overrides))
    assert result.is_valid, result.errors
    assert field in result.discarded
    assert field not in result.clean


def test_a_minor_is_refused_by_the_age_constraint_only(spec: FormSpec) -> None:
    result = check(spec, complete_interview(age="17"))
    assert list(result.errors) == ["age"]
    assert result.errors["age"][0].message


def test_without_consent_nothing_else_may_be_answered(spec: FormSpec) -> None:
    result = check(spec, complete_interview(consent_recorded=None))
    assert list(result.errors) == ["consent_recorded"]
    assert result.errors["consent_recorded"][0].code == "required"
    assert "age" in result.discarded
    assert result.clean.keys() <= {
        "registered_on",
        "consent_statistics",
        "consent_anonymous_use",
        "consent_public_name",
        "consent_report_to_authorities",
    }


def test_system_fields_from_an_import_are_ignored(spec: FormSpec) -> None:
    result = check(spec, complete_interview(documenter="someone", client_code="AйЕр..."))
    assert result.errors == {}
    assert set(result.ignored) == {"documenter", "client_code"}


@PROPERTY_SETTINGS
@given(st.data())
def test_invariants_on_the_questionnaire(spec: FormSpec, data: st.DataObject) -> None:
    check_invariants(spec, data.draw(answers(spec)))


@PROPERTY_SETTINGS
@given(st.data())
def test_invariants_on_variations_of_a_complete_interview(spec: FormSpec, data: st.DataObject) -> None:
    raw = complete_interview()
    changes = data.draw(answers(spec))
    check_invariants(spec, {**raw, **changes})
