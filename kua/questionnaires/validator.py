"""The one validator of interview answers, for every way in (web form, CSV import, ODK).

``validate(spec, raw, today=...)`` walks the form from top to bottom, as ODK does:
relevance is evaluated against the clean answers gathered so far, each answer is
typed (integer, decimal, date, choice codes), checked against its choices, its
choice_filter and its constraint. It never raises on odd input: everything wrong is
reported in ``errors`` by field name, with one of the codes of ``ERROR_CODES``.

An answer to a question that is not relevant (its relevance, or its group's, is false with
the earlier answers) is discarded, never an error, as XForms does: it is left out of
``clean``, named in ``discarded`` (form order), and later conditions see the question as
empty. Every entry path (web form, import, Collect, offline entry) goes through here, so the
rule is the same everywhere.

Fields that never take an answer from input (notes, calculations, metadata such as
the documenter's username) are system fields: a value given for one is ignored and
reported in ``ignored`` with the code ``system_field``; it is not an error, so that an
export re-imported with those columns still validates. Calculations are computed for
the later relevance conditions but not put in ``clean`` (the client code is computed
by the vault, not here).

Speed: ``validate`` runs a plan made once per form (expressions compiled to closures
by ``kua.questionnaires.compiled``, choices as sets, each group's condition evaluated once per
interview and reused by its questions). The same rules stated by walking the expression
trees (``kua.questionnaires.expressions.evaluate``, the one reference evaluator) live in
``tests/questionnaires/reference_validator.py``: the tests check that both always agree, and
``tests/bench/evaluator_bench.py`` measures what the plan saves.
"""

from __future__ import annotations

import datetime
import re
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final, TypeAlias

from django.utils.translation import get_language, gettext

from kua.questionnaires import expressions as ex
from kua.questionnaires.compiled import Predicate, Scope, TextFn, compile_predicate, compile_text
from kua.questionnaires.spec import Field, FormSpec

__all__ = [
    "ERROR_CODES",
    "IGNORED_CODES",
    "FieldError",
    "ValidationResult",
    "validate",
]

ERROR_CODES: Final = frozenset(
    {
        "required",
        "invalid_integer",
        "invalid_decimal",
        "invalid_date",
        "unknown_choice",
        "filtered_choice",
        "constraint",
        "unknown_field",
    }
)
IGNORED_CODES: Final = frozenset({"system_field"})

_INTEGER: Final = re.compile(r"[+-]?[0-9]{1,15}")
_DECIMAL: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_MAX_DECIMAL_LENGTH: Final = 30
_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SPACES: Final = re.compile(r"\s+")
_NO_OPTION: Final[Mapping[str, str]] = {}

RawValue: TypeAlias = str | Sequence[str] | None
CleanValue: TypeAlias = str | int | list[str]


@dataclass(frozen=True)
class FieldError:
    code: str
    message: str


@dataclass
class ValidationResult:
    """``clean``: the answered, relevant, valid answers, typed; ``errors``: what is wrong,
    by field name; ``ignored``: values given for system fields (code system_field);
    ``discarded``: the questions, in form order, whose answer was dropped because they do
    not apply with the other answers."""

    clean: dict[str, object] = field(default_factory=dict)
    errors: dict[str, list[FieldError]] = field(default_factory=dict)
    ignored: dict[str, list[FieldError]] = field(default_factory=dict)
    discarded: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def add_error(self, name: str, code: str, message: str) -> None:
        self.errors.setdefault(name, []).append(FieldError(code, message))


class _Invalid(Exception):
    """One answer is wrong; carries the error code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# ---------------------------------------------------------------------------
# Reading raw values


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple):
        return " ".join(_as_text(item) for item in value).strip()
    return str(value).strip()


def _as_codes(value: object) -> list[str]:
    if isinstance(value, list | tuple | set | frozenset):
        items = [_as_text(item) for item in value]
    else:
        items = [_as_text(value)]
    return [code for item in items for code in _SPACES.split(item) if code]


# ---------------------------------------------------------------------------
# Typing one answer


def _integer(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise _Invalid("invalid_integer", gettext("Enter a whole number, like 25."))
    return int(text)


def _decimal(text: str) -> str:
    if len(text) > _MAX_DECIMAL_LENGTH or not _DECIMAL.fullmatch(text):
        raise _Invalid(
            "invalid_decimal",
            gettext("Enter a number, with a point for decimals, like 1500 or 12.5."),
        )
    try:
        number = Decimal(text)
    except InvalidOperation as exc:  # the pattern above should make this unreachable
        raise _Invalid("invalid_decimal", gettext("Enter a number.")) from exc
    if number == 0:
        return "0"
    return format(number.normalize(), "f")


def _date(text: str) -> str:
    if _DATE.fullmatch(text):
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise _Invalid("invalid_date", gettext("Enter a date as YYYY-MM-DD, like 2024-05-31."))


# ---------------------------------------------------------------------------
# Choices


def _unknown_choice(unknown: Sequence[str]) -> _Invalid:
    return _Invalid(
        "unknown_choice",
        gettext("%(codes)s is not one of the choices of this question.") % {"codes": ", ".join(unknown)},
    )


def _filtered_choice(refused: Sequence[str]) -> _Invalid:
    return _Invalid(
        "filtered_choice",
        gettext(
            "%(codes)s cannot be chosen with the earlier answers (for example, "
            "a district outside the chosen region)."
        )
        % {"codes": ", ".join(refused)},
    )


def _constraint_failed(spec: FormSpec, fld: Field) -> _Invalid:
    message = spec.text(fld.constraint_message, get_language())
    return _Invalid("constraint", message or gettext("This answer is not allowed here."))


# ---------------------------------------------------------------------------
# One field


def _is_empty(fld: Field, value: object) -> bool:
    if fld.kind == "select_multiple":
        return not _as_codes(value)
    return _as_text(value) == ""


def _discard(fld: Field, result: ValidationResult) -> None:
    """The answer to a question that does not apply is dropped (XForms: not relevant)."""
    result.discarded.append(fld.name)


def _add_required(spec: FormSpec, fld: Field, result: ValidationResult) -> None:
    message = spec.text(fld.required_message, get_language())
    result.add_error(fld.name, "required", message or gettext("This question must be answered."))


def _add_ignored(fld: Field, result: ValidationResult) -> None:
    result.ignored.setdefault(fld.name, []).append(
        FieldError(
            "system_field",
            gettext("This value is filled in by the system; the one given was ignored."),
        )
    )


# ---------------------------------------------------------------------------


def _known_answers(
    spec: FormSpec, raw: Mapping[str, RawValue], result: ValidationResult
) -> dict[str, object]:
    """The answers to questions of the form; the other keys are reported as unknown."""
    answers: dict[str, object] = {}
    for key, value in raw.items():
        name = key if isinstance(key, str) else str(key)
        if spec.has_field(name):
            answers[name] = value
        else:
            result.add_error(
                name,
                "unknown_field",
                gettext("%(name)s is not a question of this form.") % {"name": name},
            )
    return answers


# ---------------------------------------------------------------------------
# The compiled plan that ``validate`` runs
#
# Each field is prepared once per form: its expressions compiled to closures
# (kua.questionnaires.compiled), its choices as sets. The enclosing groups' relevance of a
# field is evaluated at most once per interview and reused by the group's other
# fields, until an answer that it reads changes. Relevance is only evaluated when the
# result matters: for an answered field, or an empty required one.

TypedFn: TypeAlias = Callable[["_Step", object, "str | None", "_Row"], tuple[CleanValue, str]]


@dataclass(frozen=True, slots=True)
class _Step:
    """One field of the form, ready to check answers."""

    field: Field
    name: str
    takes_answer: bool
    required: bool
    chain: int  # index in _Plan.chains of the enclosing groups' relevance; -1: none
    relevant: Predicate | None  # the field's own relevant
    typed: TypedFn
    known: frozenset[str]
    order: tuple[str, ...]  # the choice codes in the form's order
    rank: Mapping[str, int]
    options: Mapping[str, tuple[Mapping[str, str], ...]]  # code -> columns of its options
    choice_filter: Predicate | None
    constraint: Predicate | None
    calculation: TextFn | None
    resets: tuple[int, ...]  # chains that read this field's answer


@dataclass(frozen=True, slots=True)
class _Plan:
    spec: weakref.ref[FormSpec]
    names: frozenset[str]
    steps: tuple[_Step, ...]
    chains: tuple[Predicate, ...]


class _Row:
    """The state of one interview while the plan runs."""

    __slots__ = ("chains", "plan", "result", "scope", "spec", "values")

    def __init__(self, plan: _Plan, spec: FormSpec, result: ValidationResult, today: str) -> None:
        self.plan = plan
        self.spec = spec
        self.result = result
        self.values: dict[str, str] = {}
        self.scope = Scope(self.values, today=today)
        self.chains: list[bool | None] = [None] * len(plan.chains)

    def relevant(self, step: _Step) -> bool:
        chain = step.chain
        if chain >= 0:
            held = self.chains[chain]
            if held is None:
                held = self.chains[chain] = self.plan.chains[chain](self.scope)
            if not held:
                return False
        own = step.relevant
        return own is None or own(self.scope)

    def store(self, step: _Step, seen: str) -> None:
        self.values[step.name] = seen
        for chain in step.resets:
            self.chains[chain] = None


# Typing one answer. ``text`` is the stripped answer when it was given as a str.


def _fast_text(step: _Step, value: object, text: str | None, row: _Row) -> tuple[CleanValue, str]:
    text = _as_text(value) if text is None else text
    return text, text


def _fast_integer(step: _Step, value: object, text: str | None, row: _Row) -> tuple[CleanValue, str]:
    number = _integer(_as_text(value) if text is None else text)
    return number, str(number)


def _fast_decimal(step: _Step, value: object, text: str | None, row: _Row) -> tuple[CleanValue, str]:
    text = _decimal(_as_text(value) if text is None else text)
    return text, text


def _fast_date(step: _Step, value: object, text: str | None, row: _Row) -> tuple[CleanValue, str]:
    text = _date(_as_text(value) if text is None else text)
    return text, text


def _fast_select_one(step: _Step, value: object, text: str | None, row: _Row) -> tuple[CleanValue, str]:
    code = _as_text(value) if text is None else text
    if code not in step.known or step.choice_filter is not None:
        _chosen(step, (code,), row)
    return code, code


def _fast_select_multiple(step: _Step, value: object, text: str | None, row: _Row) -> tuple[CleanValue, str]:
    codes = _chosen(step, _as_codes(value) if text is None else text.split(), row)
    return codes, " ".join(codes)


_TYPED: Final[dict[str, TypedFn]] = {
    "integer": _fast_integer,
    "decimal": _fast_decimal,
    "date": _fast_date,
    "select_one": _fast_select_one,
    "select_multiple": _fast_select_multiple,
}


def _chosen(step: _Step, codes: Sequence[str], row: _Row) -> list[str]:
    """The codes in the form's order, without repeats; raises _Invalid."""
    known = step.known
    if not known.issuperset(codes):
        raise _unknown_choice([code for code in dict.fromkeys(codes) if code not in known])
    chosen = set(codes)
    if step.choice_filter is not None:
        _check_filter(step, step.choice_filter, chosen, row.scope)
    if len(chosen) == 1:
        return list(chosen)
    return sorted(chosen, key=step.rank.__getitem__)


def _check_filter(step: _Step, choice_filter: Predicate, chosen: set[str], scope: Scope) -> None:
    try:
        allowed = {code for code in chosen if _option_allowed(step.options[code], choice_filter, scope)}
    finally:
        scope.option = _NO_OPTION
    if len(allowed) < len(chosen):
        raise _filtered_choice([code for code in step.order if code in chosen and code not in allowed])


def _option_allowed(options: tuple[Mapping[str, str], ...], choice_filter: Predicate, scope: Scope) -> bool:
    for columns in options:
        scope.option = columns
        if choice_filter(scope):
            return True
    return False


def _fast_constraint(step: _Step, constraint: Predicate, seen: str, row: _Row) -> None:
    values, name, scope = row.values, step.name, row.scope
    saved = values.get(name)
    values[name] = seen  # ${own name} in a constraint means the answer itself
    scope.current = seen
    try:
        holds = constraint(scope)
    finally:
        scope.current = ""
        if saved is None:
            values.pop(name, None)
        else:
            values[name] = saved
    if not holds:
        raise _constraint_failed(row.spec, step.field)


def _fast_answer(step: _Step, value: object, text: str | None, row: _Row) -> None:
    try:
        clean, seen = step.typed(step, value, text, row)
        if step.constraint is not None:
            _fast_constraint(step, step.constraint, seen, row)
    except _Invalid as invalid:
        row.result.add_error(step.name, invalid.code, invalid.message)
        return
    row.result.clean[step.name] = clean
    if step.resets:
        row.store(step, seen)
    else:
        row.values[step.name] = seen


def _fast_system_field(step: _Step, value: object, row: _Row) -> None:
    if value is not None and not _is_empty(step.field, value):
        _add_ignored(step.field, row.result)
    if step.calculation is not None and row.relevant(step):
        row.store(step, step.calculation(row.scope))


def _run(
    plan: _Plan, spec: FormSpec, raw: Mapping[str, RawValue], today: str, seen: dict[str, bool] | None = None
) -> ValidationResult:
    """Validate; with `seen`, also record whether each question applies (in form order)."""
    result = ValidationResult()
    answers: Mapping[str, object] = (
        raw if plan.names.issuperset(raw.keys()) else _known_answers(spec, raw, result)
    )
    row = _Row(plan, spec, result, today)
    for step in plan.steps:
        value = answers.get(step.name)
        if not step.takes_answer:
            if value is not None or step.calculation is not None:
                _fast_system_field(step, value, row)
            continue
        if seen is not None:
            seen[step.name] = row.relevant(step)
        text: str | None
        if value.__class__ is str:
            text = value.strip()  # type: ignore[union-attr]
            empty = not text
        elif value is None:
            text, empty = "", True
        else:
            text, empty = None, _is_empty(step.field, value)
        if empty:
            if step.required and row.relevant(step):
                _add_required(spec, step.field, result)
        elif not row.relevant(step):
            _discard(step.field, result)
        else:
            _fast_answer(step, value, text, row)
    return result


# Building the plan


def _chain_parts(spec: FormSpec, name: str) -> tuple[tuple[str, ...], list[ex.Expr]]:
    sections = spec.enclosing_sections(name)
    return tuple(s.name for s in sections), [s.relevant for s in sections if s.relevant is not None]


def _all_of(parts: Sequence[ex.Expr]) -> ex.Expr:
    combined = parts[0]
    for part in parts[1:]:
        combined = ex.Binary("and", combined, part)
    return combined


def _chains(spec: FormSpec) -> tuple[dict[str, int], list[ex.Expr]]:
    """Each field's chain of enclosing groups' relevance (by index), and the chains."""
    index: dict[tuple[str, ...], int] = {}
    chains: list[ex.Expr] = []
    by_field: dict[str, int] = {}
    # only the relevance of questions and calculations is ever needed
    needed = [
        fld.name
        for fld in spec.fields
        if fld.takes_answer or (fld.kind == "calculate" and fld.calculation is not None)
    ]
    for name in dict.fromkeys(needed):
        key, parts = _chain_parts(spec, name)
        if parts and key not in index:
            index[key] = len(chains)
            chains.append(_all_of(parts))
        by_field[name] = index[key] if parts else -1
    return by_field, chains


def _compiled(expr: ex.Expr | None) -> Predicate | None:
    return None if expr is None else compile_predicate(expr)


def _step(spec: FormSpec, fld: Field, chain: int, readers: Mapping[str, tuple[int, ...]]) -> _Step:
    order = fld.choice_names()
    options: dict[str, tuple[Mapping[str, str], ...]] = {}
    for choice in fld.choices:
        options[choice.name] = (*options.get(choice.name, ()), choice.columns())
    calculation = fld.calculation if fld.kind == "calculate" else None
    return _Step(
        field=fld,
        name=fld.name,
        takes_answer=fld.takes_answer,
        required=fld.required,
        chain=chain,
        relevant=_compiled(spec.field(fld.name).relevant),
        typed=_TYPED.get(fld.kind, _fast_text),
        known=frozenset(order),
        order=order,
        rank={code: rank for rank, code in enumerate(order)},
        options=options,
        choice_filter=_compiled(fld.choice_filter),
        constraint=_compiled(fld.constraint),
        calculation=None if calculation is None else compile_text(calculation),
        resets=readers.get(fld.name, ()),
    )


def _build_plan(spec: FormSpec) -> _Plan:
    by_field, chains = _chains(spec)
    readers: dict[str, tuple[int, ...]] = {}
    for number, chain in enumerate(chains):
        for name in ex.references(chain):
            readers[name] = (*readers.get(name, ()), number)
    steps = tuple(_step(spec, fld, by_field.get(fld.name, -1), readers) for fld in spec.fields)
    return _Plan(
        spec=weakref.ref(spec),
        names=frozenset(f.name for f in spec.fields),
        steps=steps,
        chains=tuple(compile_predicate(chain) for chain in chains),
    )


_PLANS: dict[int, _Plan] = {}


def _plan_for(spec: FormSpec) -> _Plan:
    """The spec's plan, built on first use and kept while the spec lives."""
    key = id(spec)
    plan = _PLANS.get(key)
    if plan is not None and plan.spec() is spec:
        return plan
    plan = _build_plan(spec)
    _PLANS[key] = plan
    weakref.finalize(spec, _forget_plan, key, plan)
    return plan


def _forget_plan(key: int, plan: _Plan) -> None:
    if _PLANS.get(key) is plan:
        del _PLANS[key]


def validate(spec: FormSpec, raw: Mapping[str, RawValue], *, today: datetime.date) -> ValidationResult:
    """Check one interview's answers against the form; never raises on odd input."""
    return _run(_plan_for(spec), spec, raw, today.isoformat())


def validate_with_relevance(
    spec: FormSpec, raw: Mapping[str, RawValue], *, today: datetime.date
) -> tuple[ValidationResult, dict[str, bool]]:
    """`validate`, and whether each question applies with these answers (the form session's
    view of the same plan; see `kua/questionnaires/session.py`)."""
    seen: dict[str, bool] = {}
    return _run(_plan_for(spec), spec, raw, today.isoformat(), seen), seen
