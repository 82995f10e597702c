"""Expressions compiled once into Python closures, for the validator's hot path.

``evaluate`` in ``kua.questionnaires.expressions`` walks the tree on every call and decides at
run time how each operator converts its operands. Every node's XPath type is known
before any answer is seen, though (a reference is a string, a comparison a boolean,
arithmetic a number), so ``compile_value`` resolves those decisions once and returns a
closure that only does the work left for run time. Subtrees without references are
folded into constants with ``evaluate`` itself. ``evaluate`` stays the reference: the
tests check that both agree on random trees and environments.

A compiled expression reads a ``Scope``: the answers as XPath sees them (text; a
select_multiple's codes joined by spaces), the answer a constraint checks, today's
date and the option a choice_filter is filtering. ``Scope.from_env`` makes one from an
``Env``.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeAlias

from kua.questionnaires import expressions as ex
from kua.questionnaires.expressions import Binary, Call, Column, Current, Expr, Neg, Ref, Value

__all__ = [
    "Predicate",
    "Scope",
    "TextFn",
    "ValueFn",
    "compile_predicate",
    "compile_text",
    "compile_value",
    "number",
    "split_codes",
]

_NO_OPTION: Final[Mapping[str, str]] = {}


class Scope:
    """What a compiled expression reads; the validator reuses one per interview."""

    __slots__ = ("current", "option", "today", "values")

    def __init__(
        self,
        values: dict[str, str],
        *,
        today: str = "",
        current: str = "",
        option: Mapping[str, str] = _NO_OPTION,
    ) -> None:
        self.values = values
        self.today = today
        self.current = current
        self.option = option

    @classmethod
    def from_env(cls, env: ex.Env) -> Scope:
        """The scope that sees what ``evaluate`` sees in ``env``."""
        values = {name: ex.answer_text(answer) for name, answer in env.values.items()}
        return cls(values, today=env.today, current=ex.answer_text(env.current), option=env.option)


ValueFn: TypeAlias = Callable[[Scope], Value]
Predicate: TypeAlias = Callable[[Scope], bool]
TextFn: TypeAlias = Callable[[Scope], str]
NumberFn: TypeAlias = Callable[[Scope], float]
Kind: TypeAlias = Literal["str", "num", "bool"]

# ---------------------------------------------------------------------------
# Conversions of answers, memoised (interviews repeat the same few texts)

_CACHE_LIMIT: Final = 4096
_CACHE_KEY_LENGTH: Final = 64
_NUMBERS: dict[str, float] = {}
_CODES: dict[str, tuple[str, ...]] = {}
_XPATH_SPACES: Final = re.compile(r"[ \t\r\n]+")


def number(text: str) -> float:
    """``ex.to_number`` of a string, memoised for short strings."""
    found = _NUMBERS.get(text)
    if found is not None:
        return found
    value = ex.to_number(text)
    if len(text) <= _CACHE_KEY_LENGTH:
        if len(_NUMBERS) >= _CACHE_LIMIT:
            _NUMBERS.clear()
        _NUMBERS[text] = value
    return value


def split_codes(text: str) -> tuple[str, ...]:
    """The codes of a select_multiple answer as XPath splits them (memoised)."""
    found = _CODES.get(text)
    if found is not None:
        return found
    codes = tuple(code for code in _XPATH_SPACES.split(text) if code)
    if len(text) <= _CACHE_KEY_LENGTH:
        if len(_CODES) >= _CACHE_LIMIT:
            _CODES.clear()
        _CODES[text] = codes
    return codes


# ---------------------------------------------------------------------------
# Compiled nodes


@dataclass(frozen=True, slots=True)
class _Code:
    """One compiled node: its XPath type, its closure and, for a literal, its value."""

    kind: Kind
    fn: ValueFn
    constant: bool = False
    value: Value = ""
    reference: str | None = None  # the name, for ``${name}``


def _constant(value: Value) -> _Code:
    kind: Kind = "bool" if isinstance(value, bool) else "num" if isinstance(value, float) else "str"
    return _Code(kind, lambda scope: value, constant=True, value=value)


def _is_constant(expr: Expr) -> bool:
    for node in ex.walk(expr):
        if isinstance(node, Ref | Current | Column) or (isinstance(node, Call) and node.name == "today"):
            return False
    return True


def _compile(expr: Expr) -> _Code:
    if _is_constant(expr):
        return _constant(ex.evaluate(expr, ex.Env()))
    match expr:
        case Ref(name):
            return _Code("str", _reference(name), reference=name)
        case Current():
            return _Code("str", _current)
        case Column(name):
            return _Code("str", _column(name))
        case Neg(operand):
            return _Code("num", _negate(_number_fn(_compile(operand))))
        case Binary():
            return _binary(expr)
        case Call():
            return _call(expr)
    raise TypeError(f"not an expression: {expr!r}")


def _reference(name: str) -> TextFn:
    def reference(scope: Scope) -> str:
        return scope.values.get(name, "")

    return reference


def _current(scope: Scope) -> str:
    return scope.current


def _column(name: str) -> TextFn:
    def column(scope: Scope) -> str:
        return scope.option.get(name, "")

    return column


def _negate(operand: NumberFn) -> NumberFn:
    return lambda scope: -operand(scope)


# ---------------------------------------------------------------------------
# Conversions between XPath types, chosen when compiling


def _number_text(value: float) -> str:
    return ex.to_string(value)


def _truthy_number(value: float) -> bool:
    return not (value == 0 or value != value)


def _bool_fn(code: _Code) -> Predicate:
    fn = code.fn
    if code.kind == "bool":
        return fn  # type: ignore[return-value]
    if code.kind == "num":
        return lambda scope: _truthy_number(fn(scope))  # type: ignore[arg-type]
    return lambda scope: fn(scope) != ""


def _number_fn(code: _Code) -> NumberFn:
    fn = code.fn
    if code.kind == "num":
        return fn  # type: ignore[return-value]
    if code.kind == "bool":
        return lambda scope: 1.0 if fn(scope) else 0.0
    return lambda scope: number(fn(scope))  # type: ignore[arg-type]


def _text_fn(code: _Code) -> TextFn:
    fn = code.fn
    if code.kind == "str":
        return fn  # type: ignore[return-value]
    if code.kind == "bool":
        return lambda scope: "true" if fn(scope) else "false"
    return lambda scope: _number_text(fn(scope))  # type: ignore[arg-type]


def _as_kind(code: _Code, kind: Kind) -> ValueFn:
    if kind == "bool":
        return _bool_fn(code)
    if kind == "num":
        return _number_fn(code)
    return _text_fn(code)


# ---------------------------------------------------------------------------
# Operators

_ORDER: Final[dict[str, Callable[[Any, Any], bool]]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _mod(left: float, right: float) -> float:
    return ex._arithmetic("mod", left, right)


_ARITHMETIC: Final[dict[str, Callable[[float, float], float]]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "div": ex._divide,
    "mod": _mod,
}


def _binary(expr: Binary) -> _Code:
    left, right = _compile(expr.left), _compile(expr.right)
    op = expr.op
    if op in ("and", "or"):
        return _Code("bool", _logic(op, _bool_fn(left), _bool_fn(right)))
    if op in ("=", "!="):
        return _Code("bool", _equality(op == "=", left, right))
    if op in _ORDER:
        return _Code("bool", _ordering(_ORDER[op], left, right))
    return _Code("num", _arithmetic(_ARITHMETIC[op], _number_fn(left), _number_fn(right)))


def _logic(op: str, left: Predicate, right: Predicate) -> Predicate:
    if op == "and":
        return lambda scope: left(scope) and right(scope)
    return lambda scope: left(scope) or right(scope)


def _equality(equal: bool, left: _Code, right: _Code) -> Predicate:
    """XPath ``=``/``!=``: as booleans if either side is one, else as numbers if either
    side is one, else as strings."""
    kinds = {left.kind, right.kind}
    kind: Kind = "bool" if "bool" in kinds else "num" if "num" in kinds else "str"
    if right.constant or left.constant:
        variable, fixed = (left, right) if right.constant else (right, left)
        value = _as_kind(fixed, kind)(_NO_SCOPE)
        if kind == "str" and variable.reference is not None:
            return _reference_equals(equal, variable.reference, str(value))
        return _equal_to_constant(equal, _as_kind(variable, kind), value)
    lfn, rfn = _as_kind(left, kind), _as_kind(right, kind)
    if equal:
        return lambda scope: lfn(scope) == rfn(scope)
    return lambda scope: lfn(scope) != rfn(scope)


def _reference_equals(equal: bool, name: str, value: str) -> Predicate:
    """``${name} = 'text'``, the commonest relevance condition."""
    if equal:
        return lambda scope: scope.values.get(name, "") == value
    return lambda scope: scope.values.get(name, "") != value


def _equal_to_constant(equal: bool, fn: ValueFn, value: Value) -> Predicate:
    if equal:
        return lambda scope: fn(scope) == value
    return lambda scope: fn(scope) != value


def _ordering(compare: Callable[[Any, Any], bool], left: _Code, right: _Code) -> Predicate:
    """XPath ``<``, ``<=``, ``>``, ``>=``: two strings compare as numbers when both are
    numbers and as strings otherwise (ISO dates); anything else compares as numbers."""
    if left.kind == "str" and right.kind == "str":
        return _ordering_strings(compare, left, right)
    lfn, rfn = _number_fn(left), _number_fn(right)
    if right.constant:
        limit = rfn(_NO_SCOPE)
        return lambda scope: compare(lfn(scope), limit)
    return lambda scope: compare(lfn(scope), rfn(scope))


def _ordering_strings(compare: Callable[[Any, Any], bool], left: _Code, right: _Code) -> Predicate:
    lfn, rfn = _text_fn(left), _text_fn(right)
    if right.constant and math.isnan(number(str(right.value))):
        text = str(right.value)
        return lambda scope: compare(lfn(scope), text)

    def ordered(scope: Scope) -> bool:
        a, b = lfn(scope), rfn(scope)
        x, y = number(a), number(b)
        if x != x or y != y:  # not both numbers
            return compare(a, b)
        return compare(x, y)

    return ordered


def _arithmetic(op: Callable[[float, float], float], left: NumberFn, right: NumberFn) -> NumberFn:
    return lambda scope: op(left(scope), right(scope))


# ---------------------------------------------------------------------------
# Functions


def _call(expr: Call) -> _Code:
    args = [_compile(arg) for arg in expr.args]
    name = expr.name
    if name == "today":
        return _Code("str", _today)
    if name == "not":
        operand = _bool_fn(args[0])
        return _Code("bool", lambda scope: not operand(scope))
    if name == "selected":
        return _Code("bool", _selected(_text_fn(args[0]), args[1]))
    if name == "count-selected":
        return _Code("num", _count_selected(_text_fn(args[0])))
    if name == "string-length":
        text = _text_fn(args[0])
        return _Code("num", lambda scope: float(len(text(scope))))
    if name == "regex":
        return _Code("bool", _regex(_text_fn(args[0]), args[1]))
    if name == "concat":
        return _Code("str", _concat([_text_fn(arg) for arg in args]))
    if name == "date":
        return _Code("str", _text_fn(args[0]))
    raise TypeError(f"unknown function {name}")


def _today(scope: Scope) -> str:
    return scope.today


def _selected(answer: TextFn, code: _Code) -> Predicate:
    if code.constant:
        wanted = ex.to_string(code.value)
        return lambda scope: wanted in split_codes(answer(scope))
    text = _text_fn(code)
    return lambda scope: text(scope) in split_codes(answer(scope))


def _count_selected(answer: TextFn) -> NumberFn:
    return lambda scope: float(len(split_codes(answer(scope))))


def _regex(text: TextFn, pattern: _Code) -> Predicate:
    if not pattern.constant:
        pattern_text = _text_fn(pattern)
        return lambda scope: ex._regex(text(scope), pattern_text(scope))
    try:
        search = re.compile(ex.to_string(pattern.value), re.ASCII).search
    except re.error:
        return lambda scope: False
    return lambda scope: search(text(scope)) is not None


def _concat(parts: Sequence[TextFn]) -> TextFn:
    return lambda scope: "".join([part(scope) for part in parts])


# ---------------------------------------------------------------------------

_NO_SCOPE: Final = Scope({})


def compile_value(expr: Expr) -> ValueFn:
    """A closure that gives what ``ex.evaluate(expr, env)`` gives, for the scope of env."""
    return _compile(expr).fn


def compile_predicate(expr: Expr) -> Predicate:
    """A closure that gives ``ex.truthy`` of the expression's value."""
    return _bool_fn(_compile(expr))


def compile_text(expr: Expr) -> TextFn:
    """A closure that gives ``ex.to_string`` of the expression's value."""
    return _text_fn(_compile(expr))
