"""What the coordinator has not written yet, per language: shown before a report is downloaded."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kua.languages import LANGUAGE_CODES
from kua.reports.quotes import chosen_quotes
from kua.reports.selectors import report_content
from kua.vault.selectors import VaultSealed


def _text_gaps(organisation_id: int, language: str) -> list[str]:
    content, _version = report_content(organisation_id, language)
    labels = (
        ("title", _("title")),
        ("summary", _("summary")),
        ("context", _("context and legal framework")),
        ("conclusions", _("conclusions")),
    )
    missing = [label for key, label in labels if not str(content.get(key) or "").strip()]
    if not content.get("recommendations"):
        missing.append(_("recommendations"))
    return missing


def report_gaps(organisation_id: int, original_language: str) -> dict[str, list[str]]:
    """Language → the missing texts (named in the current language); languages with none left out.

    Quotes count as missing in a language other than the originals' where no translation is
    given; they are checked only while the vault is open (the selection is sealed).
    """
    try:
        quotes, known = chosen_quotes(organisation_id), True
    except VaultSealed:
        quotes, known = [], False
    gaps: dict[str, list[str]] = {}
    for language in LANGUAGE_CODES:
        missing = _text_gaps(organisation_id, language)
        untranslated = sum(1 for q in quotes if not q.translations.get(language))
        if untranslated and language != original_language:
            missing.append(_("translation of %(n)d quotes") % {"n": untranslated})
        if known and not quotes:
            missing.append(_("quotes (none chosen)"))
        if missing:
            gaps[language] = missing
    return gaps
