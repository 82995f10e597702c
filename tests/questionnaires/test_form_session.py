"""Issue 22, item 6: a public form session (`start`, `answer`, `relevant`, `next_question`,
`finish`) over the compiled form, so a new channel needs no private Python."""

from __future__ import annotations

from typing import Any

from kua.questionnaires import session
from kua.questionnaires.loader import load_xlsform
from kua.questionnaires.services import DEFAULT_FORM
from kua.questionnaires.validator import validate
from tests.conftest import TODAY, complete_interview, valid_answers

SPEC = load_xlsform(DEFAULT_FORM)


def _chat(given: dict[str, Any], *, strict: bool = True) -> tuple[list[str], session.FormSession]:
    """A chat bot: asks what `next_question` gives, answers from `given` (or skips)."""
    talk = session.start(SPEC, today=TODAY)
    asked = []
    while (question := session.next_question(talk)) is not None:
        asked.append(question.name)
        errors = session.answer(talk, question.name, given.get(question.name))
        assert errors == [] or not strict, (question.name, errors)
    return asked, talk


def test_a_chat_through_the_session_ends_where_the_validator_does() -> None:
    for given in (valid_answers(), complete_interview()):
        asked, talk = _chat(given)
        result = session.finish(talk)
        expected = validate(SPEC, given, today=TODAY)
        assert result.is_valid and result.clean == expected.clean
        assert set(given) <= set(asked)  # every answer she had was asked for


def test_a_question_that_does_not_apply_is_never_asked() -> None:
    asked, _talk = _chat(valid_answers(police_complained="no"))
    assert "police_no_complaint_reason" in asked
    assert "police_complaint_accepted" not in asked  # asked only after "yes"
    asked, _talk = _chat(
        valid_answers(police_complained="yes", police_no_complaint_reason=None), strict=False
    )
    assert "police_complaint_accepted" in asked and "police_no_complaint_reason" not in asked


def test_relevant_follows_the_answers_given_so_far() -> None:
    talk = session.start(SPEC, today=TODAY)
    for name, value in valid_answers(police_complained=None, police_no_complaint_reason=None).items():
        session.answer(talk, name, value)
    assert not session.relevant(talk, "police_complaint_accepted")
    session.answer(talk, "police_complained", "yes")
    assert session.relevant(talk, "police_complaint_accepted")
    session.answer(talk, "police_complained", "no")
    assert not session.relevant(talk, "police_complaint_accepted")


def test_a_wrong_answer_is_named_at_once() -> None:
    talk = session.start(SPEC, today=TODAY)
    for name, value in valid_answers(age=None).items():
        session.answer(talk, name, value)
    errors = session.answer(talk, "age", "тридцать")
    assert errors and errors[0].code
    assert session.answer(talk, "age", "30") == []
