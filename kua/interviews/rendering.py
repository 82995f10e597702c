"""Turns a FormSpec into what the entry and detail templates show, in one language."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kua.interviews.conditions import only_if
from kua.localformat import format_date
from kua.questionnaires import expressions as ex
from kua.questionnaires.spec import Choice, Field, FormSpec
from kua.questionnaires.validator import FieldError

HIDDEN_KINDS = {"calculate", "metadata"}
RADIO_LIMIT = 8


def pick(texts: dict[str, str], spec: FormSpec) -> str:
    """The text in the active language, else the form's default, else any."""
    language = (get_language() or "ru").split("-")[0]
    for key in (language, spec.default_language, "default"):
        if texts.get(key):
            return texts[key]
    return next((text for text in texts.values() if text), "")


@dataclass
class ChoiceView:
    code: str
    label: str
    checked: bool
    filter_query: str  # the option's choices-sheet columns, URL-encoded (short in HTML)


@dataclass
class QuestionView:
    name: str
    kind: str
    label: str
    hint: str
    required: bool
    widget: str
    value: str
    values: list[str]
    choices: list[ChoiceView]
    errors: list[str]
    hidden_until_relevant: bool
    max_length: int | None = None
    autofocus: bool = False
    # When the question applies, in words ('' if always): shown instead of a red * without
    # JavaScript, since an answer to a question that does not apply is dropped.
    only_if: str = ""


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: a link to the control of the question."""

    anchor: str
    label: str
    message: str


@dataclass
class SectionView:
    name: str
    label: str
    questions: list[QuestionView] = field(default_factory=list)


def _widget(spec_field: Field) -> str:
    if spec_field.kind == "text":
        return "textarea" if "multiline" in spec_field.appearance else "text"
    if spec_field.kind == "select_one":
        if spec_field.choice_filter is not None or len(spec_field.choices) > RADIO_LIMIT:
            return "select"
        return "radio"
    if spec_field.kind == "select_multiple":
        return "checkbox"
    return spec_field.kind


def _choice(choice: Choice, spec: FormSpec, selected: list[str], filtered: bool) -> ChoiceView:
    filter_query = urlencode(dict(choice.extra)) if filtered else ""
    return ChoiceView(choice.name, pick(dict(choice.labels), spec), choice.name in selected, filter_query)


_LENGTH_OPS = {"=": 0, "<=": 0, "<": -1}


def max_length(constraint: ex.Expr | None) -> int | None:
    """The longest answer a constraint allows, where it says so with string-length(.)."""
    if constraint is None:
        return None
    limits: list[int] = []
    for node in ex.walk(constraint):
        if not (isinstance(node, ex.Binary) and node.op in _LENGTH_OPS):
            continue
        if node.left == ex.Call("string-length", (ex.Current(),)) and isinstance(node.right, ex.Num):
            limits.append(int(node.right.value) + _LENGTH_OPS[node.op])
    return min(limits) if limits else None


def _raw_values(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, list):
        return [str(v) for v in raw]
    return str(raw).split()


def question_view(spec: FormSpec, spec_field: Field, raw: Any, errors: list[FieldError]) -> QuestionView:
    selected = _raw_values(raw) if spec_field.kind.startswith("select") else []
    filtered = spec_field.choice_filter is not None
    return QuestionView(
        name=spec_field.name,
        kind=spec_field.kind,
        label=pick(dict(spec_field.labels), spec),
        hint=pick(dict(spec_field.hints), spec),
        required=spec_field.required,
        widget=_widget(spec_field),
        value="" if raw is None or isinstance(raw, list) else str(raw),
        values=selected,
        choices=[_choice(c, spec, selected, filtered) for c in spec_field.choices],
        errors=[str(e.message) for e in errors],
        hidden_until_relevant=spec_field.kind == "note" and spec_field.relevant is not None,
        max_length=max_length(spec_field.constraint) if spec_field.kind == "text" else None,
        only_if=only_if(spec, spec_field.relevant) if spec_field.takes_answer else "",
    )


def entry_sections(
    spec: FormSpec, raw: dict[str, Any], errors: dict[str, list[FieldError]]
) -> list[SectionView]:
    sections: dict[str | None, SectionView] = {}
    for section in spec.sections:
        sections[section.name] = SectionView(section.name, pick(dict(section.labels), spec))
    for spec_field in spec.fields:
        if spec_field.kind in HIDDEN_KINDS:
            continue
        target = sections.setdefault(spec_field.section, SectionView(spec_field.section or "main", ""))
        target.questions.append(
            question_view(spec, spec_field, raw.get(spec_field.name), errors.get(spec_field.name, []))
        )
    shown = [s for s in sections.values() if s.questions]
    first = next((q for s in shown for q in s.questions if q.errors), None)
    if first is not None:
        first.autofocus = True
    return shown


def discarded_message(spec: FormSpec, names: tuple[str, ...]) -> str:
    """After saving: which answers were dropped (their questions did not apply), by label."""
    labels = [
        _("«%(label)s»") % {"label": pick(dict(spec.field(name).labels), spec) or name}
        for name in names
        if spec.has_field(name)
    ]
    return _(
        "Not kept: the answers to questions that do not apply with the other answers: %(questions)s."
    ) % {"questions": ", ".join(labels)}


def error_summary(sections: list[SectionView]) -> list[ErrorLink]:
    """Every refused answer in form order, for the list at the top of the page."""
    return [
        ErrorLink(f"f-{q.name}", q.label, message)
        for section in sections
        for q in section.questions
        for message in q.errors
    ]


# What django.utils.html.json_script escapes: the JSON cannot end the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class _CompactJSON(DjangoJSONEncoder):
    item_separator, key_separator = ",", ":"


def compact_script(value: Any, element_id: str) -> SafeString:
    """A <script type="application/json"> element, compact and escaped as json_script escapes;
    letters as UTF-8 rather than \\u escapes (a Cyrillic letter: 2 bytes instead of 6)."""
    text = json.dumps(value, cls=_CompactJSON, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))  # noqa: S308


def logic_script(spec: FormSpec) -> SafeString:
    """The <script type="application/json" id="kua-logic"> element, compact and escaped."""
    return compact_script(logic(spec), "kua-logic")


def logic(spec: FormSpec) -> dict[str, Any]:
    """The compiled logic, with each required question's message in the active language;
    keys that are null or false are left out (the script reads a missing key as either)."""
    from kua.questionnaires.loader import form_to_client_json  # pyxform is slow to import: only when needed

    compiled = form_to_client_json(spec)
    default = _("This question must be answered.")
    items = []
    for item in compiled["items"]:
        if item.get("required"):
            message = pick(dict(spec.field(item["field"]).required_message), spec)
            item["message"] = message or default
        items.append({key: value for key, value in item.items() if value is not None and value is not False})
    return {**compiled, "items": items}  # without null and false: the page stays small


@dataclass
class AnswerView:
    label: str
    text: str


def answer_sections(spec: FormSpec, answers: dict[str, Any]) -> list[tuple[str, list[AnswerView]]]:
    """The answers given, with question and choice labels, section by section."""
    out: list[tuple[str, list[AnswerView]]] = []
    titles = {s.name: pick(dict(s.labels), spec) for s in spec.sections}
    current: str | None = "\0"
    for spec_field in spec.fields:
        if spec_field.name not in answers:
            continue
        if spec_field.section != current:
            current = spec_field.section
            out.append((titles.get(current or "", ""), []))
        out[-1][1].append(
            AnswerView(
                pick(dict(spec_field.labels), spec), _answer_text(spec, spec_field, answers[spec_field.name])
            )
        )
    return out


def _answer_text(spec: FormSpec, spec_field: Field, value: Any) -> str:
    if spec_field.kind == "date":
        return _date_text(value)
    if not spec_field.kind.startswith("select"):
        return str(value)
    labels = {c.name: pick(dict(c.labels), spec) for c in spec_field.choices}
    codes = value if isinstance(value, list) else [value]
    return "; ".join(labels.get(str(code), str(code)) for code in codes)


def _date_text(value: Any) -> str:
    """A date answer as the reader's language writes it (01.12.2026), not as stored (ISO)."""
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day, (get_language() or "ru").split("-")[0])
