"""The demo's data (``kua.demo.data``) as lookup tables, built once at import."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kua.demo.data import names, ru
from kua.demo.data import weights as w
from kua.demo.sampling import (
    SUBSET_BITS,
    CodeSampler,
    code_sampler,
    phrase_table,
    subset_table,
    weighted_table,
)

# --------------------------------------------------------------------------- respondents

SEX = weighted_table(w.SEX)
AGE = weighted_table([(age, weight) for first, last, weight in w.AGE_BANDS for age in range(first, last + 1)])
CITIZENSHIP = weighted_table(w.CITIZENSHIP)
ETHNICITY_BY_CITIZENSHIP = {code: weighted_table(odds) for code, odds in w.ETHNICITY_BY_CITIZENSHIP.items()}
MARITAL = weighted_table(w.MARITAL)
EDUCATION = weighted_table(w.EDUCATION)
EXPERIENCE = weighted_table(w.EXPERIENCE)
EXPERIENCE_UNDER_21 = weighted_table(w.EXPERIENCE_UNDER_21)
PUNISHABLE = weighted_table(w.PUNISHABLE)
REGION = weighted_table(w.REGION)
DISTRICT_BY_REGION = {region: weighted_table(odds) for region, odds in w.DISTRICT_BY_REGION.items()}


def _venues(chances: Mapping[str, float]) -> tuple[str, ...]:
    """work_venue answers, never empty."""
    return tuple(" ".join(codes) for codes in subset_table(list(chances.items()), nonempty=True))


VENUE = _venues(w.VENUE_CHANCES)
VENUE_TRANS_WOMEN = _venues(w.VENUE_CHANCES_TRANS_WOMEN)


def _key_populations() -> tuple[tuple[str, bool], ...]:
    """(key_population answer, sex_worker selected), weighted; never empty."""
    weighted: list[tuple[tuple[str, bool], float]] = []
    for pwid in (True, False):
        for ost in (True, False):
            for plhiv in (True, False):
                odds = w.PWID_ODDS[0 if pwid else 1]
                odds *= w.OST_ODDS_BY_PWID[pwid][0 if ost else 1]
                odds *= w.PLHIV_ODDS_BY_PWID[pwid][0 if plhiv else 1]
                others = [code for code, on in (("pwid", pwid), ("ost_client", ost), ("plhiv", plhiv)) if on]
                sex_work = w.SEX_WORK_WITH_ANOTHER_POPULATION if others else 1.0
                weighted.append(((" ".join([*others, "sex_worker"]), True), odds * sex_work))
                if others:
                    weighted.append(((" ".join(others), False), odds * (1.0 - sex_work)))
    return weighted_table(weighted, SUBSET_BITS)


KEY_POPULATION = _key_populations()


def _name_beginnings(given_names: Sequence[str]) -> tuple[str, ...]:
    """Two-letter beginnings of names (a UIC part); those of common names are likelier."""
    weighted = [(name[:2], 2.0) for name in given_names]
    weighted += [(first + second, 1.0) for first in names.CONSONANT_STARTS for second in names.VOWELS]
    weighted += [(first + second, 1.0) for first in names.VOWEL_STARTS for second in names.CONSONANTS]
    return weighted_table(weighted, SUBSET_BITS)


MOTHER_LETTERS = _name_beginnings(names.MOTHER_NAMES)
FATHER_LETTERS = _name_beginnings(names.FATHER_NAMES)
PSEUDONYMS_FEMININE = phrase_table(names.PSEUDONYMS_FEMININE)
PSEUDONYMS_MASCULINE = phrase_table(names.PSEUDONYMS_MASCULINE)
NO_ID_REASON = phrase_table(ru.NO_ID_REASON)

# --------------------------------------------------------------------------- violations


def _police_samplers(*, migrant: bool, pwid: bool) -> tuple[CodeSampler, CodeSampler]:
    """Two samplers (without, with a detention) for one respondent profile."""
    chances = dict(w.POLICE_CHANCES)
    if migrant:
        chances.update(w.POLICE_CHANCES_MIGRANT)
    if pwid:
        chances.update(w.POLICE_CHANCES_PWID)

    def sampler(detained: bool) -> CodeSampler:
        these = dict(chances, unlawful_detention=1.0 if detained else 0.0)
        for code, (with_detention, without) in w.POLICE_CUSTODY_CHANCES.items():
            these[code] = with_detention if detained else without
        return code_sampler({code: these[code] for code in w.POLICE_ORDER})

    return sampler(False), sampler(True)


# (migrant, pwid) -> (without a detention, with one)
POLICE: Mapping[tuple[bool, bool], tuple[CodeSampler, CodeSampler]] = {
    (migrant, pwid): _police_samplers(migrant=migrant, pwid=pwid)
    for migrant in (False, True)
    for pwid in (False, True)
}
POLICE_FALLBACK = weighted_table(w.POLICE_FALLBACK)
MEDICAL = code_sampler(w.MEDICAL_CHANCES)
MEDICAL_PLHIV = code_sampler({**w.MEDICAL_CHANCES, "hiv_status_disclosed": w.HIV_STATUS_DISCLOSED_PLHIV})
MEDICAL_FALLBACK = weighted_table(w.MEDICAL_FALLBACK)
SW_PUNISHMENT = phrase_table(ru.SW_PUNISHMENT)
POLICE_VIOLATIONS_OTHER = phrase_table(ru.POLICE_VIOLATIONS_OTHER)
MEDICAL_VIOLATIONS_OTHER = phrase_table(ru.MEDICAL_VIOLATIONS_OTHER)

# --------------------------------------------------------------------------- detention (section 3)

DETENTIONS = weighted_table(w.DETENTIONS)
RAIDS = weighted_table(w.RAIDS)
AFTER_DETENTION = code_sampler(w.AFTER_DETENTION_CHANCES)
AFTER_DETENTION_FALLBACK = weighted_table(w.AFTER_DETENTION_FALLBACK)
RELATIVES_NOTIFIED = weighted_table(w.RELATIVES_NOTIFIED)
ADMIN_PROTOCOL = weighted_table(w.ADMIN_PROTOCOL)
HELD_WHERE = weighted_table(w.HELD_WHERE)
HOURS = weighted_table(w.HOURS)
COURT_HOURS = weighted_table(w.COURT_HOURS)
# (per month, per week, per day) as answered, KZT rounded to 500
PAYMENTS = tuple(
    (str(month), str(max(500, month // 4 // 500 * 500)), str(max(500, month // 10 // 500 * 500)))
    for month in weighted_table(w.MONTHLY_PAYMENT)
)
FINE = weighted_table(w.FINE)
FINE_PAID_TO = weighted_table(w.FINE_PAID_TO)
RAID_BASIS = phrase_table(ru.RAID_BASIS)
RAID_TIMING = phrase_table(ru.RAID_TIMING)
DETENTION_GROUNDS = phrase_table(ru.DETENTION_GROUNDS)
DETENTION_GROUNDS_MIGRANT = phrase_table(ru.DETENTION_GROUNDS + ru.DETENTION_GROUNDS_MIGRANT_ONLY)
