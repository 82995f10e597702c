"""The synthetic interviews of kua.demo keep the questionnaire's contract
(docs/questionnaire-logic.md). No database: the rules are checked directly here, and
the last test runs the real validator over the shipped workbook."""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from kua.demo import generate_answers

TODAY = datetime.date(2025, 6, 1)
N = 4000
ROOT = Path(__file__).resolve().parents[2]

Answers = Mapping[str, str]

# The contract's choice lists, copied from docs/questionnaire-logic.md on purpose (not
# imported from the generator), so that a drift on either side shows up here.
YES_NO = {"yes", "no"}
SELECT_ONE: dict[str, set[str]] = {
    "sex": {"female", "male", "trans_woman", "trans_man", "other"},
    "ethnicity": {"kazakh", "russian", "uzbek", "uyghur", "kyrgyz", "tatar", "ukrainian", "korean", "other"},
    "citizenship": {"KZ", "UZ", "KG", "TJ", "RU", "TM", "CN", "other", "stateless"},
    "marital_status": {"married", "single", "divorced", "widowed"},
    "education": {"primary", "incomplete_secondary", "secondary", "vocational", "higher"},
    "sw_experience": {"lt_6m", "about_1y", "gt_1y", "gt_3y"},
    "sw_punishable_home": {"yes", "no", "dont_know"},
    "residence_region": {
        "abai", "akmola", "aktobe", "almaty_region", "atyrau", "east_kazakhstan", "zhambyl",
        "zhetysu", "west_kazakhstan", "karaganda", "kostanay", "kyzylorda", "mangystau",
        "pavlodar", "north_kazakhstan", "turkistan", "ulytau", "astana", "almaty_city", "shymkent",
    },
    "relatives_notified": {"on_site", "after_delivery", "after_hours", "not_notified"},
    "admin_protocol": {"on_site", "after_delivery", "after_hours", "none"},
    "held_where": {"holding_cell", "station_office", "temporary_detention_facility", "other"},
    "fine_paid_to": {"cashier", "officer_in_hand"},
}  # fmt: skip
DISTRICTS: dict[str, set[str]] = {
    "zhetysu": {
        "taldykorgan", "tekeli", "aksu", "alakol", "eskeldi", "karatal", "kerbulak", "koksu",
        "panfilov", "sarkand",
    },
    "almaty_region": {
        "konaev", "alatau", "balkhash", "enbekshikazakh", "zhambyl_district", "ili", "karasai",
        "kegen", "raiymbek", "talgar", "uighur",
    },
}  # fmt: skip
POLICE = {
    "extortion", "beating_torture", "threats_blackmail", "robbery", "humiliation",
    "unlawful_detention", "passport_taken", "no_call_to_relatives", "detention_conditions",
    "no_lawyer", "rights_not_explained", "no_medical_aid", "drugs_planted", "rape", "gang_rape",
    "unlawful_fine", "forced_hiv_test", "refused_medical_services",
}  # fmt: skip
MEDICAL = {
    "extortion", "beating_torture", "threats_blackmail", "humiliation", "forced_hiv_test",
    "refused_medical_services", "free_care_rights_not_explained", "hiv_status_disclosed",
}  # fmt: skip
SELECT_MULTIPLE: dict[str, set[str]] = {
    "key_population": {"pwid", "ost_client", "plhiv", "sex_worker"},
    "work_venue": {"street", "on_call", "sauna", "hotel", "apartment", "online"},
    "police_violations": POLICE,
    "medical_violations": MEDICAL,
    "after_detention": {
        "released_for_money", "released_free", "forced_free_sex", "protocol_drawn",
        "held_in_reception_centre", "fine_taken", "admin_penalty", "other",
    },
}  # fmt: skip
YES_NO_FIELDS = {
    "consent_statistics", "consent_anonymous_use", "consent_public_name",
    "consent_report_to_authorities", "consent_recorded", "has_id_document", "criminal_record",
    "rights_violated_6m", "police_knows_where_to_turn", "police_complained",
    "police_complaint_accepted", "police_measures_taken", "officer_showed_id", "taken_to_court",
    "fine_paid", "medical_knows_where_to_turn", "medical_complained", "medical_complaint_accepted",
    "medical_measures_taken", "quote_allowed",
}  # fmt: skip
INTEGERS: dict[str, tuple[int, int]] = {
    "age": (18, 90),
    "uic_birth_year": (1930, 2010),
    "detentions_last_month": (0, 100),
    "raids_last_month": (0, 100),
    "relatives_notified_hours": (0, 720),
    "admin_protocol_hours": (0, 720),
    "taken_to_court_hours": (0, 720),
}
DECIMALS = {"payments_to_police_day", "payments_to_police_week", "payments_to_police_month", "fine_amount"}
TEXTS = {
    "uic_mother_name", "uic_father_name", "no_id_reason", "residence_settlement", "sw_punishment",
    "police_violations_other", "police_where_to_turn", "police_complaint_where",
    "police_no_complaint_reason", "police_complaint_rejected_reason", "raid_basis", "raid_timing",
    "detention_grounds", "medical_violations_other", "medical_where_to_turn",
    "medical_complaint_where", "medical_no_complaint_reason", "medical_complaint_rejected_reason",
    "narrative", "quote_pseudonym",
}  # fmt: skip
SECTION_3 = {
    "detentions_last_month", "officer_showed_id", "after_detention", "payments_to_police_day",
    "payments_to_police_week", "payments_to_police_month", "raids_last_month", "raid_basis",
    "raid_timing", "detention_grounds", "relatives_notified", "relatives_notified_hours",
    "admin_protocol", "admin_protocol_hours", "held_where", "taken_to_court", "taken_to_court_hours",
    "fine_paid", "fine_amount", "fine_paid_to",
}  # fmt: skip
ALL_FIELDS = (
    {"registered_on", "residence_district"}
    | set(SELECT_ONE)
    | set(SELECT_MULTIPLE)
    | YES_NO_FIELDS
    | set(INTEGERS)
    | DECIMALS
    | TEXTS
)
ALWAYS_REQUIRED = {
    "registered_on", "consent_statistics", "consent_anonymous_use", "consent_public_name",
    "consent_report_to_authorities", "consent_recorded", "sex", "age", "citizenship",
    "rights_violated_6m", "police_knows_where_to_turn", "police_complained",
    "medical_knows_where_to_turn", "medical_complained",
}  # fmt: skip
UIC_LETTERS = re.compile(r"^[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]$")


def _codes(answers: Answers, name: str) -> list[str]:
    return answers.get(name, "").split()


def _relevant(answers: Answers) -> dict[str, bool]:
    """The contract's relevance of every conditional question, for one interview."""
    a = answers
    relevant = {
        "no_id_reason": a.get("has_id_document") == "no",
        "work_venue": "sex_worker" in _codes(a, "key_population"),
        "residence_district": a.get("residence_region") in DISTRICTS,
        "sw_punishment": a.get("sw_punishable_home") == "yes",
        "police_violations": a.get("rights_violated_6m") == "yes",
        "police_violations_other": a.get("rights_violated_6m") == "yes",
        "quote_allowed": a.get("consent_anonymous_use") == "yes",
        "quote_pseudonym": a.get("quote_allowed") == "yes",
        "relatives_notified_hours": a.get("relatives_notified") == "after_hours",
        "admin_protocol_hours": a.get("admin_protocol") == "after_hours",
        "taken_to_court_hours": a.get("taken_to_court") == "yes",
        "fine_amount": a.get("fine_paid") == "yes",
        "fine_paid_to": a.get("fine_paid") == "yes",
    }
    for prefix in ("police_", "medical_"):
        complained = a.get(prefix + "complained")
        relevant[prefix + "where_to_turn"] = a.get(prefix + "knows_where_to_turn") == "yes"
        relevant[prefix + "complaint_where"] = complained == "yes"
        relevant[prefix + "complaint_accepted"] = complained == "yes"
        relevant[prefix + "measures_taken"] = complained == "yes"
        relevant[prefix + "no_complaint_reason"] = complained == "no"
        relevant[prefix + "complaint_rejected_reason"] = a.get(prefix + "complaint_accepted") == "no"
    detention = bool(_codes(a, "police_violations"))
    for name in SECTION_3:
        relevant[name] = detention and relevant.get(name, True)
    return relevant


def _relevance_problems(answers: Answers) -> list[str]:
    relevant = _relevant(answers)
    problems = [f"{name} given but not relevant" for name in answers if not relevant.get(name, True)]
    required = set(ALWAYS_REQUIRED)
    for prefix in ("police_", "medical_"):
        if answers.get(prefix + "complained") == "yes":
            required |= {prefix + "complaint_accepted", prefix + "measures_taken"}
    problems += [f"{name} required but missing" for name in sorted(required - set(answers))]
    return problems


def _value_problems(name: str, value: str) -> list[str]:
    """Type, range and code checks of one answer."""
    if name in SELECT_ONE and value not in SELECT_ONE[name]:
        return [f"{name}: unknown code {value!r}"]
    if name in SELECT_MULTIPLE:
        codes = value.split(" ")
        if not codes or not set(codes) <= SELECT_MULTIPLE[name] or len(set(codes)) != len(codes):
            return [f"{name}: bad codes {value!r}"]
    if name in YES_NO_FIELDS and value not in YES_NO:
        return [f"{name}: not yes/no {value!r}"]
    if name in INTEGERS:
        low, high = INTEGERS[name]
        if not re.fullmatch(r"[0-9]+", value) or not low <= int(value) <= high:
            return [f"{name}: out of range {value!r}"]
    if name in DECIMALS and not re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
        return [f"{name}: not a decimal >= 0 {value!r}"]
    if name in TEXTS and (not value.strip() or value[0] in "=+-@"):
        return [f"{name}: empty or formula-like text {value!r}"]
    return []


def _problems(answers: Answers) -> list[str]:
    problems = _relevance_problems(answers)
    unknown = set(answers) - ALL_FIELDS
    problems += [f"unknown key {name}" for name in sorted(unknown)]
    for name, value in answers.items():
        if not isinstance(value, str):
            problems.append(f"{name}: not a string")
            continue
        problems += _value_problems(name, value)
    district = answers.get("residence_district")
    if district and district not in DISTRICTS.get(answers.get("residence_region", ""), set()):
        problems.append(f"district {district} not in region {answers.get('residence_region')}")
    return problems


@pytest.fixture(scope="module")
def interviews() -> list[dict[str, str]]:
    return list(generate_answers(N, seed=20250601, today=TODAY))


def test_same_seed_same_interviews_other_seed_other_interviews() -> None:
    first = list(generate_answers(300, seed=5, today=TODAY))
    again = list(generate_answers(300, seed=5, today=TODAY))
    other = list(generate_answers(300, seed=6, today=TODAY))
    assert first == again
    assert first != other
    assert len(first) == 300


def test_a_prefix_of_a_run_is_a_shorter_run() -> None:
    long_run = list(generate_answers(200, seed=9, today=TODAY))
    assert list(generate_answers(50, seed=9, today=TODAY)) == long_run[:50]


def test_every_interview_keeps_the_contract(interviews: list[dict[str, str]]) -> None:
    problems = {i: p for i, answers in enumerate(interviews) if (p := _problems(answers))}
    assert not problems, dict(itertools.islice(problems.items(), 5))


def test_key_relevance_rules_directly(interviews: list[dict[str, str]]) -> None:
    for a in interviews:
        for prefix in ("police_", "medical_"):
            if prefix + "complaint_accepted" in a or prefix + "measures_taken" in a:
                assert a[prefix + "complained"] == "yes"
        if "work_venue" in a:
            assert "sex_worker" in a["key_population"].split()
        if SECTION_3 & set(a):
            assert a.get("police_violations"), sorted(SECTION_3 & set(a))
        if "quote_allowed" in a:
            assert a["consent_anonymous_use"] == "yes"
        if "quote_pseudonym" in a:
            assert a["quote_allowed"] == "yes"
        assert "documenter" not in a
        assert "client_code" not in a
        assert a["consent_recorded"] == "yes"


def test_ages_and_birth_years_agree(interviews: list[dict[str, str]]) -> None:
    for a in interviews:
        age = int(a["age"])
        assert 18 <= age <= 90
        if "uic_birth_year" in a:
            registered = datetime.date.fromisoformat(a["registered_on"])
            assert registered.year - int(a["uic_birth_year"]) in (age, age + 1)


def test_uic_parts_look_like_name_beginnings(interviews: list[dict[str, str]]) -> None:
    with_uic = [a for a in interviews if "uic_mother_name" in a]
    assert 0.7 < len(with_uic) / len(interviews) < 0.95
    for a in with_uic:
        assert UIC_LETTERS.match(a["uic_mother_name"]), a["uic_mother_name"]
        assert UIC_LETTERS.match(a["uic_father_name"]), a["uic_father_name"]


@pytest.mark.parametrize("fieldwork_days", [1, 7, 60])
def test_dates_fall_in_the_fieldwork_window_never_in_the_future(fieldwork_days: int) -> None:
    first_day = TODAY - datetime.timedelta(days=fieldwork_days - 1)
    dates = {
        datetime.date.fromisoformat(a["registered_on"])
        for a in generate_answers(1000, seed=3, today=TODAY, fieldwork_days=fieldwork_days)
    }
    assert min(dates) >= first_day
    assert max(dates) <= TODAY
    assert len(dates) == fieldwork_days or fieldwork_days == 60  # weekends are rarer


def test_repeat_interviews_reuse_uic_and_sex_on_a_later_day(interviews: list[dict[str, str]]) -> None:
    first_seen: dict[tuple[str, str, str, str], str] = {}
    later = 0
    for a in interviews:
        if "uic_mother_name" not in a:
            continue
        key = (a["uic_mother_name"], a["uic_father_name"], a["sex"], a.get("uic_birth_year", ""))
        if key in first_seen and a["registered_on"] > first_seen[key]:
            later += 1
        first_seen.setdefault(key, a["registered_on"])
    assert 0.03 < later / len(interviews) < 0.10


def _share(interviews: list[dict[str, str]], test: Callable[[dict[str, str]], bool]) -> float:
    return sum(1 for a in interviews if test(a)) / len(interviews)


def test_distributions_are_plausible(interviews: list[dict[str, str]]) -> None:
    assert 0.8 < _share(interviews, lambda a: a["sex"] == "female") < 0.95
    assert 0.6 < _share(interviews, lambda a: a["rights_violated_6m"] == "yes") < 0.7
    assert 0.07 < _share(interviews, lambda a: a["police_complained"] == "yes") < 0.16
    assert 0.2 < _share(interviews, lambda a: bool(a.get("medical_violations"))) < 0.4
    assert 0.92 < _share(interviews, lambda a: a["consent_statistics"] == "yes") < 0.98
    assert _share(interviews, lambda a: a.get("residence_district") == "taldykorgan") > 0.3
    assert _share(interviews, lambda a: "sex_worker" in a["key_population"]) > 0.95
    assert _share(interviews, lambda a: "gang_rape" in a.get("police_violations", "")) < 0.01


def test_narratives_are_short_and_match_the_record(interviews: list[dict[str, str]]) -> None:
    narratives = [a for a in interviews if "narrative" in a]
    assert len(narratives) > len(interviews) / 2
    kazakh = [a for a in narratives if re.search("[әғқңөұүһі]", a["narrative"])]
    assert 0.03 < len(kazakh) / len(narratives) < 0.3
    for a in narratives:
        assert 1 <= a["narrative"].count(".") <= 4, a["narrative"]
        if "тенге" in a["narrative"] or "теңге" in a["narrative"]:
            assert "extortion" in a.get("police_violations", "") + a.get("medical_violations", "")


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="fieldwork_days"):
        next(generate_answers(1, seed=1, today=TODAY, fieldwork_days=0))
    assert list(generate_answers(0, seed=1, today=TODAY)) == []


def _configure_django_if_needed() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)


def test_the_validator_accepts_every_generated_interview() -> None:
    _configure_django_if_needed()
    from kua.questionnaires.loader import load_xlsform
    from kua.questionnaires.validator import validate

    spec = load_xlsform(ROOT / "forms" / "violation_registration.xlsx")
    failures = {}
    for i, raw in enumerate(generate_answers(500, seed=42, today=TODAY)):
        result = validate(spec, raw, today=TODAY)
        if result.errors or result.ignored:
            failures[i] = {
                name: [e.code for e in errs] for name, errs in {**result.errors, **result.ignored}.items()
            }
    assert not failures, dict(itertools.islice(failures.items(), 5))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"police_complained": "no", "police_complaint_accepted": "no"}, "police_complaint_accepted"),
        ({"key_population": "plhiv", "work_venue": "sauna"}, "work_venue"),
        ({"consent_anonymous_use": "no", "quote_allowed": "yes"}, "quote_allowed"),
        ({"rights_violated_6m": "no", "police_violations": "", "raids_last_month": "1"}, "raids_last_month"),
        ({"sex": "woman"}, "sex"),
        ({"age": "17"}, "age"),
    ],
)
def test_the_checks_above_catch_a_broken_interview(change: dict[str, str], expected: str) -> None:
    answers = next(generate_answers(1, seed=1, today=TODAY)) | change
    answers = {name: value for name, value in answers.items() if value}
    assert any(expected in problem for problem in _problems(answers)), _problems(answers)
