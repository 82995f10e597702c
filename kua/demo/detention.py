"""Section 3, asked after police violations: detentions, custody, fines, payments, raids."""

from __future__ import annotations

from kua.demo import tables
from kua.demo.interview import Codes, Interview, yes_no


def detention_section(interview: Interview, police: Codes) -> None:
    dice, answers = interview.dice, interview.answers
    detained = "unlawful_detention" in police or dice.chance(0.3)
    if dice.chance(0.85):
        answers["detentions_last_month"] = dice.pick(tables.DETENTIONS) if detained else "0"
    if dice.chance(0.6):
        answers["officer_showed_id"] = yes_no(dice.chance(0.3))
    if detained:
        _custody(interview, police)
    _payments(interview, extortion="extortion" in police)
    _raids(interview)


def _custody(interview: Interview, police: Codes) -> None:
    dice, answers = interview.dice, interview.answers
    if dice.chance(0.85):
        outcomes = dice.codes(tables.AFTER_DETENTION) or (dice.pick(tables.AFTER_DETENTION_FALLBACK),)
        answers["after_detention"] = " ".join(outcomes)
    if dice.chance(0.3):
        grounds = tables.DETENTION_GROUNDS_MIGRANT if interview.migrant() else tables.DETENTION_GROUNDS
        answers["detention_grounds"] = dice.pick(grounds)
    if dice.chance(0.8):
        _with_hours(interview, "relatives_notified", dice.pick(tables.RELATIVES_NOTIFIED))
    if dice.chance(0.8):
        _with_hours(interview, "admin_protocol", dice.pick(tables.ADMIN_PROTOCOL))
    if dice.chance(0.8):
        answers["held_where"] = dice.pick(tables.HELD_WHERE)
    if dice.chance(0.8):
        _court(interview)
    if dice.chance(0.8):
        _fine(interview, unlawful_fine="unlawful_fine" in police)


def _with_hours(interview: Interview, question: str, code: str) -> None:
    """A when-was-it question; "after_hours" is followed by how many hours."""
    interview.answers[question] = code
    if code == "after_hours" and interview.dice.chance(0.8):
        interview.answers[question + "_hours"] = interview.dice.pick(tables.HOURS)


def _court(interview: Interview) -> None:
    dice, answers = interview.dice, interview.answers
    court = dice.chance(0.12)
    answers["taken_to_court"] = yes_no(court)
    if court and dice.chance(0.8):
        answers["taken_to_court_hours"] = dice.pick(tables.COURT_HOURS)


def _fine(interview: Interview, *, unlawful_fine: bool) -> None:
    dice, answers = interview.dice, interview.answers
    paid = dice.chance(0.7 if unlawful_fine else 0.2)
    answers["fine_paid"] = yes_no(paid)
    if paid and dice.chance(0.8):
        answers["fine_amount"] = dice.pick(tables.FINE)
    if paid and dice.chance(0.8):
        answers["fine_paid_to"] = dice.pick(tables.FINE_PAID_TO)


def _payments(interview: Interview, *, extortion: bool) -> None:
    dice, answers = interview.dice, interview.answers
    if not extortion:
        if dice.chance(0.2):
            answers["payments_to_police_month"] = "0"
        return
    month, week, day = dice.pick(tables.PAYMENTS)
    if dice.chance(0.7):
        answers["payments_to_police_month"] = month
    if dice.chance(0.3):
        answers["payments_to_police_week"] = week
    if dice.chance(0.15):
        answers["payments_to_police_day"] = day


def _raids(interview: Interview) -> None:
    dice, answers = interview.dice, interview.answers
    if not dice.chance(0.8):
        return
    raids = dice.pick(tables.RAIDS)
    answers["raids_last_month"] = raids
    if raids != "0" and dice.chance(0.4):
        answers["raid_basis"] = dice.pick(tables.RAID_BASIS)
    if raids != "0" and dice.chance(0.4):
        answers["raid_timing"] = dice.pick(tables.RAID_TIMING)
