"""A form session: the public way through a questionnaire, one answer at a time.

A new entry channel (a chat bot, an offline page, a phone call script) needs only these five
calls over the compiled form, never the validator's private parts:

    session = start(spec, today=...)
    while (question := next_question(session)) is not None:
        errors = answer(session, question.name, value_from_the_person)
    result = finish(session)          # the one validator's verdict, as on every entry path

`relevant` answers whether a question applies with the answers given so far. Everything is
decided by the same compiled plan the validator runs (`validator.validate_with_relevance`); the
browser's skip logic evaluates the same expressions in `form-logic.js`, which the property test
`tests/questionnaires/test_form_logic_js.py` holds equal to the Python evaluator for any
expression.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from kua.questionnaires.spec import Field, FormSpec
from kua.questionnaires.validator import (
    FieldError,
    RawValue,
    ValidationResult,
    validate_with_relevance,
)


@dataclass
class FormSession:
    spec: FormSpec
    today: datetime.date
    answers: dict[str, RawValue] = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)  # answered or skipped (an optional question)


def start(spec: FormSpec, *, today: datetime.date) -> FormSession:
    return FormSession(spec, today)


def _state(session: FormSession) -> tuple[ValidationResult, dict[str, bool]]:
    return validate_with_relevance(session.spec, session.answers, today=session.today)


def relevant(session: FormSession, name: str) -> bool:
    """Whether the question applies with the answers given so far."""
    return _state(session)[1].get(name, False)


def answer(session: FormSession, name: str, value: RawValue | None) -> list[FieldError]:
    """Record her answer (None or "": skip it); returns what is wrong with it now, if anything."""
    session.asked.add(name)
    if value is None or value == "" or value == []:
        session.answers.pop(name, None)
    else:
        session.answers[name] = value
    result, _applies = _state(session)
    return list(result.errors.get(name, []))


def next_question(session: FormSession) -> Field | None:
    """The first question, in form order, that applies and has not been asked yet."""
    _result, applies = _state(session)
    for name, applying in applies.items():
        if applying and name not in session.asked:
            return session.spec.field(name)
    return None


def finish(session: FormSession) -> ValidationResult:
    """The validator's verdict over every answer (the same as every entry path's)."""
    return _state(session)[0]
