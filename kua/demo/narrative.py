"""Section 5: the respondent's own account (Russian or Kazakh) and the quote's consent."""

from __future__ import annotations

from collections.abc import Mapping

from kua.demo import tables
from kua.demo.data import kk, ru, weights
from kua.demo.interview import Codes, Interview, yes_no
from kua.demo.sampling import phrase_table

Fragments = Mapping[str, tuple[str, ...]]


def _gendered(text: str, *, feminine: bool) -> str:
    """Resolve the Russian gender markers of a first-person fragment."""
    for marker, (feminine_ending, masculine_ending) in ru.GENDER_MARKERS.items():
        text = text.replace(marker, feminine_ending if feminine else masculine_ending)
    return text


def _fragment_tables(fragments: Mapping[str, tuple[str, ...]], *, feminine: bool) -> Fragments:
    """Phrase tables of the fragments, gender markers resolved and every amount rendered."""
    tables_by_key: dict[str, tuple[str, ...]] = {}
    for key, texts in fragments.items():
        rendered: list[str] = []
        for text in texts:
            text = _gendered(text, feminine=feminine)
            if "{amt}" in text:
                rendered.extend(text.replace("{amt}", amount) for amount in weights.NARRATIVE_AMOUNTS)
            else:
                rendered.append(text)
        tables_by_key[key] = phrase_table(rendered)
    return tables_by_key


_KAZAKH = _fragment_tables(kk.NARRATIVE, feminine=True)  # no grammatical gender
# (language, feminine) -> fragments
FRAGMENTS: Mapping[tuple[str, bool], Fragments] = {
    ("ru", True): _fragment_tables(ru.NARRATIVE, feminine=True),
    ("ru", False): _fragment_tables(ru.NARRATIVE, feminine=False),
    ("kk", True): _KAZAKH,
    ("kk", False): _KAZAKH,
}


def narrative_section(interview: Interview, police: Codes, medical: Codes, *, complained: bool) -> None:
    dice, answers = interview.dice, interview.answers
    victim = bool(police or medical)
    if not dice.chance(0.9 if victim else 0.35):
        return
    kazakh = dice.chance(0.2 if answers.get("ethnicity") == "kazakh" else 0.02)
    fragments = FRAGMENTS[("kk" if kazakh else "ru", answers["sex"] in weights.FEMININE_SEX)]
    if not victim:
        answers["narrative"] = dice.pick(fragments["close:none"])
        return
    sentences: list[str] = []
    if dice.chance(0.5):
        venue = answers.get("work_venue", "").split(" ")[0] or "time"
        sentences.append(dice.pick(fragments["open:" + venue]))
    _what_happened(interview, sentences, fragments, police, medical)
    if dice.chance(0.5):
        sentences.append(dice.pick(fragments["close:complained" if complained else "close:silent"]))
    answers["narrative"] = " ".join(sentences)


def _what_happened(
    interview: Interview, sentences: list[str], fragments: Fragments, police: Codes, medical: Codes
) -> None:
    """One police and one medical sentence, or up to two police sentences."""
    dice = interview.dice
    first = dice.below(len(police)) if police else -1
    if first > 0 and police[0] == "extortion" and dice.chance(0.7):
        first = 0  # money demanded is what most accounts are about
    if first >= 0:
        sentences.append(dice.pick(fragments["p:" + police[first]]))
    if medical:
        code = medical[dice.below(len(medical))]
        sentences.append(dice.pick(fragments["m:" + code]))
    elif len(police) > 1 and dice.chance(0.7):
        second = (first + 1 + dice.below(len(police) - 1)) % len(police)
        sentences.append(dice.pick(fragments["p:" + police[second]]))


def quote_section(interview: Interview) -> None:
    """Asked only with consent_anonymous_use = yes."""
    dice, answers = interview.dice, interview.answers
    if not interview.willing():
        return
    allowed = "narrative" in answers and dice.chance(0.6)
    answers["quote_allowed"] = yes_no(allowed)
    if allowed and dice.chance(0.8):
        feminine = answers["sex"] in weights.FEMININE_SEX
        answers["quote_pseudonym"] = dice.pick(
            tables.PSEUDONYMS_FEMININE if feminine else tables.PSEUDONYMS_MASCULINE
        )
