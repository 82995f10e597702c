"""``generate_answers``: synthetic interviews, one section function after another."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from kua.demo.consent import consent_section
from kua.demo.data.weights import RETICENT_SHARE
from kua.demo.interview import Answers, Interview
from kua.demo.people import Fieldwork, Respondents
from kua.demo.respondent import respondent_section
from kua.demo.sampling import Dice
from kua.demo.violations import violations_section


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
    dice = Dice(seed)
    fieldwork = Fieldwork(today, fieldwork_days)
    respondents = Respondents(dice, fieldwork)
    for _ in range(n):
        yield _interview(dice, respondents, fieldwork)


def _interview(dice: Dice, respondents: Respondents, fieldwork: Fieldwork) -> Answers:
    person = respondents.next()
    day = fieldwork.days[person.offset]
    interview = Interview(dice, {"registered_on": day.iso}, keen=not dice.chance(RETICENT_SHARE))
    consent = consent_section(interview)
    respondent_section(interview, person, day)
    violations_section(interview, consent)
    return interview.answers
