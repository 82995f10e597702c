"""Make the shipped questionnaire behave in ODK Collect as it does in the web form (issue 13).

- `registered_on`: compare the date with a date, `date('2000-01-01')`, not with text
  (Collect's XPath turns the text into NaN, so the old constraint refused every date).
- `sec_consent` and `sec_respondent` are shown on one screen each (`field-list`): the note
  `consent_missing` and the child-protection referral `minor_referral` appear as soon as the
  answer above them is given, and the constraints on `consent_recorded` and `age` still keep
  the form from being finalised. The web form ignores a group's appearance: nothing changes there.

Idempotent: running it again changes nothing (the file is saved only when a cell changes).
Run: python forms/edits/odk_collect.py
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

WORKBOOK = Path(__file__).resolve().parent.parent / "violation_registration.xlsx"

WANTED = {
    ("registered_on", "constraint"): ". <= today() and . >= date('2000-01-01')",
    ("sec_consent", "appearance"): "field-list",
    ("sec_respondent", "appearance"): "field-list",
}


def main() -> None:
    book = openpyxl.load_workbook(WORKBOOK)
    sheet = book["survey"]
    header = [cell.value for cell in sheet[1]]
    name_column = header.index("name")
    changed = 0
    found = set()
    for row in sheet.iter_rows(min_row=2):
        for (name, column), value in WANTED.items():
            if row[name_column].value != name or (name != "registered_on" and row[0].value != "begin_group"):
                continue
            found.add((name, column))
            cell = row[header.index(column)]
            if cell.value != value:
                cell.value = value
                changed += 1
    missing = set(WANTED) - found
    if missing:
        raise SystemExit(f"rows not found in the survey sheet: {sorted(missing)}")
    if changed:
        book.save(WORKBOOK)
    print(f"{WORKBOOK.name}: {changed} cell(s) changed")


if __name__ == "__main__":
    main()
