"""Adds section 6, trafficking indicators (shared/spec/cases.md), as form version 2.

Idempotent: running it twice changes nothing. Run from the project root:
    .venv/bin/python forms/edits/cases_trafficking.py
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

WORKBOOK = Path(__file__).resolve().parent.parent / "violation_registration.xlsx"
VERSION = 2
LIST = "trafficking_indicator"
ANY = f"count-selected(${{trafficking_indicators}}) > 0 and not(selected(${{trafficking_indicators}}, 'none'))"

# (list_name, name, ru, kk, en)
CHOICES = [
    ("documents_withheld", "Кто-то другой держит у себя ваш паспорт или удостоверение личности",
     "Төлқұжатыңызды немесе жеке куәлігіңізді басқа біреу ұстап отыр",
     "Someone else keeps your passport or ID"),
    ("debt_bondage", "Долг работодателю, сутенёру или вербовщику, из-за которого вы не можете уйти",
     "Жұмыс берушіге, сутенерге немесе жалдаушыға кетіп қала алмайтындай қарызыңыз бар",
     "A debt to an employer, pimp or recruiter that you cannot leave"),
    ("not_free_to_leave", "Вы не можете свободно уйти с работы или с места, где живёте",
     "Жұмыстан немесе тұратын жеріңізден еркін кете алмайсыз",
     "You are not free to leave the work or the place where you live"),
    ("deceived_about_work", "Вам обещали другую работу или другие условия",
     "Сізге басқа жұмыс немесе басқа жағдайлар уәде етілген",
     "You were promised other work or other conditions"),
    ("earnings_withheld", "Кто-то забирает весь или почти весь ваш заработок",
     "Табысыңыздың бәрін немесе көп бөлігін біреу алып қояды",
     "Someone takes all or most of your earnings"),
    ("threats_to_family", "Угрожают вашей семье или близким",
     "Отбасыңызға немесе жақындарыңызға қоқан-лоқы жасайды",
     "Your family or people close to you are threatened"),
    ("moved_for_work", "Вас привёз из другой страны или региона человек, который устроил вас на эту работу",
     "Сізді осы жұмысқа орналастырған адам басқа елден немесе өңірден алып келген",
     "You were brought from another country or region by the person who arranged the work"),
    ("forced_to_work", "Вас заставляют работать против вашей воли",
     "Сізді еркіңізге қарсы жұмыс істеуге мәжбүрлейді",
     "You are forced to work against your will"),
    ("none", "Ничего из перечисленного", "Аталғандардың ешқайсысы", "None of these"),
]  # fmt: skip

# Survey rows: column name -> value (other columns empty).
ROWS = [
    {"type": "begin_group", "name": "sec_trafficking", "label::Russian (ru)": "Признаки торговли людьми",
     "label::Kazakh (kk)": "Адам саудасының белгілері", "label::English (en)": "Signs of human trafficking"},
    {"type": f"select_multiple {LIST}", "name": "trafficking_indicators",
     "label::Russian (ru)": "Что из этого происходит с вами сейчас или происходило за последние 6 месяцев?",
     "label::Kazakh (kk)": "Осылардың қайсысы қазір сізбен болып жатыр немесе соңғы 6 айда болды?",
     "label::English (en)": "Which of these is happening to you now, or happened in the last 6 months?",
     "hint::Russian (ru)": "Отметьте всё подходящее, или «Ничего из перечисленного».",
     "hint::Kazakh (kk)": "Сәйкес келетіннің бәрін немесе «Аталғандардың ешқайсысы» дегенді белгілеңіз.",
     "hint::English (en)": "Select all that apply, or “None of these”.",
     "constraint": "not(selected(${trafficking_indicators}, 'none') and count-selected(${trafficking_indicators}) > 1)",
     "constraint_message::Russian (ru)": "«Ничего из перечисленного» нельзя отмечать вместе с другими ответами.",
     "constraint_message::Kazakh (kk)": "«Аталғандардың ешқайсысы» басқа жауаптармен бірге белгіленбейді.",
     "constraint_message::English (en)": "“None of these” cannot be selected together with other answers."},
    {"type": "note", "name": "trafficking_referral_note", "relevant": ANY,
     "label::Russian (ru)": "Есть признаки торговли людьми. Предложите направление в службу помощи пострадавшим "
     "от торговли людьми из справочника организации (раздел «Справочник служб», тип «Помощь пострадавшим от "
     "торговли людьми») и национальную линию 111.",
     "label::Kazakh (kk)": "Адам саудасының белгілері бар. Ұйымның анықтамалығындағы адам саудасынан "
     "зардап шеккендерге көмек көрсету қызметіне («Қызметтер анықтамалығы», «Адам саудасынан зардап "
     "шеккендерге көмек» түрі) және 111 ұлттық желісіне жолдама ұсыныңыз.",
     "label::English (en)": "There are signs of human trafficking. Offer a referral to the anti-trafficking "
     "service of the organisation's referral directory (“Referral directory”, type “Anti-trafficking "
     "service”) and the national line 111."},
    {"type": "select_one yes_no", "name": "trafficking_referral_offered", "relevant": ANY,
     "label::Russian (ru)": "Предложили ли вы направление в службу помощи пострадавшим от торговли людьми?",
     "label::Kazakh (kk)": "Адам саудасынан зардап шеккендерге көмек қызметіне жолдама ұсындыңыз ба?",
     "label::English (en)": "Did you offer a referral to the anti-trafficking service?"},
    {"type": "select_one yes_no", "name": "trafficking_referral_accepted",
     "relevant": "${trafficking_referral_offered} = 'yes'",
     "label::Russian (ru)": "Респондент согласилась на направление?",
     "label::Kazakh (kk)": "Респондент жолдамаға келісті ме?",
     "label::English (en)": "Did the respondent accept the referral?"},
    {"type": "end_group", "name": "sec_trafficking"},
]  # fmt: skip


def _header(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    return [str(c.value) if c.value is not None else "" for c in sheet[1]]


def _names(sheet: openpyxl.worksheet.worksheet.Worksheet, column: int, list_column: int | None = None) -> set[str]:
    found = set()
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if list_column is None:
            found.add(str(row[column]))
        else:
            found.add(f"{row[list_column]}:{row[column]}")
    return found


def _sync_constraint(sheet: openpyxl.worksheet.worksheet.Worksheet, header: list[str]) -> bool:
    """Earlier runs wrote `.` in the constraint, which the browser's form logic does not read."""
    wanted = ROWS[1]["constraint"]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("name")].value == "trafficking_indicators":
            cell = row[header.index("constraint")]
            if cell.value != wanted:
                cell.value = wanted
                return True
    return False


def edit(path: Path = WORKBOOK) -> bool:
    """Apply the edit; True if the workbook changed."""
    book = openpyxl.load_workbook(path)
    survey, choices, settings = book["survey"], book["choices"], book["settings"]
    changed = False
    header = _header(survey)
    if "trafficking_indicators" not in _names(survey, header.index("name")):
        for row in ROWS:
            survey.append([row.get(name) for name in header])
        changed = True
    changed |= _sync_constraint(survey, header)
    cheader = _header(choices)
    present = _names(choices, cheader.index("name"), cheader.index("list_name"))
    for code, ru, kk, en in CHOICES:
        if f"{LIST}:{code}" not in present:
            values = {"list_name": LIST, "name": code, "label::Russian (ru)": ru, "label::Kazakh (kk)": kk,
                      "label::English (en)": en}  # fmt: skip
            choices.append([values.get(name) for name in cheader])
            changed = True
    sheader = _header(settings)
    cell = settings.cell(row=2, column=sheader.index("version") + 1)
    if int(str(cell.value)) < VERSION:
        cell.value = str(VERSION)
        changed = True
    if changed:
        book.save(path)
    return changed


if __name__ == "__main__":
    print("changed" if edit() else "already applied")
