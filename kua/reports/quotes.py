"""The quotes of the report: what respondents allowed, what the coordinator chose and translated.

Only narratives in the analytic view's quotes can be chosen: the view keeps a narrative only
where consent_anonymous_use = yes and quote_allowed = yes. A quote is known by the SHA-256 of
its text, kept only inside the sealed selection; the same words said twice are one quote.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import transaction

from kua.accounts.models import User
from kua.analytics import store
from kua.analytics.bitsets import flags
from kua.analytics.dataset import Dataset
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.languages import LANGUAGE_CODES
from kua.reports.models import QuoteSelection, quote_selection_associated
from kua.vault import crypto
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing

LANGUAGES = LANGUAGE_CODES  # the report languages, as settings.LANGUAGES lists them


@dataclass(frozen=True)
class QuoteSource:
    key: str
    text: str
    pseudonym: str
    age: int | None
    times: int  # how many respondents said exactly this


@dataclass(frozen=True)
class ChosenQuote:
    key: str
    translations: dict[str, str] = field(default_factory=dict)


def quote_key(text: str) -> str:
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def quote_sources(view: Dataset, keys: Collection[str] | None = None) -> dict[str, QuoteSource]:
    """Every quotable narrative of records not erased, once per text, in the order of entry;
    with `keys`, only those (the report's chosen quotes: none chosen, nothing is read)."""
    found: dict[str, QuoteSource] = {}
    if keys is not None and not keys:
        return found
    live = flags(view.live, view.size)
    for index, text, pseudonym, age in view.quotes:
        if not live[index]:
            continue
        key = quote_key(text)
        if keys is not None and key not in keys:
            continue
        known = found.get(key)
        if known is None:
            found[key] = QuoteSource(key, text.strip(), pseudonym, age, 1)
        else:
            found[key] = QuoteSource(key, known.text, known.pseudonym, known.age, known.times + 1)
    return found


def quotes_for_choosing(*, actor: User) -> dict[str, QuoteSource]:
    """The quotable narratives, for the coordinator to choose from; the reading is audited."""
    sources = quote_sources(store.view_for(actor.org_id))
    with transaction.atomic():
        audit_record(AuditAction.REPORT_QUOTES_READ, actor=actor, quotes=len(sources))
    return sources


def _associated(organisation_id: int, version: int) -> bytes:
    return quote_selection_associated(organisation_id, version)


def chosen_quotes(organisation_id: int) -> list[ChosenQuote]:
    """The newest selection, opened (raises VaultSealed); empty when none was saved."""
    latest = QuoteSelection.objects.filter(organisation_id=organisation_id).order_by("-version").first()
    if latest is None:
        return []
    key = KeyRing(vault_for(organisation_id)).key(latest.data_key_id)
    plain = crypto.decrypt_payload(key, bytes(latest.payload), _associated(organisation_id, latest.version))
    items = json.loads(plain.decode("utf-8"))["quotes"]
    return [ChosenQuote(item["key"], {k: str(v) for k, v in item["translations"].items()}) for item in items]
