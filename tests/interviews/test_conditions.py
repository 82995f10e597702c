"""When a question applies, in words, for the entry page without JavaScript."""

from __future__ import annotations

import pytest
from django.utils import translation

from kua.interviews.conditions import only_if
from kua.questionnaires import expressions as ex
from tests.questionnaires.helpers import small_form

SPEC = small_form(
    ["select_one yes_no", "paid", "Paid?"],
    ["select_multiple yes_no", "many", "Which?"],
    ["integer", "age", "Age"],
    ["text", "note", "Note"],
)


def _words(source: str, language: str = "en") -> str:
    with translation.override(language):
        return only_if(SPEC, ex.parse(source, context="relevant"))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("${paid} = 'yes'", "only if “Paid?” is “Yes”"),
        ("${paid} != 'no'", "only if “Paid?” is not “No”"),
        ("selected(${many}, 'no')", "only if “Which?” is “No”"),
        ("not(selected(${many}, 'no'))", "only if “Which?” is not “No”"),
        ("count-selected(${many}) > 0", "only if at least one answer is chosen in “Which?”"),
        ("${age} >= 18", "only if “Age” ≥ 18"),
        ("${note} = ''", "only if “Note” is not answered"),
        ("${note} != ''", "only if “Note” is answered"),
        (
            "${paid} = 'yes' and (${age} = '' or ${age} >= 18)",
            "only if “Paid?” is “Yes” and (“Age” is not answered or “Age” ≥ 18)",
        ),
        ("string-length(${note}) > 3", "only if it applies with the earlier answers"),
        ("${missing} = 'x'", "only if it applies with the earlier answers"),
    ],
)
def test_conditions_in_words(source: str, expected: str) -> None:
    assert _words(source) == expected


def test_in_russian_with_the_choice_label() -> None:
    assert _words("${paid} = 'no'", "ru") == "только если «Paid?» — «Нет»"


def test_no_condition_no_words() -> None:
    assert only_if(SPEC, None) == ""


def test_a_long_question_is_cut_in_the_middle_between_words() -> None:
    spec = small_form(
        ["select_one yes_no", "long", "In the last six months did you complain about the police?"],
        ["text", "after", "After", "${long} = 'yes'"],
    )
    with translation.override("en"):
        words = only_if(spec, spec.field("after").relevant)
    assert words == "only if “In the last six … about the police?” is “Yes”"
