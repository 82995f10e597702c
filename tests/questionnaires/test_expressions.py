"""The expression subset: parsing, printing, compiling and the contract's semantics."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kua.questionnaires import expressions as ex
from kua.questionnaires.expressions import Binary, Call, Column, Context, Current, Env, Neg, Num, Ref, Str

from .strategies import envs, expressions

# ---------------------------------------------------------------------------
# Parsing


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("${a}", Ref("a")),
        ("${ a }", Ref("a")),
        ("'it'", Str("it")),
        ('"it\'s"', Str("it's")),
        ("18", Num(18.0)),
        ("0.5", Num(0.5)),
        (".5", Num(0.5)),
        ("1 + 2 * 3", Binary("+", Num(1), Binary("*", Num(2), Num(3)))),
        ("(1 + 2) * 3", Binary("*", Binary("+", Num(1), Num(2)), Num(3))),
        ("1 - 2 - 3", Binary("-", Binary("-", Num(1), Num(2)), Num(3))),
        ("8 div 4 div 2", Binary("div", Binary("div", Num(8), Num(4)), Num(2))),
        ("7 mod 4 * 2", Binary("*", Binary("mod", Num(7), Num(4)), Num(2))),
        ("-2 * 3", Binary("*", Neg(Num(2)), Num(3))),
        ("- -1", Neg(Neg(Num(1)))),
        ("1 < 2 = 2 > 1", Binary("=", Binary("<", Num(1), Num(2)), Binary(">", Num(2), Num(1)))),
        (
            "${a} = 'x' or ${b} = 'y' and ${c} != 'z'",
            Binary(
                "or",
                Binary("=", Ref("a"), Str("x")),
                Binary("and", Binary("=", Ref("b"), Str("y")), Binary("!=", Ref("c"), Str("z"))),
            ),
        ),
        ("${age} >= 18 and ${age} <= 90", None),
        ("count-selected(${p}) > 0", Binary(">", Call("count-selected", (Ref("p"),)), Num(0))),
        ("not(selected(${k}, 'sw'))", Call("not", (Call("selected", (Ref("k"), Str("sw"))),))),
        ("today()", Call("today", ())),
        ("concat(${a}, '-', ${b})", Call("concat", (Ref("a"), Str("-"), Ref("b")))),
        ("string-length(${a})", Call("string-length", (Ref("a"),))),
        ("1and 2", Binary("and", Num(1), Num(2))),
    ],
)
def test_parse_builds_the_tree_with_xpath_precedence(text: str, tree: ex.Expr | None) -> None:
    parsed = ex.parse(text, context=Context.RELEVANT)
    if tree is not None:
        assert parsed == tree
    assert ex.parse(ex.to_text(parsed), context=Context.RELEVANT) == parsed


def test_dot_is_the_answer_in_a_constraint() -> None:
    tree = ex.parse(". >= 18 and . <= 90", context="constraint")
    assert tree == Binary("and", Binary(">=", Current(), Num(18)), Binary("<=", Current(), Num(90)))


def test_bare_names_are_option_columns_in_a_choice_filter() -> None:
    tree = ex.parse("region = ${residence_region}", context=Context.CHOICE_FILTER)
    assert tree == Binary("=", Column("region"), Ref("residence_region"))
    assert ex.columns(tree) == {"region"}
    assert ex.references(tree) == {"residence_region"}


@pytest.mark.parametrize(
    ("text", "context", "message_part"),
    [
        ("if(${a}, 1, 2)", "relevant", "Unknown function if()"),
        ("pulldata('f', 'a', 'b', 'c')", "calculation", "Unknown function pulldata()"),
        ("position(..)", "relevant", "Unknown function position()"),
        ("true()", "relevant", "Unknown function true()"),
        ("${a} | ${b}", "relevant", "“|” at position 6"),
        ("/data/a = 1", "relevant", "“/” at position 1"),
        ("${a}[1]", "relevant", "“[” at position 5"),
        ("@id = 1", "relevant", "“@”"),
        ("$a = 1", "relevant", "Malformed reference"),
        ("${} = 1", "relevant", "Malformed reference"),
        ("${a = 1", "relevant", "Malformed reference"),
        ("'abc", "relevant", "no closing quote"),
        ("", "relevant", "empty"),
        ("   ", "relevant", "empty"),
        ("1 +", "relevant", "ends too early"),
        ("(1 + 2", "relevant", "Expected “)”"),
        ("1 2", "relevant", "Unexpected “2”"),
        ("and 1", "relevant", "Unexpected “and”"),
        ("1 == 2", "relevant", "Unexpected “=”"),
        ("1 <> 2", "relevant", "Unexpected “>”"),
        ("not(1, 2)", "relevant", "takes 1 argument"),
        ("today(1)", "relevant", "takes 0 argument"),
        ("concat()", "calculation", "at least 1"),
        ("selected(${a})", "relevant", "takes 2 argument"),
        ("regex(., ${a})", "constraint", "in quotes"),
        ("regex(., '(?P<n>a)')", "constraint", "not every browser"),
        ("regex(., '[a')", "constraint", "not valid"),
        ("date(${a})", "constraint", "in quotes"),
        ("date('2000-02-30')", "constraint", "in quotes"),
        ("date('1 Jan 2000')", "constraint", "in quotes"),
        ("date()", "constraint", "takes 1 argument"),
        (". > 1", "relevant", "only be used in a constraint"),
        (". > 1", "choice_filter", "only be used in a constraint"),
        ("region = ${r}", "relevant", "“region” at position 1 is not understood"),
        ("age > 18", "constraint", "${age}"),
        ("(" * 40 + "1" + ")" * 40, "relevant", "nested too deeply"),
        ("-" * 40 + "1", "relevant", "nested too deeply"),
        (" or ".join(["${a} = 1"] * 150), "relevant", "nested too deeply"),
        ("1" * 5000, "relevant", "longer than"),
    ],
)
def test_out_of_subset_is_refused_with_a_clear_message(text: str, context: str, message_part: str) -> None:
    with pytest.raises(ex.ExpressionError) as caught:
        ex.parse(text, context=context)
    assert message_part in caught.value.message
    assert str(caught.value) == caught.value.message


def test_unknown_context_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="nowhere"):
        ex.parse("1", context="nowhere")


# ---------------------------------------------------------------------------
# Semantics (docs/questionnaire-logic.md)

ENV = Env(
    values={
        "empty": "",
        "age": "17",
        "adult": "32",
        "decimal": "18.0",
        "word": "abc",
        "multi": ["sex_worker", "pwid"],
        "multi_text": "a  b\tc",
        "date": "2026-11-02",
        "future": "2026-12-01",
        "zero": "0",
    },
    current="2026-11-02",
    today="2026-11-20",
    option={"region": "zhetysu"},
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an unanswered question is ''
        ("${missing} = ''", True),
        ("${empty} = ''", True),
        ("${missing}", ""),
        # = and != : a number on either side compares as numbers; empty is NaN
        ("${empty} = 0", False),
        ("${empty} != 0", True),
        ("${zero} = 0", True),
        ("${decimal} = 18", True),
        ("${decimal} = '18'", False),
        ("${age} = '17'", True),
        ("'abc' = 'abc'", True),
        ("${word} = 0", False),
        ("1 = 1.0", True),
        ("(1 = 1) = 'x'", True),  # a boolean on one side compares as booleans
        ("(1 = 2) = ''", True),
        # < <= > >= : numbers if both convert, else strings; NaN is false
        ("${age} < 18", True),
        ("${adult} >= 18", True),
        ("${empty} < 18", False),
        ("${empty} >= 18", False),
        ("${word} > 0", False),
        ("'10' < '9'", False),
        ("'abc' < 'abd'", True),
        ("${date} <= today()", True),
        ("${future} <= today()", False),
        ("${date} >= '2000-01-01'", True),
        (". <= today()", True),
        ("${empty} != '' and ${empty} < 18", False),
        ("${age} != '' and ${age} < 18", True),
        # and / or / not: truthiness
        ("not('')", True),
        ("not('0')", False),
        ("not(0)", True),
        ("not(0 div 0)", True),
        ("not(${word})", False),
        ("${empty} or ${word}", True),
        ("${empty} and 1", False),
        ("1 and 2", True),
        # selected / count-selected
        ("selected(${multi}, 'pwid')", True),
        ("selected(${multi}, 'plhiv')", False),
        ("selected(${multi_text}, 'b')", True),
        ("selected(${word}, 'b')", False),
        ("selected(${empty}, '')", False),
        ("count-selected(${multi})", 2.0),
        ("count-selected(${multi_text})", 3.0),
        ("count-selected(${empty})", 0.0),
        ("count-selected(${missing}) > 0", False),
        ("today()", "2026-11-20"),
        # arithmetic
        ("1 + 2 * 3", 7.0),
        ("7 div 2", 3.5),
        ("7 mod 3", 1.0),
        ("-7 mod 3", -1.0),
        ("2 - 3 - 4", -5.0),
        ("${adult} + 1", 33.0),
        ("${age} * 2 = 34", True),
        ("string-length('абв')", 3.0),
        ("string-length(${missing})", 0.0),
        ("concat(${age}, '-', ${multi})", "17-sex_worker pwid"),
        ("concat(1 div 4, 2 = 2, 10)", "0.25true10"),
        ("regex('Ай', '^[A-Za-zА-Яа-яЁё]{2}$')", True),
        ("regex('Айг', '^[A-Za-zА-Яа-яЁё]{2}$')", False),
        ("regex(${missing}, '^$')", True),
        ("date('2000-01-01')", "2000-01-01"),
        ("'2026-11-02' >= date('2000-01-01')", True),
        ("'1999-12-31' >= date('2000-01-01')", False),
    ],
)
def test_semantics_table(text: str, expected: ex.Value) -> None:
    value = ex.evaluate(ex.parse(text, context=Context.CONSTRAINT), ENV)
    assert type(value) is type(expected)
    assert value == expected


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("${empty} + 1", math.isnan),
        ("-${empty}", math.isnan),
        ("0 div 0", math.isnan),
        ("1 div 0", lambda v: v == math.inf),
        ("-1 div 0", lambda v: v == -math.inf),
        ("5 mod 0", math.isnan),
    ],
)
def test_nan_and_infinity(text: str, check: object) -> None:
    value = ex.evaluate(ex.parse(text, context=Context.CALCULATION), ENV)
    assert isinstance(value, float)
    assert check(value)  # type: ignore[operator]


def test_choice_filter_reads_the_option_columns() -> None:
    tree = ex.parse("region = ${r}", context=Context.CHOICE_FILTER)
    assert ex.evaluate(tree, Env(values={"r": "zhetysu"}, option={"region": "zhetysu"})) is True
    assert ex.evaluate(tree, Env(values={"r": "zhetysu"}, option={"region": "almaty_region"})) is False
    assert ex.evaluate(tree, Env(values={"r": "zhetysu"})) is False


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (math.nan, "NaN"),
        (math.inf, "Infinity"),
        (-math.inf, "-Infinity"),
        (-0.0, "0"),
        (18.0, "18"),
        (0.1 + 0.2, "0.30000000000000004"),
        (1e16, "10000000000000000"),
        (1e21, "1e+21"),
        (1.5e-7, "1.5e-7"),
        (0.000001, "0.000001"),
        (True, "true"),
        (False, "false"),
    ],
)
def test_numbers_are_written_as_the_browser_writes_them(value: ex.Value, text: str) -> None:
    assert ex.to_string(value) == text


@pytest.mark.parametrize(
    ("text", "number"),
    [("18", 18.0), (" 2 ", 2.0), ("-1.5", -1.5), (".5", 0.5), ("5.", 5.0)],
)
def test_to_number_reads_plain_decimals(text: str, number: float) -> None:
    assert ex.to_number(text) == number


@pytest.mark.parametrize("text", ["", "1e3", "0x10", "+1", "1,5", "Infinity", "NaN", "١٢", "1 2"])
def test_to_number_refuses_anything_else(text: str) -> None:
    assert math.isnan(ex.to_number(text))


# ---------------------------------------------------------------------------
# Printing and compiling


def test_to_json_is_compact_and_plain() -> None:
    tree = ex.parse(
        "${consent} = 'yes' and (${age} = '' or ${age} >= 18) and count-selected(${p}) > 0.5",
        context=Context.RELEVANT,
    )
    compiled = ex.to_json(tree)
    assert compiled == [
        "and",
        [
            "and",
            ["=", ["$", "consent"], "yes"],
            ["or", ["=", ["$", "age"], ""], [">=", ["$", "age"], 18]],
        ],
        [">", ["count-selected", ["$", "p"]], 0.5],
    ]
    assert json.loads(json.dumps(compiled)) == compiled
    assert ex.to_json(ex.parse(". = 'yes'", context="constraint")) == ["=", ["."], "yes"]
    assert ex.to_json(ex.parse("region = 'a'", context="choice_filter")) == ["=", ["@", "region"], "a"]
    assert ex.to_json(ex.parse("-today()", context="calculation")) == ["neg", ["today"]]


def test_references_and_walk() -> None:
    tree = ex.parse("concat(${a}, ${b}, selected(${a}, 'x'))", context=Context.CALCULATION)
    assert ex.references(tree) == {"a", "b"}
    assert sum(1 for _ in ex.walk(tree)) == 6
    assert ex.depth(tree) == 3


def test_a_string_with_both_quotes_cannot_be_printed() -> None:
    with pytest.raises(ValueError, match="quote"):
        ex.to_text(Str('it\'s "x"'))


@settings(max_examples=300)
@given(expressions(current=True))
def test_printed_tree_parses_back_to_itself(tree: ex.Expr) -> None:
    assert ex.parse(ex.to_text(tree), context=Context.CONSTRAINT) == tree


@settings(max_examples=200)
@given(expressions(column=True))
def test_printed_filter_parses_back_to_itself(tree: ex.Expr) -> None:
    assert ex.parse(ex.to_text(tree), context=Context.CHOICE_FILTER) == tree


@settings(max_examples=200)
@given(expressions(current=True, column=True))
def test_compiled_json_round_trips(tree: ex.Expr) -> None:
    compiled = ex.to_json(tree)
    assert ex.from_json(json.loads(json.dumps(compiled))) == tree


@settings(max_examples=300)
@given(expressions(current=True, column=True), envs())
def test_evaluation_never_raises_and_gives_an_xpath_value(tree: ex.Expr, env: Env) -> None:
    value = ex.evaluate(tree, env)
    assert isinstance(value, str | float | bool)
    assert isinstance(ex.truthy(value), bool)
    assert isinstance(ex.to_string(value), str)


@settings(max_examples=200)
@given(st.text(max_size=40), st.sampled_from(list(Context)))
def test_parse_never_raises_anything_but_expression_error(text: str, context: Context) -> None:
    outcome = _parse_or_error(text, context)
    if isinstance(outcome, ex.ExpressionError):
        assert outcome.message
    else:
        assert ex.parse(ex.to_text(outcome), context=context) == outcome


def _parse_or_error(text: str, context: Context) -> ex.Expr | ex.ExpressionError:
    try:
        return ex.parse(text, context=context)
    except ex.ExpressionError as error:
        return error
