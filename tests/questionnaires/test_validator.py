"""The one validator: typing, relevance, choices, constraints, and its invariants."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kua.questionnaires.spec import FormSpec
from kua.questionnaires.validator import ValidationResult, validate

from .helpers import TODAY, YES_NO, small_form
from .properties import PROPERTY_SETTINGS, answers, check_invariants


@pytest.fixture(scope="module")
def form() -> FormSpec:
    return small_form(
        ["select_one yes_no", "consent", "Consent", "", ". = 'yes'", "yes", "", "", "Consent is needed"],
        ["date", "day", "Day", "", ". <= today()", "yes", "", "", "Not in the future"],
        ["begin_group", "sec", "Section", "${consent} = 'yes'"],
        ["integer", "age", "Age", "", ". >= 18 and . <= 90", "yes", "", "", "18 to 90"],
        ["decimal", "amount", "Amount", "", ". >= 0"],
        [
            "select_multiple colour",
            "colours",
            "Colours",
            "",
            "not(selected(., 'red') and selected(., 'blue'))",
        ],
        ["text", "why_red", "Why red", "selected(${colours}, 'red')"],
        ["select_one region", "region", "Region"],
        ["select_one district", "district", "District", "", "", "", "region = ${region}"],
        ["text", "code", "Code", "", "regex(., '^[A-Z]{2}$')"],
        ["end_group"],
        ["calculate", "label", "", "", "", "", "", "concat(${code}, ${age})"],
        ["note", "adult_note", "Adult", "${label} != ''"],
        ["username", "who"],
        choices=[
            [*YES_NO[0], "region"],
            *YES_NO[1:],
            ["colour", "red", "Red", "Красный"],
            ["colour", "green", "Green", "Зелёный"],
            ["colour", "blue", "Blue", "Синий"],
            ["region", "north", "North", "Север"],
            ["region", "south", "South", "Юг"],
            ["district", "n1", "N1", "С1", "north"],
            ["district", "n2", "N2", "С2", "north"],
            ["district", "s1", "S1", "Ю1", "south"],
        ],
    )


VALID: dict[str, Any] = {
    "consent": "yes",
    "day": "2026-11-02",
    "age": "32",
    "amount": "1500.50",
    "colours": ["green", "red"],
    "why_red": "  because  ",
    "region": "north",
    "district": "n2",
    "code": "AB",
}


SECTION = ("age", "amount", "colours", "why_red", "region", "district", "code")


def check(spec: FormSpec, raw: Mapping[str, Any]) -> ValidationResult:
    return validate(spec, raw, today=TODAY)


def codes_of(result: ValidationResult) -> dict[str, list[str]]:
    """The error codes by field, and "discarded" for an answer dropped as not relevant
    (not an error: ``is_valid`` ignores it)."""
    codes = {name: [e.code for e in errors] for name, errors in result.errors.items()}
    return codes | {name: ["discarded"] for name in result.discarded}


def test_a_valid_interview_is_clean_and_typed(form: FormSpec) -> None:
    result = check(form, VALID)
    assert result.errors == {}
    assert result.is_valid
    assert result.clean == {
        "consent": "yes",
        "day": "2026-11-02",
        "age": 32,
        "amount": "1500.5",
        "colours": ["red", "green"],  # in the form's order
        "why_red": "because",
        "region": "north",
        "district": "n2",
        "code": "AB",
    }


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # a refused answer counts as unanswered for what follows, so the follow-ups go too
        ({"consent": ""}, {"consent": ["required"]} | {name: ["discarded"] for name in SECTION}),
        ({"consent": "no"}, {"consent": ["constraint"]} | {name: ["discarded"] for name in SECTION}),
        ({"day": "2026-11-21"}, {"day": ["constraint"]}),
        ({"day": "02.11.2026"}, {"day": ["invalid_date"]}),
        ({"day": "2026-02-30"}, {"day": ["invalid_date"]}),
        ({"day": "20261102"}, {"day": ["invalid_date"]}),
        ({"age": "17"}, {"age": ["constraint"]}),
        ({"age": "32.5"}, {"age": ["invalid_integer"]}),
        ({"age": "١٢"}, {"age": ["invalid_integer"]}),
        ({"age": "1" * 40}, {"age": ["invalid_integer"]}),
        ({"age": None}, {"age": ["required"]}),
        ({"amount": "1,5"}, {"amount": ["invalid_decimal"]}),
        ({"amount": "1e3"}, {"amount": ["invalid_decimal"]}),
        ({"amount": "-1"}, {"amount": ["constraint"]}),
        ({"colours": "red blue"}, {"colours": ["constraint"], "why_red": ["discarded"]}),
        ({"colours": ["red", "purple"]}, {"colours": ["unknown_choice"], "why_red": ["discarded"]}),
        ({"colours": ["green", "purple"], "why_red": None}, {"colours": ["unknown_choice"]}),
        ({"colours": [], "why_red": "x"}, {"why_red": ["discarded"]}),
        # an unknown region counts as unanswered for the district's filter
        ({"region": "east"}, {"region": ["unknown_choice"], "district": ["filtered_choice"]}),
        ({"district": "s1"}, {"district": ["filtered_choice"]}),
        ({"district": "nowhere"}, {"district": ["unknown_choice"]}),
        ({"code": "abc"}, {"code": ["constraint"]}),
        ({"nonsense": "1"}, {"nonsense": ["unknown_field"]}),
        ({"sec": "1"}, {"sec": ["unknown_field"]}),
    ],
)
def test_each_error_code(form: FormSpec, overrides: dict[str, Any], expected: dict[str, list[str]]) -> None:
    raw = {k: v for k, v in (VALID | overrides).items() if v is not None}
    result = check(form, raw)
    assert codes_of(result) == expected
    for name in expected:
        assert name not in result.clean


def test_an_empty_answer_is_never_an_error_unless_required(form: FormSpec) -> None:
    raw: dict[str, Any] = {
        "consent": "yes",
        "day": "2026-01-01",
        "age": "40",
        "amount": "  ",
        "colours": [],
        "code": None,
    }
    result = check(form, raw)
    assert result.errors == {}
    assert result.clean == {"consent": "yes", "day": "2026-01-01", "age": 40}


def test_select_multiple_takes_a_list_or_a_spaced_string(form: FormSpec) -> None:
    for value in (["green", "red"], "green red", " red  green red ", ["red green"]):
        assert check(form, VALID | {"colours": value}).clean["colours"] == ["red", "green"]


@pytest.mark.parametrize(("given", "clean"), [("0012", 12), ("+5", 5), ("-0", 0)])
def test_integers(form: FormSpec, given: str, clean: int) -> None:
    result = check(form, VALID | {"age": given, "amount": "1"})
    if 18 <= clean <= 90:
        assert result.clean["age"] == clean
    else:
        assert codes_of(result) == {"age": ["constraint"]}


@pytest.mark.parametrize(
    ("given", "clean"),
    [
        ("12.50", "12.5"),
        ("0.0", "0"),
        ("-0", "0"),
        ("1000", "1000"),
        (".5", "0.5"),
        ("7.", "7"),
        ("1e0", None),
    ],
)
def test_decimals_are_normalised(form: FormSpec, given: str, clean: str | None) -> None:
    result = check(form, VALID | {"amount": given})
    if clean is None:
        assert codes_of(result) == {"amount": ["invalid_decimal"]}
    else:
        assert result.clean["amount"] == clean


def test_system_fields_are_ignored_not_errors(form: FormSpec) -> None:
    result = check(form, VALID | {"who": "mallory", "label": "forged", "adult_note": "x"})
    assert result.errors == {}
    assert set(result.ignored) == {"who", "label", "adult_note"}
    assert all(e.code == "system_field" for errors in result.ignored.values() for e in errors)
    assert "who" not in result.clean
    assert "label" not in result.clean


def test_constraint_message_follows_the_active_language(form: FormSpec) -> None:
    raw = VALID | {"age": "12"}
    with translation.override("en"):
        assert check(form, raw).errors["age"][0].message == "18 to 90"
    with translation.override("ru"):  # no Russian message in this form: the default language's
        assert check(form, raw).errors["age"][0].message == "18 to 90"


def test_constraint_without_message_has_a_built_in_one(form: FormSpec) -> None:
    message = check(form, VALID | {"amount": "-3"}).errors["amount"][0].message
    assert message
    assert "allowed" in message


def test_a_constraint_can_name_its_own_question() -> None:
    spec = small_form(["integer", "n", "N", "", "${n} > 1 and . < 10"])
    assert check(spec, {"n": "5"}).clean == {"n": 5}
    assert codes_of(check(spec, {"n": "1"})) == {"n": ["constraint"]}


def test_calculations_feed_later_relevance_but_are_not_clean() -> None:
    spec = small_form(
        ["text", "a", "A"],
        ["calculate", "both", "", "", "", "", "", "concat(${a}, 'x')"],
        ["text", "b", "B", "${both} = 'yesx'"],
    )
    assert check(spec, {"a": "yes", "b": "fine"}).clean == {"a": "yes", "b": "fine"}
    assert codes_of(check(spec, {"a": "no", "b": "fine"})) == {"b": ["discarded"]}


def test_relevance_sees_only_clean_earlier_answers() -> None:
    spec = small_form(
        ["integer", "age", "Age", "", ". >= 18"],
        ["text", "later", "Later", "${age} = ''"],
    )
    # age is refused, so for what follows it is unanswered
    assert codes_of(check(spec, {"age": "12", "later": "x"})) == {"age": ["constraint"]}
    assert codes_of(check(spec, {"age": "30", "later": "x"})) == {"later": ["discarded"]}


def test_odd_values_do_not_crash(form: FormSpec) -> None:
    raw: dict[Any, Any] = {
        "age": 33,
        "amount": 2.5,
        "consent": ["yes"],
        "day": datetime.date(2026, 1, 1),
        5: "x",
        "colours": {"red": 1},
        "code": b"AB",
    }
    result = check(form, raw)
    assert result.clean["age"] == 33
    assert result.clean["amount"] == "2.5"
    assert result.clean["consent"] == "yes"
    assert result.clean["day"] == "2026-01-01"
    assert codes_of(result)["5"] == ["unknown_field"]


# ---------------------------------------------------------------------------
# Properties


@PROPERTY_SETTINGS
@given(st.data())
def test_invariants_on_a_small_form(form: FormSpec, data: st.DataObject) -> None:
    raw = data.draw(answers(form))
    check_invariants(form, raw)


@PROPERTY_SETTINGS
@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.text(), st.lists(st.text()))))
def test_never_raises_on_arbitrary_input(form: FormSpec, raw: dict[str, Any]) -> None:
    check_invariants(form, raw)


def test_an_answer_to_a_question_that_does_not_apply_is_discarded_never_an_error() -> None:
    """XForms semantics: a follow-up answered, then made irrelevant (a radio that cannot be
    cleared without JavaScript), is dropped and named; the interview stays valid, and a later
    condition sees the dropped answer as empty."""
    spec = small_form(
        ["select_one yes_no", "paid", "Paid?"],
        ["integer", "amount", "Amount", "${paid} = 'yes'"],
        ["text", "why_none", "Why none", "${amount} = ''"],
    )
    result = check(spec, {"paid": "no", "amount": "500", "why_none": "gift"})
    assert result.is_valid
    assert result.errors == {}
    assert result.discarded == ["amount"]
    assert result.clean == {"paid": "no", "why_none": "gift"}
