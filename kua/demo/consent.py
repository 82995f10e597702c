"""Section 0: the respondent's consent, which decides what may be done with the record."""

from __future__ import annotations

from typing import NamedTuple

from kua.demo.interview import Interview, yes_no


class Consent(NamedTuple):
    anonymous_use: bool
    report_to_authorities: bool


def consent_section(interview: Interview) -> Consent:
    dice, answers = interview.dice, interview.answers
    consent = Consent(anonymous_use=dice.chance(0.80), report_to_authorities=dice.chance(0.20))
    answers["consent_statistics"] = yes_no(dice.chance(0.95))
    answers["consent_anonymous_use"] = yes_no(consent.anonymous_use)
    answers["consent_public_name"] = yes_no(dice.chance(0.05))
    answers["consent_report_to_authorities"] = yes_no(consent.report_to_authorities)
    answers["consent_recorded"] = "yes"
    return consent
