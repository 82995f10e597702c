"""Who is interviewed, and when: the fieldwork days and the respondents met so far.

About 5% of the interviews are repeat interviews: an earlier respondent (same UIC parts,
sex, birth date and residence) interviewed again on a later day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kua.demo import tables
from kua.demo.data import weights
from kua.demo.sampling import WEIGHT_BITS, Dice, weighted_table


@dataclass(frozen=True, slots=True)
class Day:
    iso: str
    year: int
    day_of_year: int


@dataclass(slots=True)
class Person:
    """What a repeat interview shares with an earlier one."""

    mother: str  # the UIC parts; "" when they were not given
    father: str
    sex: str
    birth_year: int
    birth_day_of_year: int
    citizenship: str
    ethnicity: str
    region: str
    district: str  # "" in a region without districts in the demo
    offset: int  # days before `today` of the latest interview

    def age_on(self, day: Day) -> int:
        return day.year - self.birth_year - (1 if day.day_of_year < self.birth_day_of_year else 0)


class Fieldwork:
    """The fieldwork window: `days[offset]` is `offset` days before today."""

    def __init__(self, today: datetime.date, fieldwork_days: int) -> None:
        dates = [today - datetime.timedelta(days=offset) for offset in range(fieldwork_days)]
        self.days = [Day(date.isoformat(), date.year, date.timetuple().tm_yday) for date in dates]
        bits = max(WEIGHT_BITS, (20 * fieldwork_days).bit_length())
        self.offsets = weighted_table(
            [(offset, weights.WEEKDAY_WEIGHT[date.weekday()]) for offset, date in enumerate(dates)], bits
        )


class Respondents:
    """The next respondent: now and then an earlier one, else someone new."""

    def __init__(self, dice: Dice, fieldwork: Fieldwork) -> None:
        self.dice = dice
        self.fieldwork = fieldwork
        self.earlier: list[Person] = []  # those with UIC parts, at most POOL_SIZE

    def next(self) -> Person:
        person = self._again() if self.dice.chance(weights.REPEAT_SHARE) else None
        return self._new() if person is None else person

    def _new(self) -> Person:
        dice = self.dice
        offset = dice.pick(self.fieldwork.offsets)
        day = self.fieldwork.days[offset]
        age = dice.pick(tables.AGE)
        birth_day_of_year = 1 + dice.below(365)
        citizenship = dice.pick(tables.CITIZENSHIP)
        region = dice.pick(tables.REGION)
        districts = tables.DISTRICT_BY_REGION.get(region)
        mother, father = dice.pick(tables.MOTHER_LETTERS), dice.pick(tables.FATHER_LETTERS)
        person = Person(
            mother=mother,
            father=father,
            sex=dice.pick(tables.SEX),
            birth_year=day.year - age - (1 if day.day_of_year < birth_day_of_year else 0),
            birth_day_of_year=birth_day_of_year,
            citizenship=citizenship,
            ethnicity=dice.pick(tables.ETHNICITY_BY_CITIZENSHIP[citizenship]),
            region=region,
            district=dice.pick(districts) if districts else "",
            offset=offset,
        )
        if dice.chance(weights.UIC_SHARE):
            self._remember(person)
        else:
            person.mother = person.father = ""
        return person

    def _remember(self, person: Person) -> None:
        if len(self.earlier) < weights.POOL_SIZE:
            self.earlier.append(person)
        else:
            self.earlier[self.dice.below(weights.POOL_SIZE)] = person

    def _again(self) -> Person | None:
        """An earlier respondent, interviewed again on a later day; None if impossible."""
        if not self.earlier:
            return None
        person = self.earlier[self.dice.below(len(self.earlier))]
        if person.offset == 0:
            return None
        person.offset = self.dice.below(person.offset)  # strictly later than before
        return person
