"""Hypothesis strategies for expression trees and the values they see."""

from __future__ import annotations

from hypothesis import strategies as st

from kua.questionnaires import expressions as ex

WORDS = {"and", "or", "div", "mod"}
names = st.one_of(
    st.sampled_from(["a", "b", "age", "x_1"]),
    st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True).filter(lambda n: n not in WORDS),
)
# Text without lone surrogates, and never both kinds of quote (XPath cannot write that).
texts = st.text(st.characters(exclude_categories=["Cs"]), max_size=8).filter(
    lambda s: not ("'" in s and '"' in s)
)
# Values that hit the numeric and list coercions often.
value_texts = st.one_of(
    st.sampled_from(["", "0", "1", "-1", "1.5", " 2 ", ".5", "18", "a", "a b", "2024-01-31", "NaN", "1e3"]),
    st.text(alphabet="0123456789 .-ab", max_size=6),
)
numbers = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(float),
    st.floats(min_value=0, allow_nan=False, allow_infinity=False).map(abs),
)
SAFE_PATTERNS = ["^a", "b$", "^[0-9]{2}$", "[a-c]+", "^$", ".", "^(a|b) c$", "[А-Яа-я]"]


def _calls(children: st.SearchStrategy[ex.Expr]) -> st.SearchStrategy[ex.Expr]:
    def call(name: str, *args: st.SearchStrategy[ex.Expr]) -> st.SearchStrategy[ex.Expr]:
        return st.tuples(*args).map(lambda a: ex.Call(name, tuple(a)))

    return st.one_of(
        call("not", children),
        call("selected", children, children),
        call("count-selected", children),
        st.just(ex.Call("today", ())),
        call("string-length", children),
        call("regex", children, st.sampled_from(SAFE_PATTERNS).map(ex.Str)),
        st.lists(children, min_size=1, max_size=4).map(lambda a: ex.Call("concat", tuple(a))),
    )


def expressions(
    *,
    current: bool = False,
    column: bool = False,
    ref_names: st.SearchStrategy[str] = names,
    literals: st.SearchStrategy[str] = texts,
    max_leaves: int = 12,
) -> st.SearchStrategy[ex.Expr]:
    """Trees the parser could produce; ``.`` and bare column names only when asked.
    ``ref_names`` are the names referred to as ``${name}`` (and read as columns)."""
    leaves: list[st.SearchStrategy[ex.Expr]] = [
        ref_names.map(ex.Ref),
        literals.map(ex.Str),
        numbers.map(ex.Num),
    ]
    if current:
        leaves.append(st.just(ex.Current()))
    if column:
        leaves.append(ref_names.map(ex.Column))

    def extend(children: st.SearchStrategy[ex.Expr]) -> st.SearchStrategy[ex.Expr]:
        return st.one_of(
            children.map(ex.Neg),
            st.tuples(st.sampled_from(sorted(ex.PRECEDENCE)), children, children).map(
                lambda t: ex.Binary(*t)
            ),
            _calls(children),
        )

    return st.recursive(st.one_of(leaves), extend, max_leaves=max_leaves)


def envs(ref_names: st.SearchStrategy[str] = names) -> st.SearchStrategy[ex.Env]:
    answers = st.one_of(st.none(), value_texts, st.lists(value_texts.filter(bool), max_size=3))
    return st.builds(
        ex.Env,
        values=st.dictionaries(ref_names, answers, max_size=6),
        current=answers,
        today=st.sampled_from(["2026-11-20", "2000-01-01"]),
        option=st.dictionaries(ref_names, value_texts, max_size=3),
    )
