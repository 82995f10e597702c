"""Russian place names of the questionnaire's lists in the cases a letter needs.

A complaint goes «Прокурору Каратальского района Жетысуской области» and tells what happened
«в Каратальском районе Жетысуской области»: the genitive after an office, the prepositional
after «в». The lists hold four shapes of name, each declined by its own rule:

- an adjective before its noun: «Каратальский район», «Жетысуская область» (the adjective and the
  noun both decline: «Каратальского района», «Жетысуской области»);
- a proper name before «район»: «Биржан сала район», «Алматы район» (the noun moves first and
  declines, the name stays: «района Биржан сала»);
- «город N»: the noun declines and the name stays, as official letters write it
  («города Талдыкорган», «в городе Талдыкорган»); so do «район N» and «область N».

A name of any other shape raises `NotDeclinable`: the test over every code of both lists fails
before a letter could be written in broken Russian. Kazakh letters need none of this.
"""

from __future__ import annotations

import re
from typing import Literal

Case = Literal["gen", "prep"]

NOUNS = {
    "район": {"gen": "района", "prep": "районе"},
    "область": {"gen": "области", "prep": "области"},
    "город": {"gen": "города", "prep": "городе"},
}
# Adjective endings: masculine (район) and feminine (область), by case.
_ADJECTIVE = (
    (re.compile(r"(ск|цк)ий$"), {"gen": r"\1ого", "prep": r"\1ом"}),
    (re.compile(r"ый$"), {"gen": "ого", "prep": "ом"}),
    (re.compile(r"ая$"), {"gen": "ой", "prep": "ой"}),
    (re.compile(r"яя$"), {"gen": "ей", "prep": "ей"}),
)


class NotDeclinable(ValueError):
    """A place name of a shape the rules do not know."""


def _adjective(word: str, case: Case) -> str | None:
    for pattern, forms in _ADJECTIVE:
        if pattern.search(word):
            return pattern.sub(forms[case], word)
    return None


def decline(name: str, case: Case) -> str:
    """`name` (a label of the district or region list, in Russian) in the genitive or prepositional."""
    words = name.split()
    if len(words) < 2:
        raise NotDeclinable(name)
    if words[0] in NOUNS:  # «город Талдыкорган», «район N»: the noun declines, the name stays
        return " ".join([NOUNS[words[0]][case], *words[1:]])
    noun = words[-1]
    if noun not in NOUNS:
        raise NotDeclinable(name)
    adjectives = [_adjective(word, case) for word in words[:-1]]
    if all(form is not None for form in adjectives):  # «Каратальский район»
        return " ".join([*(form for form in adjectives if form is not None), NOUNS[noun][case]])
    return " ".join([NOUNS[noun][case], *words[:-1]])  # «Биржан сала район» → «района Биржан сала»
