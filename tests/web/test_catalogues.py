"""The gettext catalogues parse, and every message has its Russian and Kazakh translation."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_message_is_translated(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    assert len(catalogue) > 300
    assert not missing, f"untranslated in {language}: {missing[:5]}"


def test_each_message_appears_once() -> None:
    for language in ("ru", "kk", "en"):
        catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        keys = [(e.msgctxt, e.msgid) for e in catalogue]
        assert len(keys) == len(set(keys)), language
