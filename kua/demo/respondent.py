"""Section 1: the respondent (client-code parts, demographics, key population, residence)."""

from __future__ import annotations

from kua.demo import tables
from kua.demo.data import ru, weights
from kua.demo.interview import Interview, yes_no
from kua.demo.people import Day, Person


def respondent_section(interview: Interview, person: Person, day: Day) -> None:
    dice, answers = interview.dice, interview.answers
    age = person.age_on(day)
    _client_code_parts(interview, person)
    answers["sex"] = person.sex
    answers["age"] = str(age)
    if interview.willing():
        answers["ethnicity"] = person.ethnicity
    answers["citizenship"] = person.citizenship
    _identity_document(interview, person.citizenship)
    if interview.willing():
        answers["marital_status"] = dice.pick(tables.MARITAL)
    if interview.willing():
        answers["education"] = dice.pick(tables.EDUCATION)
    _key_population(interview, person.sex)
    if interview.willing():
        answers["criminal_record"] = yes_no(dice.chance(0.08))
    if interview.willing():
        answers["sw_experience"] = dice.pick(tables.EXPERIENCE_UNDER_21 if age < 21 else tables.EXPERIENCE)
    _residence(interview, person)


def _client_code_parts(interview: Interview, person: Person) -> None:
    if not person.mother:
        return
    interview.answers["uic_mother_name"] = person.mother
    interview.answers["uic_father_name"] = person.father
    first, last = weights.UIC_BIRTH_YEARS
    if first <= person.birth_year <= last:
        interview.answers["uic_birth_year"] = str(person.birth_year)


def _identity_document(interview: Interview, citizenship: str) -> None:
    dice, answers = interview.dice, interview.answers
    if not interview.willing():
        return
    if dice.chance(weights.HAS_ID_SHARE.get(citizenship, weights.MIGRANT_HAS_ID_SHARE)):
        answers["has_id_document"] = "yes"
        return
    answers["has_id_document"] = "no"
    if dice.chance(0.6):
        answers["no_id_reason"] = dice.pick(tables.NO_ID_REASON)


def _key_population(interview: Interview, sex: str) -> None:
    dice, answers = interview.dice, interview.answers
    key_population, sex_worker = dice.pick(tables.KEY_POPULATION)
    answers["key_population"] = key_population
    if sex_worker and interview.willing():
        answers["work_venue"] = dice.pick(tables.VENUE_TRANS_WOMEN if sex == "trans_woman" else tables.VENUE)


def _residence(interview: Interview, person: Person) -> None:
    dice, answers = interview.dice, interview.answers
    if dice.chance(0.7):
        answers["residence_settlement"] = ru.SETTLEMENT[person.district or person.region]
    if not interview.willing():
        return
    answers["residence_region"] = person.region
    if person.district and dice.chance(0.92):
        answers["residence_district"] = person.district
