"""The validator's rules stated plainly: every field in turn, every expression walked as a
tree by ``kua.questionnaires.expressions.evaluate`` (the reference evaluator).
``kua.questionnaires.validator`` runs a compiled plan instead;
tests/questionnaires/test_compiled.py checks that both always agree and
tests/bench/evaluator_bench.py measures the difference. Test-only code: nothing in ``kua``
imports it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from kua.questionnaires import expressions as ex
from kua.questionnaires.spec import Field, FormSpec
from kua.questionnaires.validator import (
    CleanValue,
    RawValue,
    ValidationResult,
    _add_ignored,
    _add_required,
    _as_codes,
    _as_text,
    _constraint_failed,
    _date,
    _decimal,
    _discard,
    _filtered_choice,
    _integer,
    _Invalid,
    _is_empty,
    _known_answers,
    _unknown_choice,
)


@dataclass
class _State:
    spec: FormSpec
    today: str
    result: ValidationResult = field(default_factory=ValidationResult)
    # What later expressions see: the clean answers so far as XPath strings (or code
    # lists), and the values of calculations.
    values: dict[str, ex.Answer] = field(default_factory=dict)

    def env(self, *, current: ex.Answer = None, option: Mapping[str, str] | None = None) -> ex.Env:
        return ex.Env(values=self.values, current=current, today=self.today, option=option or {})

    def holds(
        self,
        expr: ex.Expr | None,
        *,
        current: ex.Answer = None,
        option: Mapping[str, str] | None = None,
    ) -> bool:
        if expr is None:
            return True
        return ex.truthy(ex.evaluate(expr, self.env(current=current, option=option)))


def _typed(fld: Field, value: object) -> tuple[CleanValue, ex.Answer]:
    """The clean value and what expressions see of it; raises _Invalid."""
    if fld.kind == "integer":
        number = _integer(_as_text(value))
        return number, str(number)
    if fld.kind == "decimal":
        text = _decimal(_as_text(value))
        return text, text
    if fld.kind == "date":
        text = _date(_as_text(value))
        return text, text
    if fld.kind == "select_multiple":
        codes = _as_codes(value)
        return codes, codes
    text = _as_text(value)
    return text, text


def _check_choices(fld: Field, codes: list[str], state: _State) -> list[str]:
    """The codes in the form's order, without repeats; raises _Invalid."""
    known = fld.choice_names()
    unknown = [code for code in dict.fromkeys(codes) if code not in known]
    if unknown:
        raise _unknown_choice(unknown)
    chosen = set(codes)
    if fld.choice_filter is not None:
        allowed = {
            choice.name
            for choice in fld.choices
            if choice.name in chosen and state.holds(fld.choice_filter, option=choice.columns())
        }
        refused = [code for code in known if code in chosen and code not in allowed]
        if refused:
            raise _filtered_choice(refused)
    return [code for code in known if code in chosen]


def _check_constraint(fld: Field, seen: ex.Answer, state: _State) -> None:
    if fld.constraint is None:
        return
    saved = state.values.get(fld.name)
    state.values[fld.name] = seen  # ${own name} in a constraint means the answer itself
    try:
        holds = state.holds(fld.constraint, current=seen)
    finally:
        _restore(state.values, fld.name, saved)
    if not holds:
        raise _constraint_failed(state.spec, fld)


def _restore(values: dict[str, ex.Answer], name: str, saved: ex.Answer) -> None:
    if saved is None:
        values.pop(name, None)
    else:
        values[name] = saved


def _validate_answer(fld: Field, value: object, state: _State) -> None:
    try:
        clean, seen = _typed(fld, value)
        if fld.kind == "select_multiple":
            clean = seen = _check_choices(fld, _as_codes(clean), state)
        elif fld.kind == "select_one":
            clean = seen = _check_choices(fld, [str(clean)], state)[0]
        _check_constraint(fld, seen, state)
    except _Invalid as invalid:
        state.result.add_error(fld.name, invalid.code, invalid.message)
        return
    state.result.clean[fld.name] = clean
    state.values[fld.name] = seen


def _validate_field(fld: Field, raw: Mapping[str, object], state: _State) -> None:
    value = raw.get(fld.name)
    if not fld.takes_answer:
        _system_field(fld, value, state)
        return
    relevant = state.holds(state.spec.effective_relevance(fld.name))
    empty = _is_empty(fld, value)
    if not relevant:
        if not empty:
            _discard(fld, state.result)
        return
    if empty:
        if fld.required:
            _add_required(state.spec, fld, state.result)
        return
    _validate_answer(fld, value, state)


def _system_field(fld: Field, value: object, state: _State) -> None:
    if not _is_empty(fld, value):
        _add_ignored(fld, state.result)
    if fld.kind != "calculate" or fld.calculation is None:
        return
    if state.holds(state.spec.effective_relevance(fld.name)):
        state.values[fld.name] = ex.to_string(ex.evaluate(fld.calculation, state.env()))


def validate_reference(
    spec: FormSpec, raw: Mapping[str, RawValue], *, today: datetime.date
) -> ValidationResult:
    """``validate`` by walking the expression trees (``ex.evaluate``) field by field.

    The plain statement of the rules: ``validate`` runs a compiled plan instead, and
    the tests check that both give the same results.
    """
    state = _State(spec=spec, today=today.isoformat())
    answers = _known_answers(spec, raw, state.result)
    for fld in spec.fields:
        _validate_field(fld, answers, state)
    return state.result
