"""Small XLSForm workbooks made in memory, and where the shared fixtures are."""

from __future__ import annotations

import datetime
import io
import os
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from kua.questionnaires.loader import load_xlsform
from kua.questionnaires.spec import FormSpec

REPO = Path(__file__).resolve().parents[2]
REGISTRATION_FORM = REPO / "forms" / "violation_registration.xlsx"
# ../shared beside the repository (KUA_SHARED_DIR names it elsewhere); a git worktree sits one
# folder deeper (wt/<branch>).
SHARED = (
    Path(os.environ["KUA_SHARED_DIR"])
    if os.environ.get("KUA_SHARED_DIR")
    else next(
        (b / "shared" for b in (REPO.parent, REPO.parent.parent) if (b / "shared").is_dir()),
        REPO.parent / "shared",
    )
)
FIXTURES = SHARED / "fixtures" / "xlsform-examples"
TODAY = datetime.date(2026, 11, 20)

Rows = Sequence[Sequence[object]]


def workbook(
    survey: Rows,
    choices: Rows | None = None,
    settings: Rows | None = None,
) -> bytes:
    """An .xlsx with the given sheets; each sheet's first row is its header."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    for title, rows in (("choices", choices), ("settings", settings)):
        if rows:
            extra = book.create_sheet(title)
            for row in rows:
                extra.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


YES_NO = [
    ["list_name", "name", "label::English (en)", "label::Russian (ru)"],
    ["yes_no", "yes", "Yes", "Да"],
    ["yes_no", "no", "No", "Нет"],
]


def small_form(*rows: Sequence[object], choices: Rows | None = None) -> FormSpec:
    """A form whose survey sheet has the columns type, name, label::English (en),
    relevant, constraint, required, choice_filter, calculation, constraint_message."""
    header = [
        "type",
        "name",
        "label::English (en)",
        "relevant",
        "constraint",
        "required",
        "choice_filter",
        "calculation",
        "constraint_message::English (en)",
    ]
    padded = [list(row) + [None] * (len(header) - len(row)) for row in rows]
    return load_xlsform(workbook([header, *padded], choices or YES_NO), "small.xlsx")
