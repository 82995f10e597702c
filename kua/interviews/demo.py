"""Synthetic interviews for the demo (``make run``) and the benchmarks.

``generate_answers`` yields raw answers exactly as the web form or an imported CSV row
gives them (every value a string, select_multiple as space-separated codes, dates as
``YYYY-MM-DD``, yes/no as ``yes``/``no``), following the questionnaire contract in
``docs/questionnaire-logic.md``: only relevant, answered questions appear as keys, and
required questions are always answered when relevant. ``documenter`` and
``client_code`` are system fields and never appear.

The data imitate fieldwork in Taldykorgan and Zhetysu region. Every person, narrative
and phrase is invented. The generator uses one ``random.Random`` and precomputed
tables, so a seed always gives the same interviews, and it produces well over 50,000
interviews per second on one core (``python -m kua.interviews.demo``).
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["generate_answers"]

T = TypeVar("T")
Rand = Callable[[], float]
Answers = dict[str, str]
Weighted = Sequence[tuple[T, float]]
Bits = Callable[[int], int]
Chances = tuple[tuple[str, float], ...]
Subsets = tuple[tuple[str, ...], ...]
Sampler = tuple[Subsets, ...]

_BITS = 12  # every weighted table has 2**_BITS entries
_TEXT_BITS = 5  # phrase tables have 32 entries
_SET_BITS = 14  # subset tables (select_multiple) have 2**14 entries
_GROUP = 6  # codes per subset table
# Declined optional questions cluster in a few respondents: 20% are reticent and
# decline 15% of the optional closed questions (3% overall); the others answer all.
_RETICENT = 0.20
_DECLINE = 0.15
_UIC_SHARE = 0.85  # interviews with the client-code parts filled in
_REPEAT_SHARE = 0.055  # attempts to re-interview an earlier respondent
_POOL_SIZE = 50_000  # earlier respondents remembered for repeat interviews
_BIRTH_YEAR_MIN, _BIRTH_YEAR_MAX = 1930, 2010


# --------------------------------------------------------------------------- helpers


def _table(weighted: Weighted[T], bits: int = _BITS) -> tuple[T, ...]:
    """Expand weights into a lookup table of exactly 2**bits entries.

    ``table[getrandbits(bits)]`` then picks by weight with a single C call, which is
    what keeps the generator fast.
    """
    size = 1 << bits
    total = sum(weight for _, weight in weighted)
    out: list[T] = []
    acc = 0.0
    for value, weight in weighted:
        acc += weight
        out.extend([value] * (round(size * acc / total) - len(out)))
    return tuple(out)


def _texts(*phrases: str) -> tuple[str, ...]:
    """Equally likely phrases as a table of 2**_TEXT_BITS entries."""
    if len(phrases) > 1 << _TEXT_BITS:
        raise ValueError("too many phrases for one table")
    return _table([(phrase, 1.0) for phrase in phrases], _TEXT_BITS)


def _subsets(chances: Chances, nonempty: bool = False) -> Subsets:
    """All subsets of a few independent codes as one weighted table (exact odds).

    With `nonempty`, the empty answer is left out (the odds are then conditional on
    at least one code).
    """
    weighted: list[tuple[tuple[str, ...], float]] = []
    for mask in range(1 if nonempty else 0, 1 << len(chances)):
        odds = 1.0
        for i, (_, chance) in enumerate(chances):
            odds *= chance if mask >> i & 1 else 1.0 - chance
        codes = tuple(code for i, (code, _) in enumerate(chances) if mask >> i & 1)
        weighted.append((codes, odds))
    return _table(weighted, _SET_BITS)


def _sampler(chances: Chances) -> Sampler:
    """Independent draws per code (select_multiple), one table per group of codes."""
    return tuple(_subsets(chances[i : i + _GROUP]) for i in range(0, len(chances), _GROUP))


def _draw(b: Bits, sampler: Sampler) -> tuple[str, ...]:
    """Draw a select_multiple answer; codes keep the order of the choice list."""
    codes: tuple[str, ...] = ()
    for table in sampler:
        codes += table[b(_SET_BITS)]
    return codes


def _gendered(text: str, feminine: bool) -> str:
    """Resolve the Russian gender markers of a first-person fragment."""
    for marker, (fem, masc) in _GENDER_MARKERS.items():
        text = text.replace(marker, fem if feminine else masc)
    return text


_GENDER_MARKERS: Mapping[str, tuple[str, str]] = {
    "{ась}": ("ась", "ся"),
    "{а}": ("а", ""),
    "{сама}": ("сама", "сам"),
}


# --------------------------------------------------------------------------- respondent

_SEX = _table([("female", 88.0), ("trans_woman", 8.0), ("male", 3.0), ("trans_man", 0.5), ("other", 0.5)])
_FEMININE_SEX = frozenset({"female", "trans_woman", "other"})


def _age_weight(age: int) -> float:
    if age < 22:
        return 2.0 + 1.5 * (age - 18)  # 2.0 at 18 .. 6.5 at 21
    if age <= 33:
        return 8.0
    if age <= 40:
        return 6.0
    if age <= 45:
        return 3.0
    if age <= 50:
        return 1.5
    return 0.7 if age <= 55 else 0.3


_AGE = _table([(age, _age_weight(age)) for age in range(18, 61)])

_CITIZENSHIP = _table(
    [
        ("KZ", 87.0),
        ("KG", 4.5),
        ("UZ", 4.0),
        ("TJ", 1.5),
        ("RU", 1.5),
        ("CN", 0.5),
        ("stateless", 0.4),
        ("TM", 0.3),
        ("other", 0.3),
    ]
)

_ETHNICITY_BY_CITIZENSHIP: Mapping[str, tuple[str, ...]] = {
    "KZ": _table(
        [
            ("kazakh", 60.0),
            ("russian", 24.0),
            ("uyghur", 5.0),
            ("tatar", 2.5),
            ("uzbek", 2.0),
            ("korean", 1.5),
            ("ukrainian", 1.5),
            ("kyrgyz", 1.0),
            ("other", 2.5),
        ]
    ),
    "KG": _table([("kyrgyz", 80.0), ("uzbek", 8.0), ("russian", 7.0), ("other", 5.0)]),
    "UZ": _table([("uzbek", 85.0), ("kazakh", 5.0), ("russian", 4.0), ("other", 6.0)]),
    "TJ": _table([("other", 80.0), ("uzbek", 20.0)]),
    "RU": _table([("russian", 70.0), ("tatar", 10.0), ("kazakh", 10.0), ("ukrainian", 5.0), ("other", 5.0)]),
    "CN": _table([("kazakh", 50.0), ("uyghur", 40.0), ("other", 10.0)]),
    "TM": _table([("other", 70.0), ("uzbek", 20.0), ("kazakh", 10.0)]),
    "stateless": _table([("kazakh", 30.0), ("russian", 30.0), ("uzbek", 10.0), ("other", 30.0)]),
    "other": _table([("other", 60.0), ("russian", 20.0), ("ukrainian", 20.0)]),
}

_HAS_ID_SHARE: Mapping[str, float] = {"KZ": 0.93, "stateless": 0.15}
_MIGRANT_HAS_ID_SHARE = 0.6

_MARITAL = _table([("single", 55.0), ("divorced", 28.0), ("married", 10.0), ("widowed", 7.0)])
_EDUCATION = _table(
    [
        ("secondary", 40.0),
        ("vocational", 30.0),
        ("incomplete_secondary", 15.0),
        ("higher", 12.0),
        ("primary", 3.0),
    ]
)
_EXPERIENCE = _table([("lt_6m", 10.0), ("about_1y", 17.0), ("gt_1y", 33.0), ("gt_3y", 40.0)])
_EXPERIENCE_YOUNG = _table([("lt_6m", 25.0), ("about_1y", 35.0), ("gt_1y", 40.0)])
_PUNISHABLE = _table([("no", 40.0), ("yes", 35.0), ("dont_know", 25.0)])

# Independent venue chances, conditional on at least one venue: about 65% of the
# respondents name one venue type, the others two or three.
_VENUE = tuple(
    " ".join(codes)
    for codes in _subsets(
        (
            ("street", 0.06),
            ("on_call", 0.22),
            ("sauna", 0.25),
            ("hotel", 0.07),
            ("apartment", 0.18),
            ("online", 0.13),
        ),
        nonempty=True,
    )
)
_VENUE_TRANS = tuple(
    " ".join(codes)
    for codes in _subsets(
        (
            ("street", 0.15),
            ("on_call", 0.18),
            ("sauna", 0.04),
            ("hotel", 0.05),
            ("apartment", 0.15),
            ("online", 0.25),
        ),
        nonempty=True,
    )
)


def _key_populations() -> tuple[tuple[str, bool], ...]:
    """(key_population answer, sex_worker selected), weighted; never empty."""
    weighted: list[tuple[tuple[str, bool], float]] = []
    for pwid in (True, False):
        for ost in (True, False):
            for plhiv in (True, False):
                odds = 0.06 if pwid else 0.94
                odds *= (0.45 if pwid else 0.005) if ost else (0.55 if pwid else 0.995)
                odds *= (0.35 if pwid else 0.09) if plhiv else (0.65 if pwid else 0.91)
                others = [code for code, on in (("pwid", pwid), ("ost_client", ost), ("plhiv", plhiv)) if on]
                sex_work = 0.97 if others else 1.0
                answer = " ".join([*others, "sex_worker"])
                weighted.append(((answer, True), odds * sex_work))
                if others:
                    weighted.append(((" ".join(others), False), odds * (1.0 - sex_work)))
    return _table(weighted, _SET_BITS)


_KEY_POPULATION = _key_populations()

_REGION = _table(
    [
        ("zhetysu", 85.0),
        ("almaty_region", 8.0),
        ("almaty_city", 3.0),
        ("abai", 1.0),
        ("zhambyl", 1.0),
        ("east_kazakhstan", 0.8),
        ("astana", 0.5),
        ("karaganda", 0.4),
        ("turkistan", 0.3),
    ]
)
_DISTRICT: Mapping[str, tuple[str, ...]] = {
    "zhetysu": _table(
        [
            ("taldykorgan", 55.0),
            ("tekeli", 8.0),
            ("eskeldi", 6.0),
            ("karatal", 6.0),
            ("alakol", 6.0),
            ("panfilov", 5.0),
            ("aksu", 4.0),
            ("kerbulak", 4.0),
            ("koksu", 3.0),
            ("sarkand", 3.0),
        ]
    ),
    "almaty_region": _table(
        [
            ("konaev", 25.0),
            ("talgar", 15.0),
            ("karasai", 12.0),
            ("enbekshikazakh", 10.0),
            ("ili", 10.0),
            ("zhambyl_district", 7.0),
            ("alatau", 6.0),
            ("balkhash", 4.0),
            ("uighur", 4.0),
            ("raiymbek", 4.0),
            ("kegen", 3.0),
        ]
    ),
}
# Administrative centres, as respondents would name their settlement.
_SETTLEMENT: Mapping[str, str] = {
    "taldykorgan": "Талдыкорган",
    "tekeli": "Текели",
    "eskeldi": "Карабулак",
    "karatal": "Уштобе",
    "alakol": "Ушарал",
    "panfilov": "Жаркент",
    "aksu": "Жансугуров",
    "kerbulak": "Сарыозек",
    "koksu": "Балпык би",
    "sarkand": "Сарканд",
    "konaev": "Конаев",
    "talgar": "Талгар",
    "karasai": "Каскелен",
    "enbekshikazakh": "Есик",
    "ili": "Отеген батыр",
    "zhambyl_district": "Узынагаш",
    "alatau": "Алатау",
    "balkhash": "Баканас",
    "uighur": "Чунджа",
    "raiymbek": "Нарынкол",
    "kegen": "Кеген",
    "almaty_city": "Алматы",
    "abai": "Семей",
    "zhambyl": "Тараз",
    "east_kazakhstan": "Усть-Каменогорск",
    "astana": "Астана",
    "karaganda": "Караганда",
    "turkistan": "Туркестан",
}

# Given names from which the UIC letters come: common names, nobody in particular.
_MOTHER_NAMES = (
    "Айгуль",
    "Гульнара",
    "Светлана",
    "Наталья",
    "Жанар",
    "Сауле",
    "Роза",
    "Ольга",
    "Бахыт",
    "Динара",
    "Елена",
    "Гаухар",
    "Майра",
    "Татьяна",
    "Әсем",
    "Күләш",
    "Ұлжан",
    "Индира",
    "Людмила",
    "Зауре",
    "Нурсулу",
    "Айжан",
    "Мадина",
    "Ирина",
    "Алия",
    "Шынар",
    "Галина",
    "Валентина",
    "Райхан",
    "Карлыгаш",
    "Ботагоз",
    "Марина",
    "Жибек",
    "Раушан",
    "Гулбахор",
    "Нигора",
    "Айнура",
    "Фарида",
    "Лариса",
    "Қаракөз",
)
_FATHER_NAMES = (
    "Серик",
    "Болат",
    "Нурлан",
    "Ерлан",
    "Асхат",
    "Сергей",
    "Александр",
    "Владимир",
    "Марат",
    "Бауыржан",
    "Қайрат",
    "Ғалым",
    "Жандос",
    "Талгат",
    "Виктор",
    "Николай",
    "Андрей",
    "Дмитрий",
    "Ержан",
    "Мурат",
    "Даурен",
    "Алмас",
    "Руслан",
    "Бахтияр",
    "Өмірзақ",
    "Ахмет",
    "Игорь",
    "Юрий",
    "Рустам",
    "Улугбек",
    "Азамат",
    "Шухрат",
    "Тимур",
    "Есенжол",
    "Ильяс",
    "Канат",
    "Әділ",
    "Олег",
    "Садыр",
    "Фарход",
)
# Any plausible beginning of a name may occur too, which widens the UIC space so that
# different respondents seldom share a client code by chance.
_CONSONANT_STARTS = "БВГДЖЗКЛМНПРСТХШҚ"
_VOWELS = "аеиоуәұүі"
_VOWEL_STARTS = "АЕИОУӘӨҰЭЯ"
_CONSONANTS = "бвгдзйклмнрстш"


def _uic_letters(names: Sequence[str]) -> tuple[str, ...]:
    """Two-letter beginnings of names; those of common names are likelier."""
    weighted = [(name[:2], 2.0) for name in names]
    weighted += [(first + second, 1.0) for first in _CONSONANT_STARTS for second in _VOWELS]
    weighted += [(first + second, 1.0) for first in _VOWEL_STARTS for second in _CONSONANTS]
    return _table(weighted, _SET_BITS)


_MOTHER_LETTERS = _uic_letters(_MOTHER_NAMES)
_FATHER_LETTERS = _uic_letters(_FATHER_NAMES)

_PSEUDONYMS_F = _texts(
    "Аня",
    "Дана",
    "Мира",
    "Лейла",
    "Камила",
    "Жанна",
    "Алина",
    "Сабина",
    "Вика",
    "Айка",
    "Ася",
    "Ника",
    "Зарина",
    "Диляра",
    "Маржан",
    "Томирис",
    "Инкар",
    "Лиза",
    "Эля",
    "Сая",
)
_PSEUDONYMS_M = _texts("Артём", "Даник", "Ерлан", "Саша", "Тимур", "Арман", "Макс")

# --------------------------------------------------------------------------- violations

_POLICE_BASE: dict[str, float] = {
    "extortion": 0.55,
    "beating_torture": 0.12,
    "threats_blackmail": 0.40,
    "robbery": 0.15,
    "humiliation": 0.50,
    "unlawful_detention": 0.35,
    "passport_taken": 0.08,
    "drugs_planted": 0.03,
    "rape": 0.04,
    "gang_rape": 0.007,
    "unlawful_fine": 0.15,
    "forced_hiv_test": 0.06,
    "refused_medical_services": 0.03,
}
# Violations that happen in custody: likely with a detention, rare without one.
_POLICE_CUSTODY: dict[str, tuple[float, float]] = {
    "no_call_to_relatives": (0.35, 0.03),
    "detention_conditions": (0.22, 0.01),
    "no_lawyer": (0.30, 0.02),
    "rights_not_explained": (0.45, 0.04),
    "no_medical_aid": (0.10, 0.01),
}
_POLICE_ORDER = (
    "extortion",
    "beating_torture",
    "threats_blackmail",
    "robbery",
    "humiliation",
    "unlawful_detention",
    "passport_taken",
    "no_call_to_relatives",
    "detention_conditions",
    "no_lawyer",
    "rights_not_explained",
    "no_medical_aid",
    "drugs_planted",
    "rape",
    "gang_rape",
    "unlawful_fine",
    "forced_hiv_test",
    "refused_medical_services",
)
_POLICE_FALLBACK = _table(
    [("extortion", 4.0), ("humiliation", 3.0), ("threats_blackmail", 2.0), ("unlawful_detention", 2.0)]
)


def _police_samplers(migrant: bool, pwid: bool) -> tuple[Sampler, Sampler]:
    """Two tables (without, with detention) for one respondent profile."""
    base = dict(_POLICE_BASE)
    if migrant:
        base["passport_taken"] = 0.30
        base["extortion"] = 0.65
    if pwid:
        base["drugs_planted"] = 0.15
        base["forced_hiv_test"] = 0.12

    def build(detained: bool) -> Sampler:
        chances = dict(base)
        chances["unlawful_detention"] = 1.0 if detained else 0.0
        for code, (with_detention, without) in _POLICE_CUSTODY.items():
            chances[code] = with_detention if detained else without
        return _sampler(tuple((code, chances[code]) for code in _POLICE_ORDER))

    return build(False), build(True)


_POLICE: Mapping[tuple[bool, bool], tuple[Sampler, Sampler]] = {
    (migrant, pwid): _police_samplers(migrant, pwid) for migrant in (False, True) for pwid in (False, True)
}

_MEDICAL_CHANCES: Chances = (
    ("extortion", 0.10),
    ("beating_torture", 0.01),
    ("threats_blackmail", 0.06),
    ("humiliation", 0.55),
    ("forced_hiv_test", 0.25),
    ("refused_medical_services", 0.35),
    ("free_care_rights_not_explained", 0.20),
    ("hiv_status_disclosed", 0.12),
)
_MEDICAL = _sampler(_MEDICAL_CHANCES)
_MEDICAL_PLHIV = _sampler(
    tuple((code, 0.55 if code == "hiv_status_disclosed" else p) for code, p in _MEDICAL_CHANCES)
)
_MEDICAL_FALLBACK = _table(
    [
        ("humiliation", 4.0),
        ("refused_medical_services", 3.0),
        ("forced_hiv_test", 2.0),
        ("hiv_status_disclosed", 1.0),
    ]
)

# --------------------------------------------------------------------------- section 3

_DETENTIONS = _table(
    [
        ("0", 30.0),
        ("1", 35.0),
        ("2", 14.0),
        ("3", 8.0),
        ("4", 4.0),
        ("5", 3.0),
        ("6", 2.0),
        ("8", 1.5),
        ("10", 1.2),
        ("15", 0.8),
        ("20", 0.3),
        ("30", 0.2),
    ]
)
_RAIDS = _table(
    [("0", 50.0), ("1", 25.0), ("2", 10.0), ("3", 6.0), ("4", 4.0), ("5", 2.5), ("8", 1.5), ("10", 1.0)]
)
_AFTER_DETENTION = _sampler(
    (
        ("released_for_money", 0.35),
        ("released_free", 0.25),
        ("forced_free_sex", 0.06),
        ("protocol_drawn", 0.25),
        ("held_in_reception_centre", 0.08),
        ("fine_taken", 0.12),
        ("admin_penalty", 0.12),
        ("other", 0.03),
    )
)
_AFTER_DETENTION_FALLBACK = _table(
    [("released_free", 3.0), ("released_for_money", 3.0), ("protocol_drawn", 2.0)]
)
_NOTIFIED = _table(
    [("not_notified", 50.0), ("after_hours", 20.0), ("after_delivery", 20.0), ("on_site", 10.0)]
)
_PROTOCOL = _table([("none", 45.0), ("after_delivery", 25.0), ("on_site", 15.0), ("after_hours", 15.0)])
_HELD_WHERE = _table(
    [("station_office", 50.0), ("holding_cell", 30.0), ("other", 12.0), ("temporary_detention_facility", 8.0)]
)
_HOURS = _table(
    [
        ("1", 10.0),
        ("2", 15.0),
        ("3", 20.0),
        ("5", 15.0),
        ("6", 10.0),
        ("8", 8.0),
        ("12", 10.0),
        ("24", 8.0),
        ("48", 3.0),
        ("72", 1.0),
    ]
)
_COURT_HOURS = _table([("3", 10.0), ("5", 10.0), ("12", 15.0), ("24", 30.0), ("48", 25.0), ("72", 10.0)])
_MONTHLY_PAYMENT = _table(
    [
        (5000, 15.0),
        (10000, 25.0),
        (15000, 10.0),
        (20000, 20.0),
        (30000, 12.0),
        (50000, 10.0),
        (70000, 4.0),
        (100000, 4.0),
    ]
)
# (per month, per week, per day) as answered, KZT rounded to 500
_PAYMENTS = tuple(
    (str(month), str(max(500, month // 4 // 500 * 500)), str(max(500, month // 10 // 500 * 500)))
    for month in _MONTHLY_PAYMENT
)
_FINE = _table(
    [
        ("7500", 10.0),
        ("15000", 20.0),
        ("20000", 20.0),
        ("30000", 15.0),
        ("40000", 20.0),
        ("50000", 10.0),
        ("80000", 5.0),
    ]
)
_FINE_PAID_TO = _table([("cashier", 55.0), ("officer_in_hand", 45.0)])

# --------------------------------------------------------------------------- free text
# Phrase tables of 32 entries (see _texts), picked with getrandbits(_TEXT_BITS).

_NO_ID_REASON = _texts(
    "паспорт утерян, восстанавливаю",
    "документы забрал работодатель",
    "паспорт забрали в полиции",
    "истёк срок, не могу продлить",
    "документы остались дома",
    "нет денег на восстановление",
    "паспорт у бывшего мужа",
    "не оформлен вид на жительство",
)
_SW_PUNISHMENT = _texts(
    "административный штраф",
    "штраф и задержание",
    "штраф по КоАП",
    "для иностранцев выдворение",
    "наказывают за сводничество",
    "штраф, могут задержать на сутки",
)
_POLICE_OTHER = _texts(
    "требовали сведения о клиентах",
    "фотографировали без согласия",
    "заставляли убирать в отделе",
    "требовали стать информатором",
    "удалили переписку с телефона",
)
_POLICE_WHERE_TO_TURN = _texts(
    "в прокуратуру",
    "к юристу НПО",
    "на телефон доверия",
    "к уполномоченному по правам человека",
    "в службу собственной безопасности",
    "к аутрич-работнику НПО",
    "в департамент полиции области",
)
_POLICE_COMPLAINT_WHERE = _texts(
    "в прокуратуру",
    "в департамент полиции области",
    "в службу собственной безопасности",
    "начальнику отдела полиции",
    "через юриста НПО в прокуратуру",
    "в приёмную акимата",
    "устно участковому",
)
_NO_COMPLAINT_ANYONE = (
    "боюсь мести",
    "не верю, что помогут",
    "не хочу, чтобы узнали родные",
    "не знаю, куда обращаться",
    "бесполезно, они все заодно",
    "боюсь, что закроют сауну",
    "нет времени",
    "боюсь огласки",
)
_POLICE_NO_COMPLAINT = _texts(*_NO_COMPLAINT_ANYONE)
_POLICE_NO_COMPLAINT_MIGRANT = _texts(
    *_NO_COMPLAINT_ANYONE,
    "нет документов, боюсь выдворения",
    "боюсь депортации",
    "не знаю законов Казахстана",
)
_NOTHING_TO_REPORT = _texts("не было нарушений", "не было повода", "нечего было обжаловать")
_POLICE_REJECTED = _texts(
    "отказались регистрировать",
    "сказали, что нет состава",
    "уговорили забрать заявление",
    "ответили отпиской",
    "сказали, что доказательств нет",
)
_MEDICAL_OTHER = _texts(
    "взяли деньги за бесплатный анализ",
    "не выдали результаты анализов",
    "обсуждали диагноз в коридоре",
    "заставили ждать до конца приёма",
)
_MEDICAL_WHERE_TO_TURN = _texts(
    "к главврачу",
    "в управление здравоохранения",
    "в фонд медицинского страхования",
    "к юристу НПО",
    "в СПИД-центр",
    "на телефон доверия",
)
_MEDICAL_COMPLAINT_WHERE = _texts(
    "главврачу поликлиники",
    "в управление здравоохранения",
    "в фонд медицинского страхования",
    "через юриста НПО",
    "в книгу жалоб",
)
_MEDICAL_NO_COMPLAINT = _texts(
    "не хочу, чтобы узнали о работе",
    "боюсь, что перестанут лечить",
    "не верю, что помогут",
    "не знаю, куда жаловаться",
    "стыдно",
    "больше туда не хожу",
)
_MEDICAL_REJECTED = _texts("сказали, что врач прав", "не ответили", "ответили отпиской")
_RAID_BASIS = _texts(
    "проверка документов",
    "«профилактическое мероприятие»",
    "по жалобе соседей",
    "поиск наркотиков",
    "оснований не назвали",
    "проверка миграционного режима",
    "сказали, что поступил сигнал",
)
_RAID_TIMING = _texts(
    "ночью",
    "по выходным",
    "в конце месяца",
    "перед праздниками",
    "поздно вечером",
    "в пятницу ночью",
    "в начале месяца",
)
_GROUNDS_ANYONE = (
    "мелкое хулиганство",
    "проверка личности",
    "«за проституцию», без статьи",
    "распитие в общественном месте",
    "причину не назвали",
    "подозрение в хранении наркотиков",
    "неповиновение сотруднику",
)
_DETENTION_GROUNDS = _texts(*_GROUNDS_ANYONE)
_DETENTION_GROUNDS_MIGRANT = _texts(
    *_GROUNDS_ANYONE,
    "нарушение миграционного законодательства",
    "нет регистрации по месту пребывания",
)

# --------------------------------------------------------------------------- narratives
# Keys: "p:<code>" police, "m:<code>" medical, "open:<venue>", "open:time",
# "close:complained", "close:silent", "close:none". Russian fragments carry gender
# markers ({а}, {ась}, {сама}); Kazakh has no grammatical gender.

_AMOUNTS = ("5 000", "10 000", "15 000", "20 000", "30 000", "50 000")

_RU: Mapping[str, tuple[str, ...]] = {
    "p:extortion": (
        "Полицейские потребовали {amt} тенге, иначе обещали составить протокол.",
        "С меня требуют деньги каждый месяц, называют это платой «за спокойствие».",
        "Участковый сказал, что если не заплачу {amt} тенге, меня увезут в отдел.",
        "Пришлось отдать все деньги, что были с собой, чтобы меня отпустили.",
        "Они приходят в сауну и забирают у администратора по {amt} тенге с каждой.",
    ),
    "p:humiliation": (
        "Они оскорбляли меня и смеялись над моей работой.",
        "В отделе меня обзывали грязными словами при всех.",
        "Полицейские снимали нас на телефон и унижали.",
        "Меня заставили несколько часов стоять лицом к стене.",
    ),
    "p:threats_blackmail": (
        "Угрожали, что расскажут родственникам и выложат фото в интернет.",
        "Сказали, что если пожалуюсь, будет только хуже.",
        "Пригрозили, что сообщат в опеку и заберут ребёнка.",
    ),
    "p:unlawful_detention": (
        "Меня задержали прямо на улице без всякой причины и продержали до утра.",
        "Во время рейда в сауне всех нас забрали в отдел.",
        "Меня увезли в отдел, хотя никакого протокола не составляли.",
        "Меня остановили у подъезда, посадили в машину и долго возили по городу.",
    ),
    "p:beating_torture": (
        "Один из них ударил меня по лицу.",
        "Меня били, когда я отказал{ась} подписывать бумаги.",
        "Меня толкнули так, что я упал{а} и разбил{а} колено.",
    ),
    "p:robbery": (
        "Забрали телефон и деньги, ничего не вернули.",
        "После задержания из сумки пропали деньги и золотая цепочка.",
    ),
    "p:passport_taken": (
        "Забрали паспорт и сказали, что вернут только за деньги.",
        "Мои документы до сих пор у них.",
    ),
    "p:no_call_to_relatives": (
        "Мне не дали позвонить родным, телефон отобрали сразу.",
        "Я просил{а} сообщить маме, но никто никому не звонил.",
    ),
    "p:detention_conditions": (
        "В камере было холодно, не давали воды и не выводили в туалет.",
        "Всю ночь я просидел{а} на полу в коридоре отдела.",
    ),
    "p:no_lawyer": ("Я просил{а} адвоката, но мне сказали, что он не положен.",),
    "p:rights_not_explained": (
        "Никаких прав мне не объясняли, просто сказали подписать.",
        "Мне не сказали, за что задерживают и какие у меня права.",
    ),
    "p:no_medical_aid": ("Мне стало плохо, но врача так и не вызвали.",),
    "p:drugs_planted": (
        "Мне подбросили в сумку пакетик и сказали, что заведут дело.",
        "Угрожали подкинуть наркотики, если не буду платить.",
    ),
    "p:rape": (
        "Один из сотрудников принудил меня к сексу, угрожая посадить.",
        "Меня отпустили только после того, как один из них принудил меня к сексу.",
    ),
    "p:gang_rape": ("Несколько сотрудников принудили меня к сексу в служебной машине.",),
    "p:unlawful_fine": (
        "Выписали штраф за то, чего я не делал{а}.",
        "Заставили заплатить штраф, а квитанцию не дали.",
    ),
    "p:forced_hiv_test": ("В отделе меня заставили сдать тест на ВИЧ без моего согласия.",),
    "p:refused_medical_services": ("Полицейские не пустили меня к врачу, сказали, что таким не положено.",),
    "m:extortion": (
        "Врач сказал, что без денег справку не даст.",
        "В поликлинике за бесплатный анализ попросили {amt} тенге.",
    ),
    "m:beating_torture": ("Санитар грубо толкнул меня и ударил.",),
    "m:threats_blackmail": ("Медсестра угрожала сообщить в полицию, чем я занимаюсь.",),
    "m:humiliation": (
        "Врач разговаривал со мной с презрением, когда узнал о моей работе.",
        "В женской консультации меня отчитывали и стыдили при других пациентках.",
        "Медсестра громко сказала в коридоре, что я «из этих».",
    ),
    "m:forced_hiv_test": (
        "Меня отправили на тест на ВИЧ, даже не спросив согласия.",
        "Без теста на ВИЧ меня отказывались осматривать.",
    ),
    "m:refused_medical_services": (
        "Гинеколог отказалась меня принимать, когда узнала, где я работаю.",
        "В приёмном покое мне сказали, что таких не лечат, и отправили домой.",
        "Мне отказали в приёме без прописки и направления.",
    ),
    "m:free_care_rights_not_explained": (
        "Мне не объяснили, что обследование положено бесплатно, и взяли деньги.",
    ),
    "m:hiv_status_disclosed": (
        "Медсестра рассказала о моём ВИЧ-статусе соседке.",
        "О моём диагнозе узнали знакомые, и узнали они из больницы.",
    ),
    "open:street": ("Я работаю на трассе.", "Я работаю на улице, возле рынка."),
    "open:on_call": ("Я работаю по вызову.", "Я езжу по вызовам, чаще по ночам."),
    "open:sauna": ("Я работаю в сауне.", "Это случилось в сауне, где я работаю."),
    "open:hotel": ("Я работаю в гостинице.",),
    "open:apartment": ("Мы с подругой снимаем квартиру, там и работаем.",),
    "open:online": ("Клиентов я нахожу через интернет.",),
    "open:time": (
        "Это было в прошлом месяце.",
        "Примерно два месяца назад.",
        "Это случилось недавно, ночью.",
    ),
    "close:complained": (
        "Я написал{а} жалобу, но ответа пока нет.",
        "С помощью юриста я подал{а} жалобу в прокуратуру.",
    ),
    "close:silent": (
        "Жаловаться я не стал{а}, потому что боюсь.",
        "Куда обращаться, я не знаю.",
        "Я никому не говорил{а}, кроме соцработника.",
        "Я думаю, что {сама} виноват{а}, раз так работаю.",
    ),
    "close:none": (
        "За последние полгода проблем с полицией не было.",
        "Ничего такого не было, работаю спокойно.",
        "Полиция нас в последнее время не трогает.",
    ),
}

_KK: Mapping[str, tuple[str, ...]] = {
    "p:extortion": (
        "Полицейлер {amt} теңге талап етті, әйтпесе хаттама толтырамыз деді.",
        "Ай сайын полицияға ақша беруге мәжбүрмін.",
    ),
    "p:humiliation": ("Олар мені балағаттап, жұмысымды мазақ етті.", "Бөлімшеде бәрінің көзінше қорлады."),
    "p:threats_blackmail": (
        "Ақша бермесем, туыстарыма айтамыз деп қорқытты.",
        "Шағымдансам, жағдайым нашарлайды деп қорқытты.",
    ),
    "p:unlawful_detention": (
        "Мені ешбір себепсіз ұстап, таңға дейін бөлімшеде ұстады.",
        "Саунадағы рейд кезінде бәрімізді бөлімшеге апарды.",
    ),
    "p:beating_torture": ("Қызметкерлердің бірі бетімнен ұрды.",),
    "p:robbery": ("Телефоным мен ақшамды алып кетті, қайтармады.",),
    "p:passport_taken": ("Паспортымды алып қойып, ақшаға ғана қайтарамыз деді.",),
    "p:no_call_to_relatives": ("Туыстарыма хабарласуға рұқсат бермеді.",),
    "p:detention_conditions": ("Камерада суық болды, су бермеді.",),
    "p:no_lawyer": ("Адвокат сұрадым, бірақ бермеді.",),
    "p:rights_not_explained": ("Құқықтарымды түсіндірмей, қағазға қол қойғызды.",),
    "p:no_medical_aid": ("Жағдайым нашарлап кетті, бірақ дәрігер шақырмады.",),
    "p:drugs_planted": ("Сөмкеме есірткі салып қойып, іс қозғаймыз деп қорқытты.",),
    "p:rape": ("Қызметкерлердің бірі мені күштеп жыныстық қатынасқа мәжбүрледі.",),
    "p:gang_rape": ("Бірнеше қызметкер көлікте мені жыныстық қатынасқа мәжбүрледі.",),
    "p:unlawful_fine": ("Жасамаған ісім үшін айыппұл салды.",),
    "p:forced_hiv_test": ("Бөлімшеде келісімімсіз АИТВ-ға тест тапсыруға мәжбүрледі.",),
    "p:refused_medical_services": ("Дәрігерге баруға жібермеді.",),
    "m:extortion": ("Дәрігер ақшасыз анықтама бермейтінін айтты.",),
    "m:beating_torture": ("Санитар мені итеріп, ұрып жіберді.",),
    "m:threats_blackmail": ("Медбике полицияға хабарлаймын деп қорқытты.",),
    "m:humiliation": ("Дәрігер жұмысымды білген соң менімен менсінбей сөйлесті.",),
    "m:forced_hiv_test": ("Келісімімді сұрамай, АИТВ-ға тест алды.",),
    "m:refused_medical_services": ("Гинеколог жұмысымды біліп, қабылдаудан бас тартты.",),
    "m:free_care_rights_not_explained": ("Тегін көмекке құқығымды түсіндірмей, ақша алды.",),
    "m:hiv_status_disclosed": ("Медбике менің АИТВ статусымды көршіме айтып қойды.",),
    "open:street": ("Мен көшеде жұмыс істеймін.",),
    "open:on_call": ("Мен шақыру бойынша жұмыс істеймін.",),
    "open:sauna": ("Мен саунада жұмыс істеймін.",),
    "open:hotel": ("Мен қонақүйде жұмыс істеймін.",),
    "open:apartment": ("Құрбыммен пәтер жалдап, сонда жұмыс істейміз.",),
    "open:online": ("Клиенттерді интернет арқылы табамын.",),
    "open:time": ("Бұл өткен айда болды.", "Шамамен екі ай бұрын болды."),
    "close:complained": ("Прокуратураға шағым жаздым, әлі жауап жоқ.",),
    "close:silent": ("Шағымданған жоқпын, себебі қорқамын.", "Қайда бару керегін білмеймін."),
    "close:none": ("Соңғы алты айда полициямен мәселе болған жоқ.", "Бізге ешкім тиіскен жоқ."),
}


def _expand(fragments: Mapping[str, tuple[str, ...]], feminine: bool) -> dict[str, tuple[str, ...]]:
    """Resolve gender markers and pre-render every amount, once."""
    out: dict[str, tuple[str, ...]] = {}
    for key, texts in fragments.items():
        rendered: list[str] = []
        for text in texts:
            text = _gendered(text, feminine)
            if "{amt}" in text:
                rendered.extend(text.replace("{amt}", amt) for amt in _AMOUNTS)
            else:
                rendered.append(text)
        out[key] = _texts(*rendered)
    return out


# (language, feminine) -> fragments
_FRAGMENTS: Mapping[tuple[str, bool], dict[str, tuple[str, ...]]] = {
    ("ru", True): _expand(_RU, True),
    ("ru", False): _expand(_RU, False),
    ("kk", True): _expand(_KK, True),
    ("kk", False): _expand(_KK, True),
}


# --------------------------------------------------------------------------- generator


@dataclass(frozen=True, slots=True)
class _ComplaintTexts:
    where_to_turn: tuple[str, ...]
    complaint_where: tuple[str, ...]
    no_complaint: tuple[str, ...]
    no_complaint_migrant: tuple[str, ...]
    rejected: tuple[str, ...]


_POLICE_TEXTS = _ComplaintTexts(
    _POLICE_WHERE_TO_TURN,
    _POLICE_COMPLAINT_WHERE,
    _POLICE_NO_COMPLAINT,
    _POLICE_NO_COMPLAINT_MIGRANT,
    _POLICE_REJECTED,
)
_MEDICAL_TEXTS = _ComplaintTexts(
    _MEDICAL_WHERE_TO_TURN,
    _MEDICAL_COMPLAINT_WHERE,
    _MEDICAL_NO_COMPLAINT,
    _MEDICAL_NO_COMPLAINT,
    _MEDICAL_REJECTED,
)


@dataclass(slots=True)
class _Day:
    iso: str
    year: int
    doy: int


@dataclass(slots=True)
class _Person:
    """What a repeat interview shares with an earlier one."""

    mother: str  # "" when the UIC parts were not given
    father: str
    sex: str
    birth_year: int
    birth_doy: int
    citizenship: str
    ethnicity: str
    region: str
    district: str
    offset: int  # days before `today` of the latest interview


_WEEKDAY_WEIGHT = (1.0, 1.0, 1.0, 1.0, 0.9, 0.5, 0.2)  # Monday .. Sunday


def _days(today: datetime.date, fieldwork_days: int) -> list[_Day]:
    """The fieldwork window; index = days before today."""
    days: list[_Day] = []
    for offset in range(fieldwork_days):
        day = today - datetime.timedelta(days=offset)
        days.append(_Day(day.isoformat(), day.year, day.timetuple().tm_yday))
    return days


def _offset_table(today: datetime.date, fieldwork_days: int, bits: int) -> tuple[int, ...]:
    """Days-before-today, weighted by weekday (little fieldwork on weekends)."""
    weighted = [
        (offset, _WEEKDAY_WEIGHT[(today - datetime.timedelta(days=offset)).weekday()])
        for offset in range(fieldwork_days)
    ]
    return _table(weighted, bits)


class _Generator:
    """One interview per call of `interview`; all state for repeats lives here."""

    def __init__(self, seed: int, today: datetime.date, fieldwork_days: int) -> None:
        rng = random.Random(seed)
        self.r: Rand = rng.random
        self.b: Bits = rng.getrandbits
        self.days = _days(today, fieldwork_days)
        self.offset_bits = max(_BITS, (20 * fieldwork_days).bit_length())
        self.offsets = _offset_table(today, fieldwork_days, self.offset_bits)
        self.pool: list[_Person] = []
        self.keen = True  # the current respondent answers every optional question

    def interview(self) -> Answers:
        person = self._repeat() if self.r() < _REPEAT_SHARE else None
        if person is None:
            person = self._new_person()
        day = self.days[person.offset]
        self.keen = self.r() >= _RETICENT
        a: Answers = {"registered_on": day.iso}
        consent = self._consent(a)
        self._respondent(a, person, day)
        self._violations(a, consent)
        return a

    # -- identity

    def _new_person(self) -> _Person:
        r, b = self.r, self.b
        offset = self.offsets[b(self.offset_bits)]
        day = self.days[offset]
        age = _AGE[b(_BITS)]
        birth_doy = 1 + int(r() * 365)
        citizenship = _CITIZENSHIP[b(_BITS)]
        region = _REGION[b(_BITS)]
        districts = _DISTRICT.get(region)
        person = _Person(  # positional: measurably faster than keywords here
            _MOTHER_LETTERS[b(_SET_BITS)],
            _FATHER_LETTERS[b(_SET_BITS)],
            _SEX[b(_BITS)],
            day.year - age - (1 if day.doy < birth_doy else 0),
            birth_doy,
            citizenship,
            _ETHNICITY_BY_CITIZENSHIP[citizenship][b(_BITS)],
            region,
            districts[b(_BITS)] if districts else "",
            offset,
        )
        if r() < _UIC_SHARE:
            self._remember(person)
        else:
            person.mother = person.father = ""
        return person

    def _remember(self, person: _Person) -> None:
        if len(self.pool) < _POOL_SIZE:
            self.pool.append(person)
        else:
            self.pool[int(self.r() * _POOL_SIZE)] = person

    def _repeat(self) -> _Person | None:
        """An earlier respondent, interviewed again on a later day; None if impossible."""
        if not self.pool:
            return None
        person = self.pool[int(self.r() * len(self.pool))]
        if person.offset == 0:
            return None
        person.offset = int(self.r() * person.offset)  # strictly later than before
        return person

    # -- section 0

    def _consent(self, a: Answers) -> tuple[bool, bool]:
        """Fill the consent answers; return (anonymous_use, report_to_authorities)."""
        r = self.r
        anonymous_use = r() < 0.80
        report = r() < 0.20
        a["consent_statistics"] = "yes" if r() < 0.95 else "no"
        a["consent_anonymous_use"] = "yes" if anonymous_use else "no"
        a["consent_public_name"] = "yes" if r() < 0.05 else "no"
        a["consent_report_to_authorities"] = "yes" if report else "no"
        a["consent_recorded"] = "yes"
        return anonymous_use, report

    # -- section 1

    def _respondent(self, a: Answers, person: _Person, day: _Day) -> None:
        r, b = self.r, self.b
        age = day.year - person.birth_year - (1 if day.doy < person.birth_doy else 0)
        if person.mother:
            a["uic_mother_name"] = person.mother
            a["uic_father_name"] = person.father
            if _BIRTH_YEAR_MIN <= person.birth_year <= _BIRTH_YEAR_MAX:
                a["uic_birth_year"] = str(person.birth_year)
        a["sex"] = person.sex
        a["age"] = str(age)
        if self.keen or r() >= _DECLINE:
            a["ethnicity"] = person.ethnicity
        a["citizenship"] = person.citizenship
        self._documents(a, person.citizenship)
        if self.keen or r() >= _DECLINE:
            a["marital_status"] = _MARITAL[b(_BITS)]
        if self.keen or r() >= _DECLINE:
            a["education"] = _EDUCATION[b(_BITS)]
        self._key_population(a, person.sex)
        if self.keen or r() >= _DECLINE:
            a["criminal_record"] = "yes" if r() < 0.08 else "no"
        if self.keen or r() >= _DECLINE:
            a["sw_experience"] = (_EXPERIENCE_YOUNG if age < 21 else _EXPERIENCE)[b(_BITS)]
        self._residence(a, person)

    def _documents(self, a: Answers, citizenship: str) -> None:
        r = self.r
        if not self.keen and r() < _DECLINE:
            return
        if r() < _HAS_ID_SHARE.get(citizenship, _MIGRANT_HAS_ID_SHARE):
            a["has_id_document"] = "yes"
            return
        a["has_id_document"] = "no"
        if r() < 0.6:
            a["no_id_reason"] = _NO_ID_REASON[self.b(_TEXT_BITS)]

    def _key_population(self, a: Answers, sex: str) -> None:
        b = self.b
        key_population, sex_worker = _KEY_POPULATION[b(_SET_BITS)]
        a["key_population"] = key_population
        if sex_worker and (self.keen or self.r() >= _DECLINE):
            a["work_venue"] = (_VENUE_TRANS if sex == "trans_woman" else _VENUE)[b(_SET_BITS)]

    def _residence(self, a: Answers, person: _Person) -> None:
        r = self.r
        if r() < 0.7:
            a["residence_settlement"] = _SETTLEMENT[person.district or person.region]
        if not self.keen and r() < _DECLINE:
            return
        a["residence_region"] = person.region
        if person.district and r() < 0.92:
            a["residence_district"] = person.district

    # -- section 2 (and, from it, sections 3 to 5)

    def _violations(self, a: Answers, consent: tuple[bool, bool]) -> None:
        r = self.r
        anonymous_use, may_report = consent
        self._punishable(a)
        violated = r() < 0.65
        a["rights_violated_6m"] = "yes" if violated else "no"
        police = self._police_codes(a) if violated else ()
        medical = self._medical_codes(a) if violated else ()
        if violated and not police and not medical and r() < 0.8:
            police = (_POLICE_FALLBACK[self.b(_BITS)],)
        if violated and r() < 0.03:
            a["police_violations_other"] = _POLICE_OTHER[self.b(_TEXT_BITS)]
        if police:
            a["police_violations"] = " ".join(police)
        complained = self._complaints(a, "police_", bool(police), may_report, _POLICE_TEXTS)
        if police:
            self._detention(a, police)
        if medical:
            a["medical_violations"] = " ".join(medical)
        if r() < 0.02:
            a["medical_violations_other"] = _MEDICAL_OTHER[self.b(_TEXT_BITS)]
        if self._complaints(a, "medical_", bool(medical), may_report, _MEDICAL_TEXTS):
            complained = True
        if not violated or police or medical:
            self._narrative(a, police, medical, complained)
        if anonymous_use:
            self._quote(a)

    def _punishable(self, a: Answers) -> None:
        r = self.r
        if not self.keen and r() < _DECLINE:
            return
        punishable = _PUNISHABLE[self.b(_BITS)]
        a["sw_punishable_home"] = punishable
        if punishable == "yes" and r() < 0.4:
            a["sw_punishment"] = _SW_PUNISHMENT[self.b(_TEXT_BITS)]

    def _police_codes(self, a: Answers) -> tuple[str, ...]:
        r = self.r
        if r() >= 0.80:
            return ()
        migrant = a["citizenship"] != "KZ"
        without, with_detention = _POLICE[(migrant, "pwid" in a["key_population"])]
        detained = r() < (0.45 if migrant else 0.35)
        codes = _draw(self.b, with_detention if detained else without)
        return codes or (_POLICE_FALLBACK[self.b(_BITS)],)

    def _medical_codes(self, a: Answers) -> tuple[str, ...]:
        r = self.r
        if r() >= 0.46:
            return ()
        plhiv = "plhiv" in a["key_population"]
        codes = _draw(self.b, _MEDICAL_PLHIV if plhiv else _MEDICAL)
        return codes or (_MEDICAL_FALLBACK[self.b(_BITS)],)

    def _complaints(
        self, a: Answers, prefix: str, victim: bool, may_report: bool, texts: _ComplaintTexts
    ) -> bool:
        """knows_where_to_turn .. measures_taken of one section; True if complained."""
        r = self.r
        knows = r() < (0.35 if prefix == "police_" else 0.30)
        a[prefix + "knows_where_to_turn"] = "yes" if knows else "no"
        if knows and r() < 0.5:
            a[prefix + "where_to_turn"] = texts.where_to_turn[self.b(_TEXT_BITS)]
        if victim:
            chance = (0.30 if knows else 0.08) + (0.12 if may_report else 0.0)
            complained = r() < (chance if prefix == "police_" else chance / 2)
        else:
            complained = r() < 0.01
        a[prefix + "complained"] = "yes" if complained else "no"
        if complained:
            self._complaint_outcome(a, prefix, texts)
        elif victim and r() < 0.45:
            migrant = a["citizenship"] != "KZ"
            reasons = texts.no_complaint_migrant if migrant else texts.no_complaint
            a[prefix + "no_complaint_reason"] = reasons[self.b(_TEXT_BITS)]
        elif not victim and r() < 0.1:
            a[prefix + "no_complaint_reason"] = _NOTHING_TO_REPORT[self.b(_TEXT_BITS)]
        return complained

    def _complaint_outcome(self, a: Answers, prefix: str, texts: _ComplaintTexts) -> None:
        r = self.r
        if r() < 0.7:
            a[prefix + "complaint_where"] = texts.complaint_where[self.b(_TEXT_BITS)]
        accepted = r() < 0.35
        a[prefix + "complaint_accepted"] = "yes" if accepted else "no"
        if not accepted and r() < 0.6:
            a[prefix + "complaint_rejected_reason"] = texts.rejected[self.b(_TEXT_BITS)]
        a[prefix + "measures_taken"] = "yes" if r() < (0.30 if accepted else 0.03) else "no"

    # -- section 3 (only with police violations)

    def _detention(self, a: Answers, police: tuple[str, ...]) -> None:
        r = self.r
        detained = "unlawful_detention" in police or r() < 0.3
        if r() < 0.85:
            a["detentions_last_month"] = _DETENTIONS[self.b(_BITS)] if detained else "0"
        if r() < 0.6:
            a["officer_showed_id"] = "yes" if r() < 0.3 else "no"
        if detained:
            self._custody(a, police)
        self._payments(a, "extortion" in police)
        self._raids(a)

    def _custody(self, a: Answers, police: tuple[str, ...]) -> None:
        r, b = self.r, self.b
        if r() < 0.85:
            outcomes = _draw(b, _AFTER_DETENTION) or (_AFTER_DETENTION_FALLBACK[b(_BITS)],)
            a["after_detention"] = " ".join(outcomes)
        if r() < 0.3:
            migrant = a["citizenship"] != "KZ"
            grounds = _DETENTION_GROUNDS_MIGRANT if migrant else _DETENTION_GROUNDS
            a["detention_grounds"] = grounds[self.b(_TEXT_BITS)]
        if r() < 0.8:
            self._timed(a, "relatives_notified", _NOTIFIED[b(_BITS)])
        if r() < 0.8:
            self._timed(a, "admin_protocol", _PROTOCOL[b(_BITS)])
        if r() < 0.8:
            a["held_where"] = _HELD_WHERE[b(_BITS)]
        if r() < 0.8:
            court = r() < 0.12
            a["taken_to_court"] = "yes" if court else "no"
            if court and r() < 0.8:
                a["taken_to_court_hours"] = _COURT_HOURS[b(_BITS)]
        if r() < 0.8:
            self._fine(a, "unlawful_fine" in police)

    def _timed(self, a: Answers, name: str, code: str) -> None:
        a[name] = code
        if code == "after_hours" and self.r() < 0.8:
            a[name + "_hours"] = _HOURS[self.b(_BITS)]

    def _fine(self, a: Answers, unlawful_fine: bool) -> None:
        r = self.r
        paid = r() < (0.7 if unlawful_fine else 0.2)
        a["fine_paid"] = "yes" if paid else "no"
        if paid and r() < 0.8:
            a["fine_amount"] = _FINE[self.b(_BITS)]
        if paid and r() < 0.8:
            a["fine_paid_to"] = _FINE_PAID_TO[self.b(_BITS)]

    def _payments(self, a: Answers, extortion: bool) -> None:
        r = self.r
        if not extortion:
            if r() < 0.2:
                a["payments_to_police_month"] = "0"
            return
        month, week, day = _PAYMENTS[self.b(_BITS)]
        if r() < 0.7:
            a["payments_to_police_month"] = month
        if r() < 0.3:
            a["payments_to_police_week"] = week
        if r() < 0.15:
            a["payments_to_police_day"] = day

    def _raids(self, a: Answers) -> None:
        r = self.r
        if r() >= 0.8:
            return
        raids = _RAIDS[self.b(_BITS)]
        a["raids_last_month"] = raids
        if raids != "0" and r() < 0.4:
            a["raid_basis"] = _RAID_BASIS[self.b(_TEXT_BITS)]
        if raids != "0" and r() < 0.4:
            a["raid_timing"] = _RAID_TIMING[self.b(_TEXT_BITS)]

    # -- section 5

    def _narrative(
        self, a: Answers, police: tuple[str, ...], medical: tuple[str, ...], complained: bool
    ) -> None:
        r, b = self.r, self.b
        victim = bool(police or medical)
        if r() >= (0.9 if victim else 0.35):
            return
        kazakh = r() < (0.2 if a.get("ethnicity") == "kazakh" else 0.02)
        fragments = _FRAGMENTS[("kk" if kazakh else "ru", a["sex"] in _FEMININE_SEX)]
        if not victim:
            a["narrative"] = fragments["close:none"][b(_TEXT_BITS)]
            return
        sentences: list[str] = []
        if r() < 0.5:
            venue = a.get("work_venue", "").split(" ")[0] or "time"
            sentences.append(fragments["open:" + venue][b(_TEXT_BITS)])
        self._what_happened(sentences, fragments, police, medical)
        if r() < 0.5:
            closer = "close:complained" if complained else "close:silent"
            sentences.append(fragments[closer][b(_TEXT_BITS)])
        a["narrative"] = " ".join(sentences)

    def _what_happened(
        self,
        sentences: list[str],
        fragments: Mapping[str, tuple[str, ...]],
        police: tuple[str, ...],
        medical: tuple[str, ...],
    ) -> None:
        """One police and one medical sentence, or up to two police sentences."""
        r, b = self.r, self.b
        first = int(r() * len(police)) if police else -1
        if first > 0 and police[0] == "extortion" and r() < 0.7:
            first = 0  # money demanded is what most accounts are about
        if first >= 0:
            sentences.append(fragments["p:" + police[first]][b(_TEXT_BITS)])
        if medical:
            code = medical[int(r() * len(medical))]
            sentences.append(fragments["m:" + code][b(_TEXT_BITS)])
        elif len(police) > 1 and r() < 0.7:
            second = (first + 1 + int(r() * (len(police) - 1))) % len(police)
            sentences.append(fragments["p:" + police[second]][b(_TEXT_BITS)])

    def _quote(self, a: Answers) -> None:
        """Only called with consent_anonymous_use = yes."""
        r = self.r
        if not self.keen and r() < _DECLINE:
            return
        allowed = "narrative" in a and r() < 0.6
        a["quote_allowed"] = "yes" if allowed else "no"
        if allowed and r() < 0.8:
            names = _PSEUDONYMS_F if a["sex"] in _FEMININE_SEX else _PSEUDONYMS_M
            a["quote_pseudonym"] = names[self.b(_TEXT_BITS)]


# --------------------------------------------------------------------------- public API


def generate_answers(
    n: int, *, seed: int, today: datetime.date, fieldwork_days: int = 60
) -> Iterator[dict[str, str]]:
    """Yield `n` synthetic interviews as raw form answers (every value a string).

    Interviews are registered over the `fieldwork_days` days ending at `today`, never
    later. About 5% are repeat interviews: they reuse the UIC parts (and sex) of an
    interview yielded earlier and are registered on a later day. The same arguments
    always give the same interviews.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    if fieldwork_days < 1:
        raise ValueError("fieldwork_days must be at least 1")
    generator = _Generator(seed, today, fieldwork_days)
    for _ in range(n):
        yield generator.interview()


def _benchmark(n: int) -> None:
    started = time.perf_counter()
    count = sum(1 for _ in generate_answers(n, seed=1, today=datetime.date.today()))
    elapsed = time.perf_counter() - started
    print(f"{count} interviews in {elapsed:.2f} s: {count / elapsed:,.0f} per second")


if __name__ == "__main__":
    _benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
