"""Whether a victim knew where to turn, complained, and what came of it (police and medical)."""

from __future__ import annotations

from dataclasses import dataclass

from kua.demo.data import ru
from kua.demo.interview import Interview, yes_no
from kua.demo.sampling import phrase_table


@dataclass(frozen=True, slots=True)
class ComplaintQuestions:
    """The questions knows_where_to_turn .. measures_taken of one section, and their texts."""

    prefix: str  # "police_" or "medical_"
    knows_where_to_turn: float  # chance
    complaint_scale: float  # victims of doctors complain half as often as victims of the police
    where_to_turn: tuple[str, ...]
    complaint_where: tuple[str, ...]
    no_complaint: tuple[str, ...]
    no_complaint_migrant: tuple[str, ...]
    rejected: tuple[str, ...]


POLICE_COMPLAINTS = ComplaintQuestions(
    prefix="police_",
    knows_where_to_turn=0.35,
    complaint_scale=1.0,
    where_to_turn=phrase_table(ru.POLICE_WHERE_TO_TURN),
    complaint_where=phrase_table(ru.POLICE_COMPLAINT_WHERE),
    no_complaint=phrase_table(ru.NO_COMPLAINT_REASON),
    no_complaint_migrant=phrase_table(ru.NO_COMPLAINT_REASON + ru.NO_COMPLAINT_REASON_MIGRANT_ONLY),
    rejected=phrase_table(ru.POLICE_COMPLAINT_REJECTED),
)
MEDICAL_COMPLAINTS = ComplaintQuestions(
    prefix="medical_",
    knows_where_to_turn=0.30,
    complaint_scale=0.5,
    where_to_turn=phrase_table(ru.MEDICAL_WHERE_TO_TURN),
    complaint_where=phrase_table(ru.MEDICAL_COMPLAINT_WHERE),
    no_complaint=phrase_table(ru.MEDICAL_NO_COMPLAINT_REASON),
    no_complaint_migrant=phrase_table(ru.MEDICAL_NO_COMPLAINT_REASON),
    rejected=phrase_table(ru.MEDICAL_COMPLAINT_REJECTED),
)
NOTHING_TO_REPORT = phrase_table(ru.NOTHING_TO_REPORT)


def complaints(
    interview: Interview, questions: ComplaintQuestions, *, victim: bool, may_report: bool
) -> bool:
    """Answer one section's complaint questions; True if the respondent complained."""
    dice, answers, prefix = interview.dice, interview.answers, questions.prefix
    knows = dice.chance(questions.knows_where_to_turn)
    answers[prefix + "knows_where_to_turn"] = yes_no(knows)
    if knows and dice.chance(0.5):
        answers[prefix + "where_to_turn"] = dice.pick(questions.where_to_turn)
    if victim:
        chance = (0.30 if knows else 0.08) + (0.12 if may_report else 0.0)
        complained = dice.chance(chance * questions.complaint_scale)
    else:
        complained = dice.chance(0.01)
    answers[prefix + "complained"] = yes_no(complained)
    if complained:
        _outcome(interview, questions)
    elif victim and dice.chance(0.45):
        reasons = questions.no_complaint_migrant if interview.migrant() else questions.no_complaint
        answers[prefix + "no_complaint_reason"] = dice.pick(reasons)
    elif not victim and dice.chance(0.1):
        answers[prefix + "no_complaint_reason"] = dice.pick(NOTHING_TO_REPORT)
    return complained


def _outcome(interview: Interview, questions: ComplaintQuestions) -> None:
    dice, answers, prefix = interview.dice, interview.answers, questions.prefix
    if dice.chance(0.7):
        answers[prefix + "complaint_where"] = dice.pick(questions.complaint_where)
    accepted = dice.chance(0.35)
    answers[prefix + "complaint_accepted"] = yes_no(accepted)
    if not accepted and dice.chance(0.6):
        answers[prefix + "complaint_rejected_reason"] = dice.pick(questions.rejected)
    answers[prefix + "measures_taken"] = yes_no(dice.chance(0.30 if accepted else 0.03))
