"""The interview being generated, passed to each section's function."""

from __future__ import annotations

from dataclasses import dataclass

from kua.demo.data.weights import DECLINE_SHARE
from kua.demo.sampling import Dice

Answers = dict[str, str]
Codes = tuple[str, ...]  # a select_multiple answer's codes


@dataclass(slots=True)
class Interview:
    """Its answers so far, the random source, and whether the respondent is keen."""

    dice: Dice
    answers: Answers
    keen: bool  # answers every optional question; a reticent respondent declines some

    def willing(self) -> bool:
        """Whether the respondent answers the next optional question."""
        return self.keen or not self.dice.chance(DECLINE_SHARE)

    def migrant(self) -> bool:
        return self.answers["citizenship"] != "KZ"


def yes_no(value: bool) -> str:
    return "yes" if value else "no"
