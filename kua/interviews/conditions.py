"""When a question applies, in words: "only if «Did you complain?» is «Yes»".

Without JavaScript every question is on the page, so a follow-up says when it applies instead
of carrying a red `*` (an answer to it that does not apply is dropped: kua.questionnaires.validator).
The usual XLSForm conditions are put in words (= and != of a choice or a text, selected(),
count-selected() > 0, number comparisons, an empty answer, and/or); anything else gets one
general sentence. Labels and choices come in the active language."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kua.questionnaires import expressions as ex
from kua.questionnaires.spec import FormSpec

_LONGEST = 44  # characters of a question's label, at most (about)
_COMPARISONS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


class _Unsaid(Exception):
    """A part of the condition that has no plain words here."""


def only_if(spec: FormSpec, condition: ex.Expr | None) -> str:
    """ "only if …" for a condition ('' when there is none), in the active language."""
    if condition is None:
        return ""
    try:
        words = _say(spec, condition)
    except _Unsaid:
        return _("only if it applies with the earlier answers")
    return _("only if %(condition)s") % {"condition": words}


def _say(spec: FormSpec, node: ex.Expr, within: str = "") -> str:
    """The condition in words; `within`: the and/or it is part of (a different one is
    bracketed, so that "a and (b or c)" keeps its meaning)."""
    if isinstance(node, ex.Binary) and node.op in ("and", "or"):
        parts = {"a": _say(spec, node.left, node.op), "b": _say(spec, node.right, node.op)}
        text = _("%(a)s and %(b)s") % parts if node.op == "and" else _("%(a)s or %(b)s") % parts
        return text if within in ("", node.op) else f"({text})"
    if isinstance(node, ex.Call) and node.name == "selected" and len(node.args) == 2:
        return _equal(spec, node.args[0], node.args[1], negated=False)
    if isinstance(node, ex.Call) and node.name == "not" and len(node.args) == 1:
        inner = node.args[0]
        if isinstance(inner, ex.Call) and inner.name == "selected" and len(inner.args) == 2:
            return _equal(spec, inner.args[0], inner.args[1], negated=True)
    if isinstance(node, ex.Binary) and node.op in ("=", "!="):
        return _equal(spec, node.left, node.right, negated=node.op == "!=")
    if isinstance(node, ex.Binary) and node.op in _COMPARISONS:
        return _compare(spec, node)
    raise _Unsaid()


def _question(spec: FormSpec, node: ex.Expr) -> str:
    if not isinstance(node, ex.Ref) or not spec.has_field(node.name):
        raise _Unsaid()
    label = spec.text(spec.field(node.name).labels, get_language())
    if not label:
        raise _Unsaid()
    return _("«%(label)s»") % {"label": _short(label)}


def _short(label: str) -> str:
    """A long question cut in the middle between whole words: its start and its end tell it
    apart (two questions may start alike), and the entry page keeps within its size budget."""
    if len(label) <= _LONGEST:
        return label
    half = _LONGEST // 2
    head = label[:half].rsplit(" ", 1)[0].rstrip(" ,;:")
    tail = label[-half:].split(" ", 1)[-1]
    return f"{head} … {tail}"


def _answer(spec: FormSpec, ref: ex.Ref, code: str) -> str:
    choices = {c.name: c for c in spec.field(ref.name).choices}
    choice = choices.get(code)
    text = spec.text(choice.labels, get_language()) if choice is not None else code
    return _("«%(label)s»") % {"label": text or code}


def _equal(spec: FormSpec, left: ex.Expr, right: ex.Expr, *, negated: bool) -> str:
    question = _question(spec, left)
    if not isinstance(right, ex.Str) or not isinstance(left, ex.Ref):
        raise _Unsaid()
    if right.value == "":
        if negated:
            return _("%(question)s is answered") % {"question": question}
        return _("%(question)s is not answered") % {"question": question}
    values = {"question": question, "answer": _answer(spec, left, right.value)}
    if negated:
        return _("%(question)s is not %(answer)s") % values
    return _("%(question)s is %(answer)s") % values


def _compare(spec: FormSpec, node: ex.Binary) -> str:
    left, right = node.left, node.right
    if isinstance(left, ex.Call) and left.name == "count-selected" and len(left.args) == 1:
        if node.op == ">" and isinstance(right, ex.Num) and right.value == 0:
            return _("at least one answer is chosen in %(question)s") % {
                "question": _question(spec, left.args[0])
            }
        raise _Unsaid()
    if not isinstance(right, ex.Num):
        raise _Unsaid()
    number = int(right.value) if right.value == int(right.value) else right.value
    return f"{_question(spec, left)} {_COMPARISONS[node.op]} {number}"
