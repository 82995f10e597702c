"""The languages Kua speaks, written once: settings.LANGUAGES is this list.

Each language is named in itself (the language buttons show these names), not translated.
Plain data, so the command line can check `--lang` before Django's settings are loaded.
"""

from __future__ import annotations

LANGUAGES: tuple[tuple[str, str], ...] = (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))
LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in LANGUAGES)
LANGUAGE_NAMES: dict[str, str] = dict(LANGUAGES)
