"""The expression subset Kua understands in an XLSForm (docs/questionnaire-logic.md).

A hand-written tokenizer and recursive-descent parser produce an immutable AST;
``evaluate`` gives it XPath 1.0 semantics as ODK Collect evaluates them, and
``to_json`` compiles it to the compact form the browser script
(``kua/questionnaires/static/kua/form-logic.js``) evaluates, so there is one parser only.

Grammar, loosest binding first (all binary operators are left-associative)::

    or      := and ('or' and)*
    and     := eq ('and' eq)*
    eq      := rel (('=' | '!=') rel)*
    rel     := add (('<' | '<=' | '>' | '>=') add)*
    add     := mul (('+' | '-') mul)*
    mul     := unary (('*' | 'div' | 'mod') unary)*
    unary   := '-' unary | primary
    primary := ${name} | '.' | string | number | '(' or ')'
             | function '(' [or (',' or)*] ')' | column-name (choice_filter only)

Compiled JSON (``to_json``): a string or number literal is itself; every other node
is a list whose first item says what it is: ``["$", name]`` a reference,
``["."]`` the answer being checked, ``["@", column]`` a column of the option being
filtered, ``["neg", x]``, ``[op, left, right]`` for the binary operators
(``or and = != < <= > >= + - * div mod``), ``[function, arg, ...]`` for a call.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Final, TypeAlias

from django.utils.translation import gettext

__all__ = [
    "FUNCTIONS",
    "Binary",
    "Call",
    "Column",
    "Context",
    "Current",
    "Env",
    "Expr",
    "ExpressionError",
    "Neg",
    "Num",
    "Ref",
    "Str",
    "Value",
    "columns",
    "depth",
    "evaluate",
    "from_json",
    "parse",
    "references",
    "to_json",
    "to_number",
    "to_string",
    "to_text",
    "truthy",
    "walk",
]


class Context(StrEnum):
    """Where an expression stands in the survey sheet; it decides what is allowed."""

    RELEVANT = "relevant"
    CONSTRAINT = "constraint"
    CALCULATION = "calculation"
    CHOICE_FILTER = "choice_filter"


class ExpressionError(ValueError):
    """An expression outside Kua's subset; ``message`` is user-facing and translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------
# AST


@dataclass(frozen=True, slots=True)
class Ref:
    """``${name}``: the answer to another question."""

    name: str


@dataclass(frozen=True, slots=True)
class Current:
    """``.``: the answer being checked (constraint only)."""


@dataclass(frozen=True, slots=True)
class Column:
    """A bare name in a choice_filter: the choices-sheet column of the option."""

    name: str


@dataclass(frozen=True, slots=True)
class Str:
    value: str


@dataclass(frozen=True, slots=True)
class Num:
    value: float


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Expr


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Expr, ...] = field(default=())


Expr: TypeAlias = Ref | Current | Column | Str | Num | Neg | Binary | Call
Value: TypeAlias = str | float | bool

# Binding strength of the binary operators (higher binds tighter).
PRECEDENCE: Final[dict[str, int]] = {
    "or": 1,
    "and": 2,
    "=": 3,
    "!=": 3,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "div": 6,
    "mod": 6,
}
_UNARY_PRECEDENCE: Final = 7
# Limits that keep parsing and evaluation far from Python's recursion limit.
MAX_NESTING: Final = 32  # parentheses, unary minus and function calls inside each other
MAX_DEPTH: Final = 100  # levels of the finished tree (e.g. a chain of 100 "or")
MAX_LENGTH: Final = 4000  # characters
_WORD_OPERATORS: Final = frozenset({"or", "and", "div", "mod"})

# name -> (minimum, maximum or None for "any number") of arguments.
FUNCTIONS: Final[dict[str, tuple[int, int | None]]] = {
    "not": (1, 1),
    "selected": (2, 2),
    "count-selected": (1, 1),
    "today": (0, 0),
    "date": (1, 1),
    "string-length": (1, 1),
    "regex": (2, 2),
    "concat": (1, None),
}

# Regular-expression syntax that Python and the browser read differently.
_REGEX_NOT_PORTABLE: Final = ("(?P", "(?<", "\\A", "\\Z", "(?#", "(?i", "(?s", "(?m", "(?x")


# ---------------------------------------------------------------------------
# Tokenizer


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # ref, str, num, name, op, dot, end
    text: str
    pos: int


_NAME = r"[^\W\d][\w.\-]*"
_TOKEN_RE: Final = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<ref>\$\{{\s*(?P<refname>{_NAME})\s*\}})
  | (?P<num>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)
  | (?P<str>'[^']*'|"[^"]*")
  | (?P<op>!=|<=|>=|[=<>+\-*(),])
  | (?P<dot>\.)
  | (?P<name>{_NAME})
    """,
    re.VERBOSE,
)


def _tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            raise _unexpected_character(text, pos)
        kind = match.lastgroup or ""
        if kind == "refname":
            kind = "ref"
        if kind == "ref":
            tokens.append(Token("ref", match.group("refname"), pos))
        elif kind != "ws":
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


def _unexpected_character(text: str, pos: int) -> ExpressionError:
    char = text[pos]
    if text.startswith("${", pos) or char == "$":
        return ExpressionError(
            gettext(
                "Malformed reference at position %(position)s: write ${name}, with the name of a question."
            )
            % {"position": pos + 1}
        )
    if char in "'\"":
        return ExpressionError(
            gettext("The text starting at position %(position)s has no closing quote.")
            % {"position": pos + 1}
        )
    return ExpressionError(
        gettext("“%(character)s” at position %(position)s is not part of the expressions Kua understands.")
        % {"character": char, "position": pos + 1}
    )


# ---------------------------------------------------------------------------
# Parser


class _Parser:
    def __init__(self, text: str, context: Context) -> None:
        self.text = text
        self.context = context
        self.tokens = _tokenize(text)
        self.index = 0
        self.nesting = 0

    def nest(self) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise _too_complex()

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at_operator(self, operators: frozenset[str] | set[str]) -> bool:
        token = self.token
        if token.kind == "op":
            return token.text in operators
        return token.kind == "name" and token.text in _WORD_OPERATORS & operators

    def expect(self, text: str) -> None:
        if self.token.kind == "op" and self.token.text == text:
            self.advance()
            return
        raise ExpressionError(
            gettext("Expected “%(expected)s” at position %(position)s.")
            % {"expected": text, "position": self.token.pos + 1}
        )

    def parse(self) -> Expr:
        if self.token.kind == "end":
            raise ExpressionError(gettext("The expression is empty."))
        expr = self.binary(1)
        if self.token.kind != "end":
            raise self.unexpected()
        return expr

    def binary(self, level: int) -> Expr:
        if level > max(PRECEDENCE.values()):
            return self.unary()
        operators = {op for op, prec in PRECEDENCE.items() if prec == level}
        left = self.binary(level + 1)
        while self.at_operator(operators):
            op = self.advance().text
            right = self.binary(level + 1)
            left = Binary(op, left, right)
        return left

    def unary(self) -> Expr:
        if self.token.kind == "op" and self.token.text == "-":
            self.advance()
            self.nest()
            operand = self.unary()
            self.nesting -= 1
            return Neg(operand)
        return self.primary()

    def primary(self) -> Expr:
        token = self.token
        if token.kind == "ref":
            self.advance()
            return Ref(token.text)
        if token.kind == "str":
            self.advance()
            return Str(token.text[1:-1])
        if token.kind == "num":
            self.advance()
            return Num(float(token.text))
        if token.kind == "dot":
            return self.current()
        if token.kind == "op" and token.text == "(":
            self.advance()
            self.nest()
            inner = self.binary(1)
            self.expect(")")
            self.nesting -= 1
            return inner
        if token.kind == "name" and token.text not in _WORD_OPERATORS:
            return self.name()
        raise self.unexpected()

    def current(self) -> Current:
        token = self.advance()
        if self.context is not Context.CONSTRAINT:
            raise ExpressionError(
                gettext(
                    "“.” (the answer itself) at position %(position)s can only be "
                    "used in a constraint; refer to a question as ${name}."
                )
                % {"position": token.pos + 1}
            )
        return Current()

    def name(self) -> Expr:
        token = self.advance()
        if self.token.kind == "op" and self.token.text == "(":
            return self.call(token)
        if self.context is Context.CHOICE_FILTER:
            return Column(token.text)
        raise ExpressionError(
            gettext(
                "“%(name)s” at position %(position)s is not understood: refer to a "
                "question as ${%(name)s}, or put text in quotes."
            )
            % {"name": token.text, "position": token.pos + 1}
        )

    def call(self, name_token: Token) -> Call:
        name = name_token.text
        if name not in FUNCTIONS:
            raise ExpressionError(
                gettext(
                    "Unknown function %(name)s() at position %(position)s. Kua understands: %(functions)s."
                )
                % {
                    "name": name,
                    "position": name_token.pos + 1,
                    "functions": ", ".join(f"{f}()" for f in FUNCTIONS),
                }
            )
        self.expect("(")
        self.nest()
        args: list[Expr] = []
        if not (self.token.kind == "op" and self.token.text == ")"):
            args.append(self.binary(1))
            while self.token.kind == "op" and self.token.text == ",":
                self.advance()
                args.append(self.binary(1))
        self.expect(")")
        self.nesting -= 1
        call = Call(name, tuple(args))
        _check_call(call)
        return call

    def unexpected(self) -> ExpressionError:
        token = self.token
        if token.kind == "end":
            return ExpressionError(gettext("The expression ends too early."))
        return ExpressionError(
            gettext("Unexpected “%(token)s” at position %(position)s.")
            % {"token": token.text, "position": token.pos + 1}
        )


def _check_call(call: Call) -> None:
    low, high = FUNCTIONS[call.name]
    count = len(call.args)
    if count < low or (high is not None and count > high):
        if high is None:
            message = gettext("%(name)s() takes at least %(low)s argument(s), not %(count)s.")
        elif low == high:
            message = gettext("%(name)s() takes %(low)s argument(s), not %(count)s.")
        else:
            message = gettext("%(name)s() takes %(low)s to %(high)s arguments, not %(count)s.")
        raise ExpressionError(message % {"name": call.name, "low": low, "high": high, "count": count})
    if call.name == "regex":
        _check_regex(call.args[1])
    if call.name == "date":
        _check_date(call.args[0])


def _check_date(value: Expr) -> None:
    """date() takes a date in quotes, so that it means the same in Collect, Python and the browser."""
    if not isinstance(value, Str) or not _is_iso_date(value.value):
        raise ExpressionError(gettext("date() takes a date written in quotes, like date('2000-01-01')."))


def _is_iso_date(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_regex(pattern: Expr) -> None:
    if not isinstance(pattern, Str):
        raise ExpressionError(gettext("The pattern of regex() must be written in quotes, like '^[0-9]+$'."))
    if any(marker in pattern.value for marker in _REGEX_NOT_PORTABLE):
        raise ExpressionError(
            gettext("The pattern of regex() uses a feature that not every browser understands: %(pattern)s")
            % {"pattern": pattern.value}
        )
    try:
        re.compile(pattern.value, re.ASCII)
    except re.error as exc:
        raise ExpressionError(
            gettext("The pattern of regex() is not valid: %(problem)s") % {"problem": str(exc)}
        ) from exc


def _too_complex() -> ExpressionError:
    return ExpressionError(
        gettext("The expression is nested too deeply for Kua; split it over several questions.")
    )


def _children(expr: Expr) -> tuple[Expr, ...]:
    if isinstance(expr, Neg):
        return (expr.operand,)
    if isinstance(expr, Binary):
        return (expr.left, expr.right)
    if isinstance(expr, Call):
        return expr.args
    return ()


def depth(expr: Expr) -> int:
    """The number of levels of the tree (computed without recursion)."""
    deepest = 0
    stack = [(expr, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in _children(node))
    return deepest


def parse(text: str, *, context: Context | str) -> Expr:
    """Parse one XLSForm expression; raise ExpressionError if it is outside the subset."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            gettext("The expression is longer than %(limit)s characters.") % {"limit": MAX_LENGTH}
        )
    expr = _Parser(text, Context(context)).parse()
    if depth(expr) > MAX_DEPTH:
        raise _too_complex()
    return expr


# ---------------------------------------------------------------------------
# Walking, printing, compiling


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of ``expr``, the root first."""
    yield expr
    for child in _children(expr):
        yield from walk(child)


def references(expr: Expr) -> set[str]:
    """The names of the questions that ``expr`` refers to as ``${name}``."""
    return {node.name for node in walk(expr) if isinstance(node, Ref)}


def columns(expr: Expr) -> set[str]:
    """The choices-sheet columns that a choice_filter reads."""
    return {node.name for node in walk(expr) if isinstance(node, Column)}


def _precedence(expr: Expr) -> int:
    if isinstance(expr, Binary):
        return PRECEDENCE[expr.op]
    if isinstance(expr, Neg):
        return _UNARY_PRECEDENCE
    return _UNARY_PRECEDENCE + 1


def _text_of_string(value: str) -> str:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    raise ValueError("an XPath string literal cannot hold both kinds of quote")


def _text_of_number(value: float) -> str:
    if not math.isfinite(value) or math.copysign(1.0, value) < 0:
        raise ValueError("a number literal is finite and not negative")
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_text(expr: Expr) -> str:
    """Print ``expr`` as an expression that parses back to the same AST."""
    match expr:
        case Ref(name):
            return f"${{{name}}}"
        case Current():
            return "."
        case Column(name):
            return name
        case Str(value):
            return _text_of_string(value)
        case Num(value):
            return _text_of_number(value)
        case Neg(operand):
            return "-" + _wrap(operand, _precedence(operand) < _UNARY_PRECEDENCE)
        case Binary(op, left, right):
            prec = PRECEDENCE[op]
            left_text = _wrap(left, _precedence(left) < prec)
            right_text = _wrap(right, _precedence(right) <= prec)
            return f"{left_text} {op} {right_text}"
        case Call(name, args):
            return f"{name}({', '.join(to_text(arg) for arg in args)})"
    raise TypeError(f"not an expression: {expr!r}")


def _wrap(expr: Expr, parenthesise: bool) -> str:
    text = to_text(expr)
    return f"({text})" if parenthesise else text


JsonAst: TypeAlias = str | float | list["JsonAst"]


def to_json(expr: Expr) -> JsonAst:
    """The compact JSON form of ``expr`` that the browser script evaluates."""
    match expr:
        case Ref(name):
            return ["$", name]
        case Current():
            return ["."]
        case Column(name):
            return ["@", name]
        case Str(value):
            return value
        case Num(value):
            return int(value) if value.is_integer() and abs(value) < 2**53 else value
        case Neg(operand):
            return ["neg", to_json(operand)]
        case Binary(op, left, right):
            return [op, to_json(left), to_json(right)]
        case Call(name, args):
            return [name, *(to_json(arg) for arg in args)]
    raise TypeError(f"not an expression: {expr!r}")


def from_json(data: object) -> Expr:
    """The inverse of ``to_json`` (for tests and tools; it trusts its input's shape)."""
    if isinstance(data, str):
        return Str(data)
    if isinstance(data, int | float) and not isinstance(data, bool):
        return Num(float(data))
    if not isinstance(data, list) or not data or not isinstance(data[0], str):
        raise ValueError(f"not a compiled expression: {data!r}")
    head, rest = data[0], data[1:]
    simple: dict[str, Callable[[], Expr]] = {
        "$": lambda: Ref(str(rest[0])),
        ".": Current,
        "@": lambda: Column(str(rest[0])),
        "neg": lambda: Neg(from_json(rest[0])),
    }
    if head in simple:
        return simple[head]()
    if head in PRECEDENCE:
        return Binary(head, from_json(rest[0]), from_json(rest[1]))
    if head in FUNCTIONS:
        return Call(head, tuple(from_json(arg) for arg in rest))
    raise ValueError(f"not a compiled expression: {data!r}")


# ---------------------------------------------------------------------------
# Evaluation

Answer: TypeAlias = str | Sequence[str] | None
_XPATH_NUMBER: Final = re.compile(r"[ \t\r\n]*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[ \t\r\n]*")
_SPACES: Final = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True, slots=True)
class Env:
    """What an expression can see.

    ``values``: the answers so far by question name (a string, or a list of codes for a
    select_multiple; missing or None means unanswered); ``current``: the answer that a
    constraint checks (``.``); ``today``: the date as YYYY-MM-DD; ``option``: for a
    choice_filter, the columns of the option being filtered.
    """

    values: Mapping[str, Answer] = field(default_factory=dict)
    current: Answer = None
    today: str = ""
    option: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def on(cls, day: datetime.date, values: Mapping[str, Answer] | None = None) -> Env:
        return cls(values=values or {}, today=day.isoformat())


def answer_text(answer: Answer) -> str:
    """An answer as XPath sees it: unanswered is '', a list is space-separated."""
    if answer is None:
        return ""
    if isinstance(answer, str):
        return answer
    return " ".join(answer)


def to_number(value: Value) -> float:
    """XPath number(): '' and anything that is not a plain decimal are NaN."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if _XPATH_NUMBER.fullmatch(value):
        return float(value.strip(" \t\r\n"))
    return math.nan


def truthy(value: Value) -> bool:
    """XPath boolean(): a non-empty string, a non-zero non-NaN number, true."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    return value != ""


def to_string(value: Value) -> str:
    """XPath string(), numbers written as the browser writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return _number_text(value)


def _number_text(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    if 1e-6 <= abs(value) < 1e21:
        text = format(Decimal(repr(value)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    mantissa, exponent = repr(value).split("e")
    mantissa = mantissa.removesuffix(".0")
    return f"{mantissa}e{'-' if exponent.startswith('-') else '+'}{exponent.lstrip('+-').lstrip('0')}"


def _codes(value: Value) -> list[str]:
    return [code for code in _SPACES.split(to_string(value)) if code]


def _compare(op: str, left: Value, right: Value) -> bool:
    if op in ("=", "!="):
        equal = _equal(left, right)
        return equal if op == "=" else not equal
    if isinstance(left, str) and isinstance(right, str) and not _both_numbers(left, right):
        return _ordered(op, left, right)  # e.g. ISO dates
    return _ordered(op, to_number(left), to_number(right))


def _both_numbers(left: str, right: str) -> bool:
    return bool(_XPATH_NUMBER.fullmatch(left) and _XPATH_NUMBER.fullmatch(right))


def _equal(left: Value, right: Value) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return truthy(left) == truthy(right)
    if isinstance(left, float) or isinstance(right, float):
        return to_number(left) == to_number(right)
    return left == right


def _ordered(op: str, left: str | float, right: str | float) -> bool:
    if op == "<":
        return left < right  # type: ignore[operator]
    if op == "<=":
        return left <= right  # type: ignore[operator]
    if op == ">":
        return left > right  # type: ignore[operator]
    return left >= right  # type: ignore[operator]


def _arithmetic(op: str, left: float, right: float) -> float:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "div":
        return _divide(left, right)
    if right == 0 or math.isinf(left) or math.isnan(left) or math.isnan(right):
        return math.nan
    return math.fmod(left, right)


def _divide(left: float, right: float) -> float:
    if right != 0:
        return left / right
    if left == 0 or math.isnan(left):
        return math.nan
    return math.copysign(math.inf, left) * math.copysign(1.0, right)


def _binary(expr: Binary, env: Env) -> Value:
    op = expr.op
    if op == "or":
        return truthy(evaluate(expr.left, env)) or truthy(evaluate(expr.right, env))
    if op == "and":
        return truthy(evaluate(expr.left, env)) and truthy(evaluate(expr.right, env))
    left, right = evaluate(expr.left, env), evaluate(expr.right, env)
    if PRECEDENCE[op] in (PRECEDENCE["="], PRECEDENCE["<"]):
        return _compare(op, left, right)
    return _arithmetic(op, to_number(left), to_number(right))


def _regex(text: str, pattern: str) -> bool:
    try:
        return re.search(pattern, text, re.ASCII) is not None
    except re.error:
        return False


def _call(expr: Call, env: Env) -> Value:
    if expr.name == "today":
        return env.today
    args = [evaluate(arg, env) for arg in expr.args]
    if expr.name == "not":
        return not truthy(args[0])
    if expr.name == "selected":
        return to_string(args[1]) in _codes(args[0])
    if expr.name == "count-selected":
        return float(len(_codes(args[0])))
    if expr.name == "string-length":
        return float(len(to_string(args[0])))
    if expr.name == "regex":
        return _regex(to_string(args[0]), to_string(args[1]))
    if expr.name == "concat":
        return "".join(to_string(arg) for arg in args)
    if expr.name == "date":  # a checked ISO date: compared with answers as ISO dates are
        return to_string(args[0])
    raise TypeError(f"unknown function {expr.name}")


def evaluate(expr: Expr, env: Env) -> Value:
    """The value of ``expr`` (a str, float or bool) with XPath 1.0 semantics."""
    match expr:
        case Ref(name):
            return answer_text(env.values.get(name))
        case Current():
            return answer_text(env.current)
        case Column(name):
            return env.option.get(name, "")
        case Str(value):
            return value
        case Num(value):
            return value
        case Neg(operand):
            return -to_number(evaluate(operand, env))
        case Binary():
            return _binary(expr, env)
        case Call():
            return _call(expr, env)
    raise TypeError(f"not an expression: {expr!r}")
