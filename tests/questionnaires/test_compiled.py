"""The compiled fast path agrees with the reference: ``evaluate`` for expressions, the
tree-walking ``validate_reference`` for whole interviews."""

from __future__ import annotations

import gc
import math
import random
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kua.demo import generate_answers
from kua.questionnaires import compiled, validator
from kua.questionnaires import expressions as ex
from kua.questionnaires.compiled import Scope, compile_predicate, compile_text, compile_value
from kua.questionnaires.expressions import Binary, Call, Column, Current, Env, Num, Ref, Str, Value
from kua.questionnaires.loader import load_xlsform
from kua.questionnaires.spec import ANSWER_KINDS, KINDS, Choice, Field, FormSpec, Section
from kua.questionnaires.validator import ValidationResult, validate

from .helpers import REGISTRATION_FORM, TODAY
from .reference_validator import validate_reference
from .strategies import envs, expressions, value_texts

# ---------------------------------------------------------------------------
# Expressions


def same_value(got: Value, expected: Value) -> bool:
    """Equal, of the same XPath type; NaN equals NaN and -0.0 differs from 0.0."""
    if type(got) is not type(expected):
        return False
    if isinstance(got, float) and isinstance(expected, float):
        if math.isnan(expected):
            return math.isnan(got)
        return got == expected and math.copysign(1.0, got) == math.copysign(1.0, expected)
    return got == expected


def assert_agrees(tree: ex.Expr, env: Env) -> None:
    scope = Scope.from_env(env)
    expected = ex.evaluate(tree, env)
    got = compile_value(tree)(scope)
    assert same_value(got, expected), (ex.to_json(tree), got, expected)
    assert compile_predicate(tree)(scope) is ex.truthy(expected)
    assert compile_text(tree)(scope) == ex.to_string(expected)


@settings(max_examples=600)
@given(expressions(current=True, column=True), envs())
def test_compiled_expressions_agree_with_evaluate(tree: ex.Expr, env: Env) -> None:
    assert_agrees(tree, env)


FEW_NAMES = st.sampled_from(["a", "b", "age"])
# Literals that look like answers, so that comparisons with references often hit.
ANSWER_LITERALS = st.one_of(value_texts, st.sampled_from(["yes", "no", "a", "2026-11-20", "18"]))


@settings(max_examples=600)
@given(
    expressions(current=True, column=True, ref_names=FEW_NAMES, literals=ANSWER_LITERALS),
    envs(FEW_NAMES),
)
def test_compiled_expressions_agree_when_references_hit(tree: ex.Expr, env: Env) -> None:
    assert_agrees(tree, env)


COMMON_SHAPES = [
    "${a} = 'yes'",
    "'yes' != ${a}",
    "${a} = 18",
    "${a} = ''",
    "${a} != '' and ${a} < 18",
    "${a} = '' or ${a} >= 18",
    "selected(${a}, 'b')",
    "selected(${a}, '')",
    "selected(${a}, 'b c')",
    "count-selected(${a}) > 0",
    "count-selected(${a}) = 2",
    "${a} <= today()",
    "${a} >= '2000-01-01'",
    "${a} < '18'",
    "${a} > ${b}",
    "(${a} = 'x') = (${b} = 'x')",
    "${a} = true_is_no_literal_here",
    "concat(${a}, ${b}, 1 div 0, 0 - 0, -0.0, 1 = 1)",
    "string-length(${a}) mod 2 = 1",
    "regex(${a}, '^[0-9]{2}$')",
    "not(${a}) or -${a} < 0",
    "${a} * 1 = ${b} div 1",
]
COMMON_VALUES = [
    "",
    " ",
    "yes",
    "b",
    "b c",
    "a  b\tc",
    "0",
    "-0",
    "18",
    " 17 ",
    "1.5",
    ".5",
    "2026-11-20",
    "NaN",
    "x",
]


@pytest.mark.parametrize("text", COMMON_SHAPES)
def test_common_shapes_agree(text: str) -> None:
    context = "choice_filter" if "true_is_no_literal_here" in text else "relevant"
    tree = ex.parse(text, context=context)
    for a in [*COMMON_VALUES, None, ["b", "c"], []]:
        for b in ["", "x", "18", "2"]:
            env = Env(values={"a": a, "b": b}, today="2026-11-20", option={"true_is_no_literal_here": "x"})
            assert_agrees(tree, env)


def test_constraint_sees_the_answer() -> None:
    tree = ex.parse(". >= 18 and . <= 90", context="constraint")
    for current in ["18", "90", "91", "", "abc", " 40 "]:
        assert_agrees(tree, Env(current=current))


def test_regex_patterns_that_do_not_compile_never_match() -> None:
    bad = Call("regex", (Ref("a"), Str("[a")))
    assert_agrees(bad, Env(values={"a": "[a"}))
    assert compile_predicate(bad)(Scope({"a": "[a"})) is False
    dynamic = Call("regex", (Ref("a"), Ref("b")))
    for pattern in ["[", "^a", ""]:
        assert_agrees(dynamic, Env(values={"a": "abc", "b": pattern}))


def test_constant_subtrees_are_folded_with_evaluate() -> None:
    for tree in [
        Binary("div", Num(1.0), Num(0.0)),
        Binary("mod", Num(5.0), Num(0.0)),
        Call("concat", (Num(0.1), Binary("=", Str("a"), Num(1.0)))),
        Call("today", ()),
        Binary("<", Str("b"), Str("a")),
    ]:
        assert_agrees(tree, Env(today="2026-11-20"))


def test_columns_and_current_read_the_scope() -> None:
    tree = Binary("=", Column("region"), Current())
    assert compile_predicate(tree)(Scope({}, current="n", option={"region": "n"})) is True
    assert compile_predicate(tree)(Scope({}, current="n")) is False


def test_the_memo_tables_stay_bounded_and_correct() -> None:
    limit = compiled._CACHE_LIMIT
    for number in range(limit + 10):
        assert compiled.number(str(number)) == float(number)
        assert compiled.split_codes(f"a{number} b") == (f"a{number}", "b")
    assert len(compiled._NUMBERS) <= limit
    assert len(compiled._CODES) <= limit
    long = "1" * 100
    assert compiled.number(long) == float(long)
    assert long not in compiled._NUMBERS
    assert compiled.number("1e3") != compiled.number("1e3")  # NaN


def test_python_whitespace_is_one_definition() -> None:
    """The validator splits a select_multiple string with str.split(), the reference
    with re's \\s+; both must mean the same characters."""
    spaces = re.compile(r"\s")
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        assert char.isspace() == bool(spaces.fullmatch(char)), hex(point)


# ---------------------------------------------------------------------------
# Whole interviews: validate() against validate_reference()


def assert_same_result(spec: FormSpec, raw: Any) -> ValidationResult:
    fast = validate(spec, raw, today=TODAY)
    reference = validate_reference(spec, raw, today=TODAY)
    # repr shows the order of the keys and the types of the clean values too
    assert repr(fast) == repr(reference), raw
    return fast


@pytest.fixture(scope="module")
def registration() -> FormSpec:
    return load_xlsform(REGISTRATION_FORM)


Mutation = Callable[[FormSpec, dict[str, Any], random.Random], None]


def _answer_fields(spec: FormSpec) -> list[Field]:
    return [fld for fld in spec.fields if fld.takes_answer]


def _plausible(fld: Field, rng: random.Random) -> Any:
    if fld.choices:
        codes = [choice.name for choice in fld.choices]
        if fld.kind == "select_multiple":
            return " ".join(rng.sample(codes, rng.randint(1, min(3, len(codes)))))
        return rng.choice(codes)
    return {"integer": "25", "decimal": "12.5", "date": "2026-01-15"}.get(fld.kind, "текст")


def _answer_irrelevant(spec: FormSpec, raw: dict[str, Any], rng: random.Random) -> None:
    unanswered = [fld for fld in _answer_fields(spec) if fld.name not in raw]
    if unanswered:
        fld = rng.choice(unanswered)
        raw[fld.name] = _plausible(fld, rng)


def _flip_choice(spec: FormSpec, raw: dict[str, Any], rng: random.Random) -> None:
    chosen = [fld for fld in spec.fields if fld.kind == "select_one" and fld.name in raw]
    fld = rng.choice(chosen)
    raw[fld.name] = rng.choice([choice.name for choice in fld.choices])


def _bad_code(spec: FormSpec, raw: dict[str, Any], rng: random.Random) -> None:
    fld = rng.choice([fld for fld in spec.fields if fld.choices])
    raw[fld.name] = rng.choice(["bogus", f"{_plausible(fld, rng)} bogus", "yes no", "YES"])


def _bad_number(spec: FormSpec, raw: dict[str, Any], rng: random.Random) -> None:
    fld = rng.choice([fld for fld in spec.fields if fld.kind in ("integer", "decimal")])
    raw[fld.name] = rng.choice(["abc", "1.5", "1,5", "-3", "1e3", "99999", " 12 ", "١٢", "17", "0", "+7"])


def _bad_date(spec: FormSpec, raw: dict[str, Any], rng: random.Random) -> None:
    raw["registered_on"] = rng.choice(["2026-13-01", "2027-01-01", "01.02.2026", "1999-12-31", "2026-11-20"])


def _drop(spec: FormSpec, raw: dict[str, Any], rng: random.Random) -> None:
    if raw:
        del raw[rng.choice(sorted(raw))]


def _outside_the_form(spec: FormSpec, raw: dict[str, Any], rng: random.Random) -> None:
    raw[rng.choice(["nonsense", "sec_respondent", "documenter", "client_code", "consent_missing"])] = "x"


def _odd_type(spec: FormSpec, raw: dict[str, Any], rng: random.Random) -> None:
    name = rng.choice([fld.name for fld in spec.fields])
    raw[name] = rng.choice([None, 17, 2.5, ["yes"], ["sauna", "hotel"], [], "  ", ("a", "b"), {"x": 1}])


def _key_answers(spec: FormSpec, raw: dict[str, Any], rng: random.Random) -> None:
    name, value = rng.choice(
        [
            ("consent_recorded", "no"),
            ("age", "17"),
            ("age", ""),
            ("rights_violated_6m", "no"),
            ("police_violations", ""),
            ("police_complained", "yes"),
            ("residence_region", "almaty_region"),  # the district is then filtered out
            ("residence_district", "konaev"),
            ("key_population", "pwid"),
        ]
    )
    raw[name] = value


MUTATIONS: tuple[Mutation, ...] = (
    _answer_irrelevant,
    _flip_choice,
    _bad_code,
    _bad_number,
    _bad_date,
    _drop,
    _outside_the_form,
    _odd_type,
    _key_answers,
)


def mutated(spec: FormSpec, rows: list[dict[str, Any]], rng: random.Random) -> Iterator[dict[str, Any]]:
    for row in rows:
        raw = dict(row)
        for _ in range(rng.randint(1, 3)):
            rng.choice(MUTATIONS)(spec, raw, rng)
        yield raw


def test_generated_and_mutated_interviews_validate_as_the_reference(registration: FormSpec) -> None:
    rows = list(generate_answers(2000, seed=11, today=TODAY))
    codes: set[str] = set()
    for raw in rows:
        assert_same_result(registration, raw)
    for raw in mutated(registration, rows, random.Random(5)):
        result = assert_same_result(registration, raw)
        codes |= {error.code for errors in result.errors.values() for error in errors}
    # the mutations reach every kind of error
    assert codes == validator.ERROR_CODES


# ---------------------------------------------------------------------------
# Random forms (built directly, so they may hold what the loader would refuse:
# repeated names, groups that refer to their own questions, nested groups)

POOL = ["a", "b", "c", "d"]
POOL_NAMES = st.sampled_from(POOL)
LITERALS = st.sampled_from(["", "x", "y", "x y", "1", "18", "2026-01-01", "yes", "2"])
CODES = ["x", "y", "z"]
SELECTS = ("select_one", "select_multiple")
ANSWER_KINDS_ORDERED = sorted(ANSWER_KINDS)


def _parsed(context: str, *texts: str) -> st.SearchStrategy[ex.Expr]:
    return st.sampled_from([ex.parse(text, context=context) for text in texts])


def _conditions() -> st.SearchStrategy[ex.Expr]:
    """Relevance conditions of the shapes forms use, combined with and/or/not."""
    atoms = st.one_of(
        st.builds(
            lambda name, op, text: Binary(op, Ref(name), Str(text)),
            POOL_NAMES,
            st.sampled_from(["=", "!="]),
            LITERALS,
        ),
        st.builds(
            lambda name, op, number: Binary(op, Ref(name), Num(number)),
            POOL_NAMES,
            st.sampled_from(["<", ">=", "="]),
            st.sampled_from([0.0, 1.0, 18.0]),
        ),
        st.builds(
            lambda name, code: Call("selected", (Ref(name), Str(code))), POOL_NAMES, st.sampled_from(CODES)
        ),
        POOL_NAMES.map(lambda name: Binary(">", Call("count-selected", (Ref(name),)), Num(0.0))),
    )
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.builds(Binary, st.sampled_from(["and", "or"]), inner, inner),
            inner.map(lambda tree: Call("not", (tree,))),
        ),
        max_leaves=3,
    )


def _random(**kinds: bool) -> st.SearchStrategy[ex.Expr]:
    return expressions(ref_names=POOL_NAMES, literals=LITERALS, max_leaves=5, **kinds)


RELEVANT = st.one_of(st.none(), _conditions(), _random())
CONSTRAINT = st.one_of(
    st.none(),
    _parsed(
        "constraint", ". = 'x'", ". >= 18", ". <= today()", "regex(., '^[a-z]$')", "not(selected(., 'y'))"
    ),
    _parsed("constraint", ". != ${a}", "${b} = '' or . = ${b}", "count-selected(.) < 2"),
    _random(current=True),
)
CHOICE_FILTER = st.one_of(
    st.none(),
    _parsed("choice_filter", "g = ${a}", "g = '1'", "name != 'z'", "g = ${b} or ${b} = ''"),
    _random(column=True),
)
CALCULATION = st.one_of(
    st.none(),
    _parsed("calculation", "concat(${a}, 'x')", "${b}", "count-selected(${c})", "${a} + 1"),
    _random(),
)


@st.composite
def form_fields(draw: st.DrawFn, sections: list[str]) -> Field:
    # mostly questions, some notes, calculations and metadata
    kind = draw(st.sampled_from([*sorted(KINDS), *ANSWER_KINDS_ORDERED]))
    choices: tuple[Choice, ...] = ()
    if kind in SELECTS:
        names = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=4))
        choices = tuple(Choice(n, {}, {"g": draw(st.sampled_from(["1", "2", "x"]))}) for n in names)
    return Field(
        name=draw(POOL_NAMES),
        kind=kind,
        labels={},
        hints={},
        required=draw(st.booleans()),
        required_message=draw(st.sampled_from([{}, {"en": "needed"}])),
        relevant=draw(RELEVANT),
        constraint=draw(CONSTRAINT),
        constraint_message=draw(st.sampled_from([{}, {"en": "no"}])),
        choices=choices,
        choice_filter=draw(CHOICE_FILTER) if kind in SELECTS else None,
        calculation=draw(CALCULATION) if kind == "calculate" else None,
        appearance="",
        section=draw(st.sampled_from([None, *sections])),
        row=0,
    )


@st.composite
def form_specs(draw: st.DrawFn) -> FormSpec:
    sections: list[Section] = []
    for index in range(draw(st.integers(0, 3))):
        parent = draw(st.sampled_from([None, *(s.name for s in sections)]))
        sections.append(Section(f"g{index}", {}, draw(RELEVANT), (), parent=parent))
    fields = draw(st.lists(form_fields([s.name for s in sections]), min_size=2, max_size=7))
    return FormSpec(
        form_id="random",
        version="1",
        title={},
        default_language="en",
        languages=("en",),
        fields=tuple(fields),
        sections=tuple(sections),
    )


RAW_VALUES = st.one_of(
    st.none(),
    LITERALS,
    st.sampled_from(CODES),
    value_texts,
    st.sampled_from(["x y", " y  x ", "z z", "w", "2027-01-01", "  "]),
    st.lists(st.sampled_from([*CODES, "w", " ", "x y"]), max_size=3),
    st.integers(-3, 30),
)


SENSIBLE = {
    "text": st.sampled_from(["x", "y", "yes", " 18 ", "2026-01-01"]),
    "integer": st.sampled_from(["0", "18", "17", "+5", "-1", "2"]),
    "decimal": st.sampled_from(["0", "1.50", "-0", "18", ".5"]),
    "date": st.sampled_from(["2026-01-01", "2026-11-20", "2027-01-01"]),
    "select_one": st.sampled_from(CODES),
    "select_multiple": st.lists(st.sampled_from(CODES), min_size=1, max_size=3).map(" ".join),
}


@st.composite
def answers_for(draw: st.DrawFn, spec: FormSpec) -> dict[str, Any]:
    """Mostly answers that fit the question, some that do not, a few unknown keys."""
    raw: dict[str, Any] = {}
    for fld in spec.fields:
        choice = draw(st.sampled_from(["sensible", "sensible", "odd", "absent"]))
        if choice == "sensible" and fld.kind in SENSIBLE:
            raw[fld.name] = draw(SENSIBLE[fld.kind])
        elif choice != "absent":
            raw[fld.name] = draw(RAW_VALUES)
    raw.update(draw(st.fixed_dictionaries({}, optional={"g0": RAW_VALUES, "zz": RAW_VALUES})))
    return raw


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_forms_validate_as_the_reference(data: st.DataObject) -> None:
    spec = data.draw(form_specs())
    raw = data.draw(answers_for(spec))
    result = assert_same_result(spec, raw)
    for code in sorted({e.code for errors in result.errors.values() for e in errors}):
        event(code)
    event(f"{len(result.clean)} clean")


def _spec(fields: list[Field], sections: list[Section]) -> FormSpec:
    return FormSpec("f", "1", {}, "en", ("en",), tuple(fields), tuple(sections))


def _field(name: str, section: str | None, relevant: str | None = None, kind: str = "text") -> Field:
    tree = None if relevant is None else ex.parse(relevant, context="relevant")
    return Field(name, kind, {}, {}, False, {}, tree, None, {}, (), None, None, "", section, 0)


def test_a_group_condition_is_evaluated_again_when_an_answer_it_reads_changes() -> None:
    calc = ex.parse("concat(${a}, 'x')", context="calculation")
    fields = [
        _field("a", "g"),
        _field("b", "g"),
        Field("k", "calculate", {}, {}, False, {}, None, None, {}, (), None, calc, "", "g", 0),
        _field("c", "g"),
        _field("d", None),
    ]
    group = Section("g", {}, ex.parse("${a} = '' or ${k} = ''", context="relevant"), ())
    spec = _spec(fields, [group])
    # the group applies until the calculation k is made, so c's answer is discarded
    result = assert_same_result(spec, {"a": "1", "b": "2", "c": "3", "d": "4"})
    assert result.errors == {}
    assert result.discarded == ["c"]
    assert result.clean == {"a": "1", "b": "2", "d": "4"}


def test_nested_groups_combine_their_conditions() -> None:
    outer = Section("outer", {}, ex.parse("${a} != 'stop'", context="relevant"), ())
    inner = Section("inner", {}, ex.parse("${b} = 'go'", context="relevant"), (), parent="outer")
    fields = [_field("a", None), _field("b", "outer"), _field("c", "inner"), _field("d", "outer")]
    spec = _spec(fields, [outer, inner])
    for a in ["", "stop"]:
        for b in ["", "go", "no"]:
            assert_same_result(spec, {"a": a, "b": b, "c": "x", "d": "y"})


def test_the_plan_is_built_once_per_spec_and_released_with_it() -> None:
    spec = _spec([_field("a", None)], [])
    plan = validator._plan_for(spec)
    assert validator._plan_for(spec) is plan
    key = id(spec)
    del spec, plan
    gc.collect()
    assert key not in validator._PLANS
