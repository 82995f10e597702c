"""Read an XLSForm workbook (.xlsx or .xls) into a ``FormSpec``.

pyxform reads and checks the workbook as ODK would; then every row is checked against
what Kua can take: the question types of ``kua.questionnaires.spec.KINDS``, groups but no
repeats, expressions of the subset in ``kua.questionnaires.expressions`` that refer only to
questions above them. Whatever is refused raises ``FormError`` with a user-facing,
translated message that names the sheet and row where it can (rows counted as in the
spreadsheet, the header being row 1).
"""

from __future__ import annotations

import copy
import logging
import os
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Final, TypeVar

from django.utils.translation import gettext
from pyxform import aliases, constants
from pyxform.builder import create_survey_element_from_dict
from pyxform.errors import PyXFormError
from pyxform.parsing.sheet_headers import dealias_and_group_headers
from pyxform.question import MultipleChoiceQuestion
from pyxform.xls2json import (
    RE_BEGIN_CONTROL,
    RE_END_CONTROL,
    RE_SELECT,
    dealias_types,
    workbook_to_json,
)
from pyxform.xls2json_backends import DefinitionData, get_xlsform

from kua.questionnaires import expressions as ex
from kua.questionnaires.spec import ANSWER_KINDS, Choice, Field, FormSpec, Section
from kua.sheets.limits import Damaged, Limits, TooLarge, check_xlsx

__all__ = ["MAX_WORKBOOK_BYTES", "FormError", "form_to_client_json", "load_xlsform"]

logger = logging.getLogger(__name__)

MAX_WORKBOOK_BYTES: Final = 10 * 1024 * 1024
# A questionnaire is a few hundred rows: anything far beyond is refused before pyxform reads it.
WORKBOOK_LIMITS: Final = Limits(unzipped_bytes=100 * 1024 * 1024, rows=20_000, cell_chars=32_767)
_XLSX_MAGIC: Final = b"PK\x03\x04"
_XLS_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# XLSForm type (and pyxform's older spellings) -> Kua kind.
_KIND_OF_TYPE: Final[dict[str, str]] = {
    **dict.fromkeys(("text", "string", "q string", "add text prompt"), "text"),
    **dict.fromkeys(("integer", "int", "q int", "add integer prompt"), "integer"),
    **dict.fromkeys(("decimal", "q decimal", "add decimal prompt"), "decimal"),
    **dict.fromkeys(("date", "q date", "add date prompt"), "date"),
    **dict.fromkeys(("note", "q note", "add note prompt"), "note"),
    **dict.fromkeys(("calculate", "q calculate", "add calculate prompt"), "calculate"),
    **dict.fromkeys(
        (
            "start", "end", "today", "deviceid", "imei", "username", "email",
            "phonenumber", "simserial", "subscriberid", "uri:deviceid", "uri:username",
            "uri:email", "uri:phonenumber", "uri:simserial", "uri:subscriberid",
            "start time", "end time", "get start time", "get end time", "get today",
            "device id", "get device id", "subscriber id", "get subscriber id",
            "sim id", "get sim id", "get phone number",
        ),
        "metadata",
    ),
}  # fmt: skip
# pyxform's "phone number" is a text question that takes digits only.
_PHONE_NUMBER_TYPE: Final = "phone number"
_PHONE_NUMBER_CONSTRAINT: Final = "regex(., '^[0-9]*$')"

_EXPRESSION_COLUMNS: Final[dict[str, ex.Context]] = {
    "relevant": ex.Context.RELEVANT,
    "constraint": ex.Context.CONSTRAINT,
    "calculate": ex.Context.CALCULATION,
    "choice_filter": ex.Context.CHOICE_FILTER,
}
# How the columns are called in the XLSForm documentation (for messages).
_COLUMN_TITLES: Final[dict[str, str]] = {"calculate": "calculation"}
_CHOICE_COLUMNS_NOT_EXTRA: Final = frozenset(
    {"name", "label", "media", "image", "big-image", "audio", "video", "__row"}
)
_LANGUAGE_CODE: Final = re.compile(r"\(\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)\s*\)\s*$")
_ROW_MARK: Final = re.compile(r"\[row : (\d+)\]\s*")
_SHEET_MARK: Final = re.compile(r"On the '(\w+)' sheet")

T = TypeVar("T")


class FormError(Exception):
    """A workbook Kua cannot take. ``message`` is user-facing and translated;
    ``sheet`` and ``row`` say where, when known."""

    def __init__(self, message: str, *, sheet: str | None = None, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.row = row


# ---------------------------------------------------------------------------
# Reading the bytes


def _read_source(source: str | os.PathLike[str] | bytes, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), filename or "form.xlsx"
    path = Path(source)
    try:
        if path.stat().st_size > MAX_WORKBOOK_BYTES:
            raise _too_large()
        return path.read_bytes(), filename or path.name
    except OSError as exc:
        raise FormError(gettext("The file %(name)s could not be opened.") % {"name": path.name}) from exc


def _too_large() -> FormError:
    return FormError(
        gettext("The workbook is larger than %(size)s MB; Kua does not take it.")
        % {"size": MAX_WORKBOOK_BYTES // (1024 * 1024)}
    )


def _file_type(data: bytes) -> str:
    if len(data) > MAX_WORKBOOK_BYTES:
        raise _too_large()
    if data.startswith(_XLSX_MAGIC):
        return ".xlsx"
    if data.startswith(_XLS_MAGIC):
        return ".xls"
    raise FormError(gettext("This is not an Excel workbook. Upload the form as an .xlsx or .xls file."))


def _check_limits(data: bytes) -> None:
    try:
        check_xlsx(data, WORKBOOK_LIMITS)
    except TooLarge as error:
        raise FormError(str(error)) from None
    except Damaged:
        message = gettext("This is not an Excel workbook. Upload the form as an .xlsx or .xls file.")
        raise FormError(message) from None


def _exception_text(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # pyxform's __str__ itself can fail on an error without text
        text = ""
    return text.strip() or type(exc).__name__


def _with_pyxform(step: Callable[[], T]) -> T:
    """Run one pyxform step; whatever it raises becomes a FormError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return step()
    except PyXFormError as exc:
        raise _pyxform_error(_exception_text(exc)) from exc
    except Exception as exc:
        # Not the exception's text: it is Python's ("list index out of range"), in English,
        # and can quote the workbook. The log gets its type only.
        logger.warning("pyxform failed on a workbook: %s", type(exc).__name__)
        raise FormError(
            gettext(
                "The workbook is damaged or is not an XLSForm: Kua could not read its survey and "
                "choices sheets. Open it in Excel or LibreOffice, check both sheets, save it again "
                "as .xlsx and upload it once more."
            )
        ) from exc


def _pyxform_error(text: str) -> FormError:
    row_mark = _ROW_MARK.match(text)
    if row_mark is None:
        return FormError(gettext("The workbook is not a valid XLSForm: %(problem)s") % {"problem": text})
    problem = text[row_mark.end() :]
    sheet_mark = _SHEET_MARK.search(problem)
    sheet = sheet_mark.group(1) if sheet_mark else constants.SURVEY
    return _sheet_row_error(sheet, int(row_mark.group(1)), problem)


def _sheet_row_error(sheet: str, row: int, problem: str) -> FormError:
    if sheet == constants.SURVEY:
        message = gettext("survey sheet, row %(row)s: %(problem)s")
    elif sheet == constants.CHOICES:
        message = gettext("choices sheet, row %(row)s: %(problem)s")
    else:
        message = gettext("%(sheet)s sheet, row %(row)s: %(problem)s")
    return FormError(message % {"sheet": sheet, "row": row, "problem": problem}, sheet=sheet, row=row)


# ---------------------------------------------------------------------------
# Texts and languages


def language_code(name: str) -> str:
    """'Russian (ru)' -> 'ru'; 'default' stays; a name without a code is lower-cased."""
    match = _LANGUAGE_CODE.search(name)
    if match:
        return match.group(1).lower().replace("_", "-")
    return name.strip().lower() or "default"


def _texts(value: object) -> dict[str, str]:
    if value is None or value == "":
        return {}
    if isinstance(value, Mapping):
        return {
            language_code(str(lang)): str(text)
            for lang, text in value.items()
            if text is not None and not isinstance(text, Mapping) and str(text) != ""
        }
    return {"default": str(value)}


# ---------------------------------------------------------------------------
# Walking the survey sheet


@dataclass
class _OpenSection:
    name: str
    labels: dict[str, str]
    relevant: ex.Expr | None
    parent: str | None
    row: int
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Name:
    """Where a name is defined on the survey sheet (read before the rows are walked)."""

    row: int
    is_group: bool


@dataclass
class _Walk:
    """What the walk over the survey rows has gathered so far."""

    choices: Mapping[str, list[dict[str, Any]]]
    fields: list[Field] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    stack: list[_OpenSection] = field(default_factory=list)
    rows_of_names: dict[str, int] = field(default_factory=dict)
    # Every name of the sheet, so that a reference can be checked where it stands.
    names: dict[str, _Name] = field(default_factory=dict)
    # Calculations that use a question below them (directly or through another).
    looking_ahead: set[str] = field(default_factory=set)

    @property
    def current_section(self) -> str | None:
        return self.stack[-1].name if self.stack else None


def _row_error(row: int, message: str) -> FormError:
    return _sheet_row_error(constants.SURVEY, row, message)


def _survey_rows(workbook: DefinitionData, default_language: str, clean_text: bool) -> list[dict[str, Any]]:
    sheet = dealias_and_group_headers(
        sheet_name=constants.SURVEY,
        sheet_data=workbook.survey or [],
        sheet_header=workbook.survey_header or [],
        header_aliases=aliases.survey_header,
        header_columns=set(MultipleChoiceQuestion.get_slot_names()),
        headers_required={constants.TYPE},
        default_language=default_language,
        strip_whitespace=clean_text,
    )
    return list(dealias_types(dict_array=sheet.data))


def _is_skipped(row: Mapping[str, Any]) -> bool:
    if not row:
        return True
    if aliases.yes_no.get(str(row.get("disabled", "")).strip(), False):
        return True
    return not row.get(constants.TYPE) and not (row.get(constants.NAME) or row.get(constants.LABEL))


def _walk_rows(rows: list[dict[str, Any]], walk: _Walk) -> None:
    for index, row in enumerate(rows):
        if _is_skipped(row):
            continue
        number = index + 2
        row_type = " ".join(str(row.get(constants.TYPE) or "").split())
        if not row_type:
            raise _row_error(number, gettext("the row has a name or label but no type."))
        if RE_END_CONTROL.match(row_type):
            _end_group(walk)
        elif begin := RE_BEGIN_CONTROL.match(row_type):
            _begin_group(row, number, begin.group("type"), walk)
        else:
            _add_field(row, number, row_type, walk)


def _name_of(row: Mapping[str, Any], number: int, walk: _Walk) -> str:
    name = str(row.get(constants.NAME) or "").strip()
    if not name:
        raise _row_error(number, gettext("the row has no name."))
    if name in walk.rows_of_names:
        raise _row_error(
            number,
            gettext(
                "the name %(name)s is already used on row %(other)s; Kua needs every "
                "name to be unique in the whole form."
            )
            % {"name": name, "other": walk.rows_of_names[name]},
        )
    walk.rows_of_names[name] = number
    return name


def _begin_group(row: Mapping[str, Any], number: int, control: str, walk: _Walk) -> None:
    if aliases.control.get(control) != constants.GROUP:
        raise _row_error(
            number,
            gettext("repeats (%(type)s) are not supported: a Kua interview has one answer per question.")
            % {"type": str(row.get(constants.TYPE))},
        )
    name = _name_of(row, number, walk)
    relevant = _expression(row, "relevant", number, walk, owner=None)
    walk.stack.append(
        _OpenSection(
            name=name,
            labels=_texts(row.get(constants.LABEL)),
            relevant=relevant,
            parent=walk.current_section,
            row=number,
        )
    )


def _end_group(walk: _Walk) -> None:
    if not walk.stack:  # pyxform refuses this before; kept for safety
        return
    done = walk.stack.pop()
    walk.sections.append(
        Section(
            name=done.name,
            labels=done.labels,
            relevant=done.relevant,
            fields=tuple(done.fields),
            parent=done.parent,
            row=done.row,
        )
    )


def _bind(row: Mapping[str, Any]) -> Mapping[str, Any]:
    bind = row.get("bind")
    return bind if isinstance(bind, Mapping) else {}


def _kind_and_list(row_type: str, number: int) -> tuple[str, str | None]:
    select = RE_SELECT.match(row_type)
    if select:
        return _select_kind(select, row_type, number)
    kind = _KIND_OF_TYPE.get(row_type) or _KIND_OF_TYPE.get(row_type.lower())
    if kind is None and row_type.lower() == _PHONE_NUMBER_TYPE:
        return "text", None
    if kind is None:
        raise _row_error(
            number,
            gettext(
                "the question type “%(type)s” is not supported by Kua. Use text, "
                "integer, decimal, date, select_one, select_multiple, note, calculate, "
                "or a metadata type such as username or today."
            )
            % {"type": row_type},
        )
    return kind, None


def _select_kind(select: re.Match[str], row_type: str, number: int) -> tuple[str, str | None]:
    command = select.group("select_command")
    list_name = select.group("list_name")
    if select.group("specify_other"):
        raise _row_error(
            number,
            gettext(
                "“or_other” (%(type)s) is not supported: add an “other” choice and a "
                "text question that is relevant when it is selected."
            )
            % {"type": row_type},
        )
    kind = aliases.select.get(command)
    unsupported = (
        command in aliases.select_from_file
        or kind not in (constants.SELECT_ONE, constants.SELECT_ALL_THAT_APPLY)
        or "${" in list_name
    )
    if unsupported:
        raise _row_error(
            number,
            gettext(
                "the question type “%(type)s” is not supported by Kua: choices must come "
                "from the choices sheet (select_one or select_multiple)."
            )
            % {"type": row_type},
        )
    return ("select_one" if kind == constants.SELECT_ONE else "select_multiple"), list_name


def _add_field(row: Mapping[str, Any], number: int, row_type: str, walk: _Walk) -> None:
    kind, list_name = _kind_and_list(row_type, number)
    name = _name_of(row, number, walk)
    bind = _bind(row)
    _check_columns_fit_kind(row, kind, number)
    constraint = _expression(row, "constraint", number, walk, owner=name)
    if constraint is None and row_type.lower() == _PHONE_NUMBER_TYPE:
        constraint = ex.parse(_PHONE_NUMBER_CONSTRAINT, context=ex.Context.CONSTRAINT)
    choices = _choices(list_name, number, walk) if list_name else ()
    choice_filter = _expression(row, "choice_filter", number, walk, owner=name)
    if choice_filter is not None:
        _check_filter_columns(choice_filter, choices, list_name or "", number)
    control = row.get("control")
    appearance = control.get("appearance", "") if isinstance(control, Mapping) else ""
    walk.fields.append(
        Field(
            name=name,
            kind=kind,
            labels=_texts(row.get(constants.LABEL)),
            hints=_texts(row.get(constants.HINT)),
            required=_required(bind, kind, number),
            required_message=_texts(bind.get("jr:requiredMsg")),
            relevant=_expression(row, "relevant", number, walk, owner=name),
            constraint=constraint,
            constraint_message=_texts(bind.get("jr:constraintMsg")),
            choices=choices,
            choice_filter=choice_filter,
            calculation=_expression(row, "calculate", number, walk, owner=name),
            appearance=str(appearance or ""),
            section=walk.current_section,
            row=number,
        )
    )
    if walk.stack:
        walk.stack[-1].fields.append(name)


def _check_columns_fit_kind(row: Mapping[str, Any], kind: str, number: int) -> None:
    bind = _bind(row)
    misplaced: list[tuple[str, str]] = []
    if bind.get("calculate") and kind != "calculate":
        misplaced.append(("calculation", "calculate"))
    if bind.get("constraint") and kind not in ANSWER_KINDS:
        misplaced.append(("constraint", "text/integer/decimal/date/select"))
    if row.get("choice_filter") and not kind.startswith("select"):
        misplaced.append(("choice_filter", "select_one/select_multiple"))
    if misplaced:
        column, kinds = misplaced[0]
        raise _row_error(
            number,
            gettext("a %(column)s is only taken on %(kinds)s rows.") % {"column": column, "kinds": kinds},
        )


def _required(bind: Mapping[str, Any], kind: str, number: int) -> bool:
    value = str(bind.get("required") or "").strip()
    if not value:
        return False
    if value not in aliases.yes_no:
        raise _row_error(
            number,
            gettext(
                "required must be yes or no (Kua does not take a condition there: put "
                "the condition in relevant). Found: %(value)s"
            )
            % {"value": value},
        )
    return aliases.yes_no[value] and kind in ANSWER_KINDS


def _expression(
    row: Mapping[str, Any], column: str, number: int, walk: _Walk, *, owner: str | None
) -> ex.Expr | None:
    raw = row.get(column) if column == "choice_filter" else _bind(row).get(column)
    text = str(raw).strip() if raw is not None else ""
    if not text:
        return None
    title = _COLUMN_TITLES.get(column, column)
    try:
        expr = ex.parse(text, context=_EXPRESSION_COLUMNS[column])
    except ex.ExpressionError as exc:
        raise _row_error(
            number,
            gettext("the %(column)s “%(expression)s” cannot be used: %(problem)s")
            % {"column": title, "expression": text, "problem": exc.message},
        ) from exc
    for name in sorted(ex.references(expr)):
        problem = _reference_problem(name, title, number, walk, owner)
        if problem:
            raise _row_error(number, problem % {"column": title, "name": name})
    return expr


def _reference_problem(name: str, column: str, number: int, walk: _Walk, owner: str | None) -> str | None:
    """Every ${name} must be a question; outside calculations, one above the row: Kua
    reads a form from top to bottom, as the validator and the browser do."""
    where = walk.names.get(name)
    if where is None:
        return gettext("the %(column)s refers to ${%(name)s}, but the form has no question of that name.")
    if where.is_group:
        return gettext("the %(column)s refers to ${%(name)s}, which is a group, not a question.")
    if name == owner:
        if column == "constraint":
            return None  # ${own name} in a constraint is the answer itself, like "."
        return gettext("the %(column)s refers to ${%(name)s}, the question itself.")
    if column == "calculation":
        if where.row > number or name in walk.looking_ahead:
            walk.looking_ahead.add(owner or "")
        return None
    if where.row > number:
        return gettext(
            "the %(column)s refers to ${%(name)s}, which comes further down. Kua reads a form "
            "from top to bottom: a relevant, constraint or choice_filter can only depend on "
            "questions above it."
        )
    if name in walk.looking_ahead:
        return gettext(
            "the %(column)s refers to ${%(name)s}, a calculation that uses questions further "
            "down; Kua reads a form from top to bottom, so it cannot be used here."
        )
    return None


def _scan_names(rows: list[dict[str, Any]]) -> dict[str, _Name]:
    names: dict[str, _Name] = {}
    for index, row in enumerate(rows):
        name = str(row.get(constants.NAME) or "").strip()
        if _is_skipped(row) or not name or name in names:
            continue
        row_type = " ".join(str(row.get(constants.TYPE) or "").split())
        names[name] = _Name(row=index + 2, is_group=bool(RE_BEGIN_CONTROL.match(row_type)))
    return names


def _choices(list_name: str, number: int, walk: _Walk) -> tuple[Choice, ...]:
    options = walk.choices.get(list_name)
    if not options:
        raise _row_error(
            number,
            gettext("the choices sheet has no list called %(list)s.") % {"list": list_name},
        )
    return tuple(_choice(option) for option in options)


def _choice(option: Mapping[str, Any]) -> Choice:
    extra = {
        str(key): str(value)
        for key, value in option.items()
        if key not in _CHOICE_COLUMNS_NOT_EXTRA
        and value is not None
        and not isinstance(value, Mapping | list)
    }
    return Choice(name=str(option.get("name", "")), labels=_texts(option.get("label")), extra=extra)


def _check_filter_columns(expr: ex.Expr, choices: tuple[Choice, ...], list_name: str, number: int) -> None:
    known = {"name"}.union(*(choice.extra.keys() for choice in choices))
    for column in sorted(ex.columns(expr) - known):
        raise _row_error(
            number,
            gettext(
                "the choice_filter uses the column %(column)s, which the list "
                "%(list)s on the choices sheet does not have."
            )
            % {"column": column, "list": list_name},
        )


# ---------------------------------------------------------------------------
# Putting it together


def _languages(fields: list[Field], sections: list[Section], default_language: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for section in sections:
        seen.update(dict.fromkeys(section.labels))
    for fld in fields:
        for texts in (fld.labels, fld.hints, fld.constraint_message, fld.required_message):
            seen.update(dict.fromkeys(texts))
        for choice in fld.choices:
            seen.update(dict.fromkeys(choice.labels))
    if default_language not in seen:
        seen = {default_language: None, **seen}
    return tuple(seen)


def _default_language(settings_value: object, fields: list[Field]) -> str:
    if settings_value and str(settings_value) != constants.DEFAULT_LANGUAGE_VALUE:
        return language_code(str(settings_value))
    for fld in fields:
        if fld.labels:
            return "default" if "default" in fld.labels else next(iter(fld.labels))
    return "default"


def _read_workbook(data: bytes, file_type: str) -> DefinitionData:
    return _with_pyxform(lambda: get_xlsform(BytesIO(data), file_type=file_type))


def load_xlsform(source: str | os.PathLike[str] | bytes, filename: str | None = None) -> FormSpec:
    """Read an XLSForm from a path or the file's bytes; raise FormError if Kua can't take it.

    ``filename`` (the uploaded file's name) gives the form id when the settings sheet
    has none; the file type is taken from the content, so .xlsx and .xls both work.
    """
    data, name = _read_source(source, filename)
    file_type = _file_type(data)
    if file_type == ".xlsx":
        _check_limits(data)
    workbook = _read_workbook(data, file_type)
    stem = Path(name).stem or "form"
    pyxform_json = _with_pyxform(
        lambda: workbook_to_json(workbook_dict=copy.deepcopy(workbook), fallback_form_name=stem, warnings=[])
    )
    settings_language = pyxform_json.get(constants.DEFAULT_LANGUAGE_KEY)
    clean_text = aliases.yes_no.get(str(pyxform_json.get("clean_text_values", "yes")), True)
    rows = _with_pyxform(lambda: _survey_rows(workbook, str(settings_language or "default"), clean_text))
    walk = _Walk(choices=pyxform_json.get(constants.CHOICES) or {}, names=_scan_names(rows))
    _walk_rows(rows, walk)
    while walk.stack:  # pyxform refuses unclosed groups; kept for safety
        _end_group(walk)
    # The XForm is generated too, so that what ODK would refuse is refused here.
    _with_pyxform(lambda: create_survey_element_from_dict(copy.deepcopy(pyxform_json)).to_xml(validate=False))
    return _form_spec(pyxform_json, walk, settings_language, stem)


# The title in other languages: settings columns `kua_form_title::Kazakh (kk)` etc. A
# translated `form_title::…` would make pyxform's XForm fail (ODK and Kobo refuse it);
# pyxform passes this column through, so the workbook stays valid for them.
TITLES_SETTING = "kua_form_title"


def _form_spec(
    pyxform_json: Mapping[str, Any], walk: _Walk, settings_language: object, stem: str
) -> FormSpec:
    if not walk.fields:
        raise FormError(gettext("The survey sheet has no questions."), sheet="survey")
    default_language = _default_language(settings_language, walk.fields)
    title = pyxform_json.get(constants.TITLE) or stem
    title_texts = _texts(title) if isinstance(title, Mapping) else {default_language: str(title)}
    for language, text in _texts(pyxform_json.get(TITLES_SETTING)).items():
        title_texts.setdefault(language, text)
    sections = sorted(walk.sections, key=lambda section: section.row)
    return FormSpec(
        form_id=str(pyxform_json.get(constants.ID_STRING) or stem),
        version=str(pyxform_json.get("version") or ""),
        title=title_texts,
        default_language=default_language,
        languages=_languages(walk.fields, sections, default_language),
        fields=tuple(walk.fields),
        sections=tuple(sections),
    )


# ---------------------------------------------------------------------------
# What the browser needs


def _compiled(expr: ex.Expr | None) -> ex.JsonAst | None:
    return None if expr is None else ex.to_json(expr)


def form_to_client_json(spec: FormSpec) -> dict[str, Any]:
    """The logic the entry page's script (static/kua/form-logic.js) applies.

    ``items`` lists sections and fields in form order (a section where it begins):
    ``{"section": name, "parent": name|null, "relevant": ast|null}`` and
    ``{"field": name, "kind": kind, "section": name|null, "relevant": ast|null,
    "choice_filter": ast|null, "calculation": ast|null, "required": bool}``; ``relevant``
    is each one's own condition (the script combines it with the enclosing sections');
    ``required`` lets the script refuse a submit that the validator would refuse.
    """
    items: list[tuple[int, int, dict[str, Any]]] = []
    for section in spec.sections:
        items.append(
            (
                section.row,
                0,
                {
                    "section": section.name,
                    "parent": section.parent,
                    "relevant": _compiled(section.relevant),
                },
            )
        )
    for fld in spec.fields:
        items.append(
            (
                fld.row,
                1,
                {
                    "field": fld.name,
                    "kind": fld.kind,
                    "section": fld.section,
                    "relevant": _compiled(fld.relevant),
                    "choice_filter": _compiled(fld.choice_filter),
                    "calculation": _compiled(fld.calculation),
                    "required": fld.required,
                },
            )
        )
    return {
        "form_id": spec.form_id,
        "version": spec.version,
        "items": [item for _, _, item in sorted(items, key=lambda entry: entry[:2])],
    }
