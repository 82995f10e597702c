"""Reading XLSForm workbooks: what loads, what is refused and how the refusal reads."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kua.questionnaires import expressions as ex
from kua.questionnaires.loader import FormError, form_to_client_json, language_code, load_xlsform
from kua.questionnaires.spec import KINDS, FormSpec

from .helpers import FIXTURES, YES_NO, small_form, workbook

FIXTURE_FILES = sorted(FIXTURES.glob("*.xls*")) if FIXTURES.is_dir() else []

# What the shared corpus gives today: the workbooks Kua takes, and for the others the
# sheet/row and a piece of the message.
LOADS = {
    "allow_comment_rows_test.xls",
    "choice_filter_test.xlsx",
    "choice_name_same_as_select_name.xls",
    "extra_columns.xlsx",
    "extra_sheet_names.xlsx",
    "field-list.xlsx",
    "group.xls",
    "group.xlsx",
    "style_settings.xls",
    "survey_no_name.xlsx",
    "table-list.xls",
    "text_and_integer.xls",
    "text_and_integer.xlsx",
    "xml_escaping.xls",
    "yes_or_no_question.xls",
    "yes_or_no_question.xlsx",
}
REFUSED = {
    "attribute_columns_test.xlsx": (15, "repeats"),
    "bad_calc.xlsx": (2, "calculation"),
    "calculate.xls": (4, "Unknown function if()"),
    "cascading_select_test_equivalent.xls": (5, "Unknown function if()"),
    "case_insensitivity.xls": (3, "select_one_external"),
    "choice_name_as_type.xls": (3, "select_one_external"),
    "default_time_demo.xls": (2, "“time”"),
    "flat_xlsform_test.xlsx": (3, "${address}, which comes further down"),
    "gps.xls": (2, "“gps”"),
    "hidden.xls": (2, "“hidden”"),
    "include.xls": (3, "“include”"),
    "include_json.xls": (2, "“include”"),
    "loop.xls": (2, "or_other"),
    "or_other.xlsx": (2, "or_other"),
    "pull_data.xlsx": (2, "pulldata()"),
    "simple_loop.xls": (2, "repeats"),
    "sms_info.xls": (9, "“photo”"),
    "specify_other.xls": (2, "or_other"),
    "tutorial.xls": (2, "repeats"),
    "widgets.xls": (6, "“time”"),
    "xlsform_spec_test.xlsx": (15, "repeats"),
    "unknown_question_type.xls": (None, "different names for the same column"),
}


def test_the_shared_corpus_is_beside_the_repository() -> None:
    assert len(FIXTURE_FILES) >= 40, "../shared/fixtures/xlsform-examples is missing"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_every_fixture_loads_or_is_refused_with_form_error(path: Path) -> None:
    outcome = _load_or_error(path)
    if isinstance(outcome, FormError):
        assert outcome.message
        assert path.name not in LOADS, outcome.message
        _check_refusal(path, outcome)
        return
    assert path.name in LOADS
    assert outcome.fields
    assert all(field.kind in KINDS for field in outcome.fields)
    json.dumps(form_to_client_json(outcome))


def _load_or_error(path: Path) -> FormSpec | FormError:
    try:
        return load_xlsform(path)
    except FormError as error:
        return error


def _check_refusal(path: Path, error: FormError) -> None:
    expected = REFUSED.get(path.name) or REFUSED.get(path.with_suffix(".xls").name)
    if expected is None:
        return
    row, part = expected
    assert part in error.message
    if row is not None:
        assert error.sheet == "survey"
        assert error.row == row
        assert error.message.startswith(f"survey sheet, row {row}: ")


@pytest.mark.parametrize("name", ["text_and_integer.xls", "text_and_integer.xlsx"])
def test_xls_and_xlsx_load_from_bytes_whatever_the_file_is_called(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    for filename in (name, "upload.bin", "wrongly-named.xlsx"):
        spec = load_xlsform(data, filename)
        assert [(f.name, f.kind) for f in spec.fields] == [("your_name", "text"), ("your_age", "integer")]
        assert spec.languages == ("english",)


def test_groups_become_sections_and_languages_become_codes() -> None:
    spec = load_xlsform(FIXTURES / "group.xlsx")
    assert spec.default_language == "en"
    assert [s.name for s in spec.sections] == ["father"]
    assert spec.sections[0].fields == ("phone_number", "age")
    assert spec.field("age").section == "father"
    assert spec.field("family_name").section is None
    assert spec.field("age").labels == {"en": spec.field("age").labels["en"]}
    # pyxform's "phone number" is text with digits only
    phone = spec.field("phone_number")
    assert phone.kind == "text"
    assert phone.constraint is not None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a workbook at all",
        b"PK\x03\x04 truncated zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 truncated ole",
        b"type,name,label\ntext,a,A\n",
    ],
)
def test_garbage_is_refused_with_form_error(data: bytes) -> None:
    with pytest.raises(FormError) as caught:
        load_xlsform(data, "form.xlsx")
    assert caught.value.message


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(FormError):
        load_xlsform(out.getvalue(), "form.xlsx")


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormError, match="could not be opened"):
        load_xlsform(tmp_path / "nope.xlsx")


def test_a_workbook_without_survey_sheet_is_refused() -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "questions"  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(FormError, match="survey"):
        load_xlsform(out.getvalue(), "form.xlsx")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]))
def test_arbitrary_bytes_never_escape_as_another_exception(data: bytes, magic: bytes) -> None:
    with pytest.raises(FormError):
        load_xlsform(magic + data, "x.xlsx")


def test_a_workbook_whose_cells_are_damaged_is_refused() -> None:
    data = workbook([["type", "name", "label"], ["text", "a", "A"]])
    damaged = data[: len(data) // 2] + bytes(len(data) // 2)
    with pytest.raises(FormError):
        load_xlsform(damaged, "x.xlsx")


# ---------------------------------------------------------------------------
# What the form can say


def test_a_small_form_in_full() -> None:
    spec = small_form(
        ["select_one yes_no", "consent", "Consent?", "", ". = 'yes'", "yes", "", "", "Consent is needed"],
        ["begin_group", "sec", "Section", "${consent} = 'yes'"],
        ["integer", "age", "Age", "", ". >= 18", "true"],
        ["note", "minor", "A minor", "${age} != '' and ${age} < 18"],
        ["text", "why", "Why", "${age} >= 30"],
        ["end_group"],
        ["calculate", "code", "", "", "", "", "", "concat(${consent}, ${age})"],
        ["username", "who"],
    )
    assert spec.form_id == "small"
    assert spec.languages == ("en", "ru")
    assert spec.default_language == "en"
    assert [f.kind for f in spec.fields] == ["select_one", "integer", "note", "text", "calculate", "metadata"]
    consent = spec.field("consent")
    assert consent.required is True
    assert consent.constraint_message == {"en": "Consent is needed"}
    assert [c.name for c in consent.choices] == ["yes", "no"]
    assert consent.choices[0].labels == {"en": "Yes", "ru": "Да"}
    assert consent.row == 2
    assert spec.field("why").row == 6
    assert spec.sections[0].fields == ("age", "minor", "why")
    assert spec.sections[0].row == 3
    relevance = spec.effective_relevance("why")
    assert relevance is not None
    assert ex.to_text(relevance) == "${consent} = 'yes' and ${age} >= 30"
    assert spec.effective_relevance("consent") is None
    assert spec.effective_relevance("age") == spec.sections[0].relevant
    assert spec.field("who").labels == {}


def test_form_to_client_json_lists_sections_and_fields_in_form_order() -> None:
    spec = small_form(
        ["select_one yes_no", "consent", "Consent?"],
        ["begin_group", "sec", "Section", "${consent} = 'yes'"],
        ["select_one district", "district", "District", "", "", "", "region = ${consent}"],
        ["end_group"],
        ["calculate", "code", "", "", "", "", "", "concat(${consent}, 'x')"],
        choices=[
            [*YES_NO[0], "region"],
            *YES_NO[1:],
            ["district", "a", "A", "А", "yes"],
            ["district", "b", "B", "Б", "no"],
        ],
    )
    logic = form_to_client_json(spec)
    assert json.loads(json.dumps(logic)) == logic
    assert logic["items"] == [
        {
            "field": "consent",
            "kind": "select_one",
            "section": None,
            "relevant": None,
            "choice_filter": None,
            "calculation": None,
            "required": False,
        },
        {"section": "sec", "parent": None, "relevant": ["=", ["$", "consent"], "yes"]},
        {
            "field": "district",
            "kind": "select_one",
            "section": "sec",
            "relevant": None,
            "choice_filter": ["=", ["@", "region"], ["$", "consent"]],
            "calculation": None,
            "required": False,
        },
        {
            "field": "code",
            "kind": "calculate",
            "section": None,
            "relevant": None,
            "choice_filter": None,
            "calculation": ["concat", ["$", "consent"], "x"],
            "required": False,
        },
    ]
    district = spec.field("district")
    assert district.choices[0].extra == {"region": "yes"}
    assert district.choices[0].columns() == {"region": "yes", "name": "a"}


def _refusal(*rows: list[object], choices: list[list[object]] | None = None) -> FormError:
    with pytest.raises(FormError) as caught:
        small_form(*rows, choices=choices)
    return caught.value


@pytest.mark.parametrize(
    ("rows", "row", "part"),
    [
        ([["text", "a", "A"], ["text", "b", "B", "${zzz} = 1"]], 3, "zzz"),  # pyxform's words
        ([["text", "a", "A", "${b} = 1"], ["text", "b", "B"]], 2, "${b}, which comes further down"),
        ([["text", "a", "A", "${a} = 'x'"]], 2, "the question itself"),
        (
            [["begin_group", "g", "G"], ["text", "a", "A"], ["end_group"], ["text", "b", "B", "${g} = 1"]],
            5,
            "which is a group",
        ),
        ([["begin_group", "g", "G", "${a} = 1"], ["text", "a", "A"], ["end_group"]], 2, "further down"),
        ([["text", "a", "A", "if(1, 2, 3)"]], 2, "Unknown function if()"),
        ([["text", "a", "A"], ["text", "b", "B", "", "", "${a} = 'x'"]], 3, "required must be yes or no"),
        (
            [["text", "a", "A"], ["begin_group", "g", "G"], ["text", "a", "A again"], ["end_group"]],
            4,
            "already used on row 2",
        ),
        ([["begin_repeat", "r", "R"], ["text", "a", "A"], ["end_repeat"]], 2, "repeats"),
        ([["geopoint", "where", "Where"]], 2, "“geopoint”"),
        ([["image", "photo", "Photo"]], 2, "“photo”"),
        ([["time", "t", "T"]], 2, "“time”"),
        ([["select_one_from_file places.csv", "p", "P"]], 2, "choices sheet"),
        ([["select_one yes_no or_other", "p", "P"]], 2, "or_other"),
        ([["rank yes_no", "p", "P"]], 2, "not supported"),
        ([["text", "a", "A", "", "", "", "", "1 + 1"]], 2, "calculation is only taken on calculate rows"),
        ([["note", "n", "N", "", ". = 1"]], 2, "constraint is only taken"),
        ([["text", "a", "A", "", "", "", "x = 1"]], 2, "choice_filter is only taken"),
        ([["select_one yes_no", "a", "A", "", "", "", "region = 'x'"]], 2, "column region"),
        ([["text", "a", "A", "", "age > 1"]], 2, "the constraint “age > 1” cannot be used"),
        ([["integer", "a", "A", ". > 1"]], 2, "only be used in a constraint"),
        (
            [
                ["calculate", "c", "", "", "", "", "", "${later}"],
                ["text", "later", "L"],
                ["text", "x", "X", "${c}"],
            ],
            4,
            "a calculation that uses questions further down",
        ),
        ([["calculate", "c", "", "", "", "", "", "${c}"]], 2, "the question itself"),
    ],
)
def test_refusals_name_the_sheet_and_row(rows: list[list[object]], row: int, part: str) -> None:
    error = _refusal(*rows)
    assert error.sheet == "survey"
    assert error.row == row
    assert error.message.startswith(f"survey sheet, row {row}: ")
    assert part in error.message


def test_a_calculation_may_use_questions_further_down() -> None:
    spec = small_form(
        ["calculate", "code", "", "", "", "", "", "concat(${a}, ${b})"],
        ["text", "a", "A"],
        ["text", "b", "B"],
    )
    assert spec.field("code").calculation is not None


def test_a_constraint_may_name_its_own_question() -> None:
    spec = small_form(["integer", "a", "A", "", "${a} > 1"])
    assert ex.references(spec.field("a").constraint) == {"a"}  # type: ignore[arg-type]


def test_pyxform_errors_with_a_row_keep_it() -> None:
    error = _refusal(["text", "", "No name"], ["", "orphan", "Orphan"])
    assert error.message
    assert error.row in (2, 3)


def test_labels_without_language_go_under_default() -> None:
    data = workbook(
        [["type", "name", "label", "hint"], ["integer", "n", "Number", "A hint"]],
        settings=[["form_title", "form_id", "version"], ["My form", "my_form", "2024-1"]],
    )
    spec = load_xlsform(data, "whatever.xlsx")
    assert spec.field("n").labels == {"default": "Number"}
    assert spec.field("n").hints == {"default": "A hint"}
    assert spec.languages == ("default",)
    assert spec.default_language == "default"
    assert (spec.form_id, spec.version, spec.title) == ("my_form", "2024-1", {"default": "My form"})


def test_settings_default_language_is_a_code() -> None:
    data = workbook(
        [["type", "name", "label::English (en)", "label::Kazakh (kk)"], ["text", "n", "Name", "Аты"]],
        settings=[["default_language"], ["Kazakh (kk)"]],
    )
    spec: FormSpec = load_xlsform(data, "f.xlsx")
    assert spec.default_language == "kk"
    assert spec.text(spec.field("n").labels, "en-us") == "Name"
    assert spec.text(spec.field("n").labels, "ru") == "Аты"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Russian (ru)", "ru"),
        ("English (en)", "en"),
        ("Kazakh(kk)", "kk"),
        ("zh (zh_Hant)", "zh-hant"),
        ("default", "default"),
        ("English", "english"),
    ],
)
def test_language_codes(name: str, code: str) -> None:
    assert language_code(name) == code


def test_pyxform_errors_on_the_choices_sheet_name_it() -> None:
    data = workbook(
        [["type", "name", "label"], ["select_one c", "q", "Q"]],
        [["list_name", "name", "label"], ["c", "a", "A"], ["c", "a", "A again"]],
    )
    with pytest.raises(FormError) as caught:
        load_xlsform(data, "x.xlsx")
    assert (caught.value.sheet, caught.value.row) == ("choices", 3)
    assert caught.value.message.startswith("choices sheet, row 3: ")


@pytest.mark.parametrize(
    ("survey", "part"),
    [
        ([["type", "name", "label"]], "no questions"),
        ([["type", "name", "label"], ["begin_group", "g", "G"], ["text", "a", "A"]], "Unmatched"),
        ([["type", "name", "label"], ["select_one nowhere", "q", "Q"]], "nowhere"),
    ],
)
def test_structural_problems_are_form_errors(survey: list[list[object]], part: str) -> None:
    with pytest.raises(FormError, match=part):
        load_xlsform(workbook(survey, YES_NO), "x.xlsx")


# Random small workbooks from plausible and implausible pieces: they load or are refused
# with a FormError, never anything else.
_TYPES = [
    "text", "integer", "decimal", "date", "note", "calculate", "username", "today", "select_one yes_no",
    "select_multiple yes_no", "select_one nowhere", "begin_group", "end_group", "begin_repeat", "end_repeat",
    "geopoint", "time", "image", "hidden", "acknowledge", "select_one yes_no or_other", "rank yes_no",
    "select_one_from_file a.csv", "", "phone number", "int", "string", "start", "end", "deviceid",
]  # fmt: skip
_EXPRESSIONS = [
    "", "${a} = 'yes'", "${b} > 1", ". > 1", "${zz}", "if(1, 2, 3)", "concat(${a}, ${b})", "region = ${a}",
    "count-selected(${c}) > 0", "'unclosed", "${a} and", "today()", "selected(., 'yes')", "name = 'yes'",
]  # fmt: skip
_rows = st.lists(
    st.tuples(
        st.sampled_from(_TYPES),
        st.sampled_from(["a", "b", "c", "d", "g", "", "a b", "1x"]),
        st.sampled_from(["Label", "", None]),
        st.sampled_from(_EXPRESSIONS),
        st.sampled_from(_EXPRESSIONS),
        st.sampled_from(["", "yes", "no", "${a} = 'x'", "maybe"]),
        st.sampled_from(_EXPRESSIONS),
        st.sampled_from(_EXPRESSIONS),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_rows)
def test_random_workbooks_load_or_raise_form_error(rows: list[tuple[object, ...]]) -> None:
    try:
        spec = small_form(*[list(row) for row in rows])
    except FormError as error:
        event("refused")
        assert error.message  # noqa: PT017 - the refusal itself is what is checked
        return
    event("loaded")
    json.dumps(form_to_client_json(spec))
    for fld in spec.fields:
        assert fld.kind in KINDS
