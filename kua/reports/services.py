"""Saving the coordinator's report texts and chosen quotes (each save is a new version); reading
them is selectors' (and `quotes.chosen_quotes`).

The texts are per language; the suppression threshold is one per organisation (stored in
ReportSettings), so that every language's public edition hides the same cells.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction
from django.db.models import Max

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.reports.models import QuoteSelection, ReportContent, ReportSettings, quote_selection_associated
from kua.reports.quotes import LANGUAGES, ChosenQuote
from kua.reports.selectors import DEFAULT_THRESHOLD
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import new_data_key


def _threshold_save(actor: User, threshold: int) -> None:
    settings, _created = ReportSettings.objects.select_for_update().get_or_create(
        organisation_id=actor.org_id, defaults={"threshold": DEFAULT_THRESHOLD}
    )
    if settings.threshold != threshold:
        previous = settings.threshold
        settings.threshold = threshold
        settings.save(update_fields=["threshold", "updated_at"])
        audit_record(AuditAction.REPORT_THRESHOLD_SAVE, actor=actor, threshold=threshold, previous=previous)


@transaction.atomic
def report_content_save(*, actor: User, language: str, content: dict[str, Any]) -> ReportContent:
    """A new version of this language's texts; a threshold in `content` is the organisation's."""
    organisation_id = actor.org_id
    content = dict(content)
    if "threshold" in content:
        _threshold_save(actor, int(content.pop("threshold")))
    current = ReportContent.objects.select_for_update().filter(
        organisation_id=organisation_id, language=language
    )
    version = (current.aggregate(v=Max("version"))["v"] or 0) + 1
    saved = ReportContent.objects.create(
        organisation_id=organisation_id, language=language, version=version, content=content, created_by=actor
    )
    audit_record(AuditAction.REPORT_TEXTS_SAVE, actor=actor, obj=saved, language=language, version=version)
    return saved


def _stored(quote: ChosenQuote) -> dict[str, object]:
    return {"key": quote.key, "translations": {lang: quote.translations.get(lang, "") for lang in LANGUAGES}}


@transaction.atomic
def quote_selection_save(*, actor: User, quotes: list[ChosenQuote]) -> QuoteSelection:
    """Seal the chosen quotes, in their order, as a new version."""
    organisation_id = actor.org_id
    current = QuoteSelection.objects.select_for_update().filter(organisation_id=organisation_id)
    version = (current.aggregate(v=Max("version"))["v"] or 0) + 1
    data_key, key = new_data_key(vault_for(organisation_id))
    body = {"quotes": [_stored(q) for q in quotes]}
    sealed = crypto.encrypt_payload(
        key, json.dumps(body).encode("utf-8"), quote_selection_associated(organisation_id, version)
    )
    saved = QuoteSelection.objects.create(
        organisation_id=organisation_id, version=version, data_key=data_key, payload=sealed, created_by=actor
    )
    audit_record(AuditAction.REPORT_QUOTES_SAVE, actor=actor, obj=saved, version=version, quotes=len(quotes))
    return saved
