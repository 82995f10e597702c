"""One language per person on the command line: `kua`'s help, argparse's own words and every
message follow KUA_LANGUAGE, else the locale (LANG), else Russian.

The help is translated from Kua's own catalogues (locale/*/LC_MESSAGES/django.mo, read with
Python's gettext: no Django needed to print `--help`), and argparse's words ("usage:",
"options", its error lines) through the same catalogues, by giving argparse our gettext.
"""

from __future__ import annotations

import argparse
import gettext
import os
from pathlib import Path

from kua.languages import LANGUAGE_CODES

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def cli_language() -> str:
    """KUA_LANGUAGE, else the language of LANG if Kua speaks it, else Russian."""
    wanted = os.environ.get("KUA_LANGUAGE") or os.environ.get("LANG", "")[:2]
    return wanted if wanted in LANGUAGE_CODES else "ru"


def catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation("django", localedir=LOCALE, languages=[language], fallback=True)


def argparse_words(language: str) -> gettext.NullTranslations:
    """argparse's own words in `language` (for this process). Set before the parsers are built,
    it also spares start-up the standard library's gettext, which looks for catalogues on disk
    at each of the ~170 words argparse names while building Kua's parsers (≈20 ms)."""
    words = catalogue(language)
    argparse._ = words.gettext  # type: ignore[attr-defined]
    argparse.ngettext = words.ngettext  # type: ignore[attr-defined]
    return words


def translate_parser(parser: argparse.ArgumentParser, language: str) -> None:
    """Every help text and description of the parser and its subcommands in `language`, and
    argparse's own words too (for this process)."""
    _translate(parser, argparse_words(language))


def _translate(parser: argparse.ArgumentParser, words: gettext.NullTranslations) -> None:
    if parser.description:
        parser.description = words.gettext(parser.description)
    for group in parser._action_groups:  # "positional arguments", "options": named at construction
        if group.title:
            group.title = words.gettext(group.title)
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            action.help = words.gettext(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help:
                    choice.help = words.gettext(choice.help)
            for sub in dict.fromkeys(action.choices.values()):
                _translate(sub, words)
