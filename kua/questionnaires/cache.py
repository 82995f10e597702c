"""The compiled form cache: a FormSpec to and from plain JSON (never pickle).

Expressions are stored as tagged trees, so reading the cache parses nothing.

A projection of the installed forms (docs/architecture.md): it may write outside a service,
at form install and in `form_cache_refresh` (serve start-up, `kua maintain`), never for a reader."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from kua.questionnaires import expressions as ex
from kua.questionnaires.models import CompiledForm
from kua.questionnaires.spec import Choice, Field, FormSpec, Section

FORMAT = 1  # raise when the loader's output or this encoding changes


def expr_to_json(expr: ex.Expr | None) -> Any:
    match expr:
        case None:
            return None
        case ex.Ref(name):
            return ["ref", name]
        case ex.Current():
            return ["cur"]
        case ex.Column(name):
            return ["col", name]
        case ex.Str(value):
            return ["str", value]
        case ex.Num(value):
            return ["num", value]
        case ex.Neg(operand):
            return ["neg", expr_to_json(operand)]
        case ex.Binary(op, left, right):
            return ["bin", op, expr_to_json(left), expr_to_json(right)]
        case ex.Call(name, args):
            return ["call", name, [expr_to_json(a) for a in args]]
    raise ValueError(f"not an expression: {expr!r}")


def expr_from_json(data: Any) -> ex.Expr | None:
    if data is None:
        return None
    tag = data[0]
    if tag == "ref":
        return ex.Ref(str(data[1]))
    if tag == "col":
        return ex.Column(str(data[1]))
    if tag == "str":
        return ex.Str(str(data[1]))
    if tag == "cur":
        return ex.Current()
    if tag == "num":
        return ex.Num(float(data[1]))
    if tag == "neg":
        return ex.Neg(_expr(data[1]))
    if tag == "bin":
        return ex.Binary(str(data[1]), _expr(data[2]), _expr(data[3]))
    if tag == "call":
        return ex.Call(str(data[1]), tuple(_expr(a) for a in data[2]))
    raise ValueError(f"unknown expression tag {tag!r}")


def _expr(data: Any) -> ex.Expr:
    expr = expr_from_json(data)
    if expr is None:
        raise ValueError("an operand is missing")
    return expr


def _field_to_json(f: Field) -> dict[str, Any]:
    return {
        "name": f.name, "kind": f.kind, "labels": f.labels, "hints": f.hints, "required": f.required,
        "required_message": f.required_message, "relevant": expr_to_json(f.relevant),
        "constraint": expr_to_json(f.constraint), "constraint_message": f.constraint_message,
        "choices": [[c.name, c.labels, c.extra] for c in f.choices],
        "choice_filter": expr_to_json(f.choice_filter), "calculation": expr_to_json(f.calculation),
        "appearance": f.appearance, "section": f.section, "row": f.row,
    }  # fmt: skip


def _field_from_json(d: dict[str, Any]) -> Field:
    return Field(
        name=d["name"], kind=d["kind"], labels=d["labels"], hints=d["hints"], required=d["required"],
        required_message=d["required_message"], relevant=expr_from_json(d["relevant"]),
        constraint=expr_from_json(d["constraint"]), constraint_message=d["constraint_message"],
        choices=tuple(Choice(name, labels, extra) for name, labels, extra in d["choices"]),
        choice_filter=expr_from_json(d["choice_filter"]), calculation=expr_from_json(d["calculation"]),
        appearance=d["appearance"], section=d["section"], row=d["row"],
    )  # fmt: skip


def spec_to_json(spec: FormSpec) -> dict[str, Any]:
    return {
        "form_id": spec.form_id,
        "version": spec.version,
        "title": spec.title,
        "default_language": spec.default_language,
        "languages": list(spec.languages),
        "fields": [_field_to_json(f) for f in spec.fields],
        "sections": [
            [s.name, s.labels, expr_to_json(s.relevant), list(s.fields), s.parent, s.row]
            for s in spec.sections
        ],
    }


def spec_from_json(d: dict[str, Any]) -> FormSpec:
    return FormSpec(
        form_id=d["form_id"],
        version=d["version"],
        title=d["title"],
        default_language=d["default_language"],
        languages=tuple(d["languages"]),
        fields=tuple(_field_from_json(f) for f in d["fields"]),
        sections=tuple(
            Section(name, labels, expr_from_json(relevant), tuple(fields), parent, row)
            for name, labels, relevant, fields, parent, row in d["sections"]
        ),
    )


def cached_spec(sha256: str) -> FormSpec | None:
    row = CompiledForm.objects.filter(sha256=sha256, format=FORMAT).values_list("body", flat=True).first()
    if row is None:
        return None
    try:
        return spec_from_json(row)
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # a damaged entry: the workbook is parsed again


def cache_spec(sha256: str, spec: FormSpec) -> None:
    """Write (or write again over a damaged entry) the compiled form: on write paths only."""
    try:
        with transaction.atomic():
            CompiledForm.objects.update_or_create(
                sha256=sha256, format=FORMAT, defaults={"body": spec_to_json(spec)}
            )
    except IntegrityError:
        pass  # another process cached it first
