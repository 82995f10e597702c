"""Section 2: rights violated in the last six months, by the police and by health workers.

The police answers lead on to section 3 (detention), and both to the narrative and
quote of section 5.
"""

from __future__ import annotations

from kua.demo import tables
from kua.demo.complaints import MEDICAL_COMPLAINTS, POLICE_COMPLAINTS, complaints
from kua.demo.consent import Consent
from kua.demo.detention import detention_section
from kua.demo.interview import Codes, Interview, yes_no
from kua.demo.narrative import narrative_section, quote_section


def violations_section(interview: Interview, consent: Consent) -> None:
    _sw_punishable(interview)
    violated = interview.dice.chance(0.65)
    interview.answers["rights_violated_6m"] = yes_no(violated)
    police, medical = _violation_codes(interview) if violated else ((), ())
    may_report = consent.report_to_authorities
    complained = _police(interview, police, violated=violated, may_report=may_report)
    complained = _medical(interview, medical, may_report=may_report) or complained
    if not violated or police or medical:
        narrative_section(interview, police, medical, complained=complained)
    if consent.anonymous_use:
        quote_section(interview)


def _sw_punishable(interview: Interview) -> None:
    dice, answers = interview.dice, interview.answers
    if not interview.willing():
        return
    punishable = dice.pick(tables.PUNISHABLE)
    answers["sw_punishable_home"] = punishable
    if punishable == "yes" and dice.chance(0.4):
        answers["sw_punishment"] = dice.pick(tables.SW_PUNISHMENT)


def _violation_codes(interview: Interview) -> tuple[Codes, Codes]:
    """(police, medical) violation codes of a respondent whose rights were violated."""
    police = _police_codes(interview)
    medical = _medical_codes(interview)
    if not police and not medical and interview.dice.chance(0.8):
        police = (interview.dice.pick(tables.POLICE_FALLBACK),)
    return police, medical


def _police_codes(interview: Interview) -> Codes:
    dice = interview.dice
    if not dice.chance(0.80):
        return ()
    migrant = interview.migrant()
    without, with_detention = tables.POLICE[(migrant, "pwid" in interview.answers["key_population"])]
    detained = dice.chance(0.45 if migrant else 0.35)
    codes = dice.codes(with_detention if detained else without)
    return codes or (dice.pick(tables.POLICE_FALLBACK),)


def _medical_codes(interview: Interview) -> Codes:
    dice = interview.dice
    if not dice.chance(0.46):
        return ()
    plhiv = "plhiv" in interview.answers["key_population"]
    codes = dice.codes(tables.MEDICAL_PLHIV if plhiv else tables.MEDICAL)
    return codes or (dice.pick(tables.MEDICAL_FALLBACK),)


def _police(interview: Interview, police: Codes, *, violated: bool, may_report: bool) -> bool:
    """The police questions of section 2, and section 3 if there were police violations."""
    dice, answers = interview.dice, interview.answers
    if violated and dice.chance(0.03):
        answers["police_violations_other"] = dice.pick(tables.POLICE_VIOLATIONS_OTHER)
    if police:
        answers["police_violations"] = " ".join(police)
    complained = complaints(interview, POLICE_COMPLAINTS, victim=bool(police), may_report=may_report)
    if police:
        detention_section(interview, police)
    return complained


def _medical(interview: Interview, medical: Codes, *, may_report: bool) -> bool:
    dice, answers = interview.dice, interview.answers
    if medical:
        answers["medical_violations"] = " ".join(medical)
    if dice.chance(0.02):
        answers["medical_violations_other"] = dice.pick(tables.MEDICAL_VIOLATIONS_OTHER)
    return complaints(interview, MEDICAL_COMPLAINTS, victim=bool(medical), may_report=may_report)
