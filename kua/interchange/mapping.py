"""From the columns of an NGO's table (ours, KoboToolbox's or ODK Central's) to raw answers.

Group prefixes are stripped (`group_police/police_complained`, `grp-police_complained`);
a select_multiple may come as one column of codes or as one 0/1 column per option
(`police_violations/extortion`); metadata columns are recognised; an instance id
(`meta/instanceID`, `_uuid`, `KEY`, or our `record_id`) keeps an import idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kua.interchange import tables
from kua.interchange.formulas import unescape_formula
from kua.interchange.reading import Cell
from kua.questionnaires.spec import FormSpec

# Columns that tools add about a submission, not about the respondent.
METADATA = frozenset(
    [
        "_id",
        "_index",
        "_status",
        "_submitted_by",
        "__version__",
        "_version_",
        "_version",
        "_xform_id_string",
        "_validation_status",
        "_notes",
        "_tags",
        "_geolocation",
        "_attachments",
        "_parent_index",
        "_parent_table_name",
        "_submission_time",
        "_media_count",
        "_media_all_received",
        "_total_media",
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "simserial",
        "subscriberid",
        "phonenumber",
        "audit",
        "submissiondate",
        "submitterid",
        "submittername",
        "attachmentspresent",
        "attachmentsexpected",
        "status",
        "reviewstate",
        "edits",
        "formversion",
        "form_version",
        "deprecatedid",
        "uuid",
        "formhub/uuid",
    ]
)
INSTANCE_COLUMNS = ("meta/instanceid", "meta-instanceid", "instanceid", "_uuid", "key", "record_id")
YES = frozenset({"yes", "1", "true", "да", "иә", "ия", "y"})
NO = frozenset({"no", "0", "false", "нет", "жоқ", "n"})
_SPLIT = re.compile(r"[/\-]")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$")


@dataclass
class ColumnPlan:
    """What each column of the file means."""

    fields: dict[int, str] = field(default_factory=dict)  # column index → field name
    options: dict[int, tuple[str, str]] = field(default_factory=dict)  # → (field, choice code)
    instance: list[int] = field(default_factory=list)  # in order of preference
    documenter: int | None = None
    client_code: int | None = None
    unknown: list[str] = field(default_factory=list)
    column_of_field: dict[str, str] = field(default_factory=dict)  # field → header, for messages
    _converters: list[tuple[int, str, Callable[[str], str]]] | None = None

    def converters(self, spec: FormSpec) -> list[tuple[int, str, Callable[[str], str]]]:
        """(column, field, normaliser) for every answer column, worked out once per file."""
        if self._converters is None:
            self._converters = [(i, name, normaliser(spec, name)) for i, name in self.fields.items()]
        return self._converters


def plan_columns(spec: FormSpec, header: list[str]) -> ColumnPlan:
    plan = ColumnPlan()
    instance_rank: dict[int, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        _place(spec, plan, index, name, instance_rank)
    plan.instance = sorted(instance_rank, key=instance_rank.__getitem__)
    # A single codes column wins over the per-option columns of the same question.
    plan.options = {i: fo for i, fo in plan.options.items() if fo[0] not in plan.fields.values()}
    for index, (field_name, _code) in plan.options.items():
        plan.column_of_field.setdefault(field_name, header[index].rsplit("/", 1)[0])
    return plan


def _place(spec: FormSpec, plan: ColumnPlan, index: int, name: str, rank: dict[int, int]) -> None:
    lower = name.lower()
    if lower in INSTANCE_COLUMNS:
        rank[index] = INSTANCE_COLUMNS.index(lower)
    elif lower == "documenter":
        plan.documenter = index
    elif lower == "client_code":
        plan.client_code = index
    elif not _place_answer(spec, plan, index, name) and not _is_metadata(lower):
        plan.unknown.append(name)


def _is_metadata(lower: str) -> bool:
    return lower in METADATA or _SPLIT.split(lower)[-1] in METADATA or lower.startswith("meta/")


def _place_answer(spec: FormSpec, plan: ColumnPlan, index: int, name: str) -> bool:
    parts = _SPLIT.split(name)
    for position, part in enumerate(parts):
        if not spec.has_field(part) or not spec.field(part).takes_answer:
            continue
        spec_field = spec.field(part)
        rest = parts[position + 1 :]
        if not rest:
            plan.fields[index] = part
            plan.column_of_field[part] = name
            return True
        if spec_field.kind == "select_multiple" and len(rest) == 1 and rest[0] in spec_field.choice_names():
            plan.options[index] = (part, rest[0])
            return True
    return False


def _yes_no(text: str) -> str:
    lowered = text.lower()
    if lowered in YES:
        return "yes"
    if lowered in NO:
        return "no"
    return text


def _date(text: str) -> str:
    match = _DMY.match(text)
    if match:
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    match = _ISO_PREFIX.match(text)
    return match.group(1) if match else text


def _plain(text: str) -> str:
    return text


def normaliser(spec: FormSpec, field_name: str) -> Callable[[str], str]:
    """How one column's non-empty text becomes what the validator takes."""
    spec_field = spec.field(field_name)
    if spec_field.kind == "text":
        return unescape_formula
    if spec_field.kind == "date":
        return _date
    if spec_field.kind == "select_one" and set(spec_field.choice_names()) <= {"yes", "no", "dont_know"}:
        return _yes_no
    return _plain


def normalise(spec: FormSpec, field_name: str, value: Cell) -> str:
    """One cell as the validator takes it: text, ISO dates, yes/no codes."""
    text = tables.cell_text(value)
    return normaliser(spec, field_name)(text) if text else ""


def _selected(value: Cell) -> bool:
    return tables.cell_text(value).lower() in YES


def row_answers(spec: FormSpec, plan: ColumnPlan, cells: list[Cell]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    width = len(cells)
    for index, field_name, convert in plan.converters(spec):
        if index >= width:
            continue
        value = cells[index]
        text = value.strip() if isinstance(value, str) else tables.cell_text(value)
        if text:
            text = convert(text)
            if text:
                raw[field_name] = text
    for index, (field_name, code) in plan.options.items():
        if index < len(cells) and _selected(cells[index]):
            raw.setdefault(field_name, []).append(code)
    return raw


def cell_text(cells: list[Cell], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return tables.cell_text(cells[index])


def instance_id(plan: ColumnPlan, cells: list[Cell]) -> str:
    for index in plan.instance:
        value = cell_text(cells, index)
        if value:
            return value[:100]
    return ""
