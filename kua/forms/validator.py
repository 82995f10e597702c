"""The one validator of interview answers, for every way in (web form, CSV import, ODK).

``validate(spec, raw, today=...)`` walks the form from top to bottom, as ODK does:
relevance is evaluated against the clean answers gathered so far, each answer is
typed (integer, decimal, date, choice codes), checked against its choices, its
choice_filter and its constraint. It never raises on odd input: everything wrong is
reported in ``errors`` by field name, with one of the codes of ``ERROR_CODES``.

Fields that never take an answer from input (notes, calculations, metadata such as
the documenter's username) are system fields: a value given for one is ignored and
reported in ``ignored`` with the code ``system_field``; it is not an error, so that an
export re-imported with those columns still validates. Calculations are computed for
the later relevance conditions but not put in ``clean`` (the client code is computed
by the vault, not here).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Final, TypeAlias

from django.utils.translation import get_language, gettext

from kua.forms import expressions as ex
from kua.forms.spec import Field, FormSpec

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
        "not_relevant",
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

RawValue: TypeAlias = str | Sequence[str] | None
CleanValue: TypeAlias = str | int | list[str]


@dataclass(frozen=True)
class FieldError:
    code: str
    message: str


@dataclass
class ValidationResult:
    """``clean``: the answered, relevant, valid answers, typed; ``errors``: what is wrong,
    by field name; ``ignored``: values given for system fields (code system_field)."""

    clean: dict[str, object] = field(default_factory=dict)
    errors: dict[str, list[FieldError]] = field(default_factory=dict)
    ignored: dict[str, list[FieldError]] = field(default_factory=dict)

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


def _check_choices(fld: Field, codes: list[str], state: _State) -> list[str]:
    """The codes in the form's order, without repeats; raises _Invalid."""
    known = fld.choice_names()
    unknown = [code for code in dict.fromkeys(codes) if code not in known]
    if unknown:
        raise _Invalid(
            "unknown_choice",
            gettext("%(codes)s is not one of the choices of this question.") % {"codes": ", ".join(unknown)},
        )
    chosen = set(codes)
    if fld.choice_filter is not None:
        allowed = {
            choice.name
            for choice in fld.choices
            if choice.name in chosen and state.holds(fld.choice_filter, option=choice.columns())
        }
        refused = [code for code in known if code in chosen and code not in allowed]
        if refused:
            raise _Invalid(
                "filtered_choice",
                gettext(
                    "%(codes)s cannot be chosen with the earlier answers (for example, "
                    "a district outside the chosen region)."
                )
                % {"codes": ", ".join(refused)},
            )
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
        message = state.spec.text(fld.constraint_message, get_language())
        raise _Invalid("constraint", message or gettext("This answer is not allowed here."))


def _restore(values: dict[str, ex.Answer], name: str, saved: ex.Answer) -> None:
    if saved is None:
        values.pop(name, None)
    else:
        values[name] = saved


# ---------------------------------------------------------------------------
# One field


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


def _is_empty(fld: Field, value: object) -> bool:
    if fld.kind == "select_multiple":
        return not _as_codes(value)
    return _as_text(value) == ""


def _validate_field(fld: Field, raw: Mapping[str, object], state: _State) -> None:
    value = raw.get(fld.name)
    if not fld.takes_answer:
        _system_field(fld, value, state)
        return
    relevant = state.holds(state.spec.effective_relevance(fld.name))
    empty = _is_empty(fld, value)
    if not relevant:
        if not empty:
            state.result.add_error(
                fld.name,
                "not_relevant",
                gettext("This question does not apply with the earlier answers, so it must stay empty."),
            )
        return
    if empty:
        if fld.required:
            message = state.spec.text(fld.required_message, get_language())
            state.result.add_error(
                fld.name, "required", message or gettext("This question must be answered.")
            )
        return
    _validate_answer(fld, value, state)


def _system_field(fld: Field, value: object, state: _State) -> None:
    if not _is_empty(fld, value):
        state.result.ignored.setdefault(fld.name, []).append(
            FieldError(
                "system_field",
                gettext("This value is filled in by the system; the one given was ignored."),
            )
        )
    if fld.kind != "calculate" or fld.calculation is None:
        return
    if state.holds(state.spec.effective_relevance(fld.name)):
        state.values[fld.name] = ex.to_string(ex.evaluate(fld.calculation, state.env()))


# ---------------------------------------------------------------------------


def validate(spec: FormSpec, raw: Mapping[str, RawValue], *, today: datetime.date) -> ValidationResult:
    """Check one interview's answers against the form; never raises on odd input."""
    state = _State(spec=spec, today=today.isoformat())
    answers: dict[str, object] = {}
    for key, value in raw.items():
        name = key if isinstance(key, str) else str(key)
        if spec.has_field(name):
            answers[name] = value
        else:
            state.result.add_error(
                name,
                "unknown_field",
                gettext("%(name)s is not a question of this form.") % {"name": name},
            )
    for fld in spec.fields:
        _validate_field(fld, answers, state)
    return state.result
