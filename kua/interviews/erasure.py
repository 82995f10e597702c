"""Consent withdrawn: finding a respondent's interviews (by record id, screen number or client
code); erasing them, and what depended on them, is `kua.interviews.services.erasure`.

The payload rows go, their data keys when nothing else uses them, and (through
the intake pipeline's `Erased` event, in the same transaction) every derived copy: the encrypted analytic
snapshot, column blocks, cases (ON DELETE CASCADE), pending submissions. The audit row says
that an erasure happened, by whom and how many records: no content, no record id (the id
would tie the erasure to the row that recorded the interview's creation).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from kua.interviews.models import Interview
from kua.interviews.selectors import opened_interviews
from kua.vault import crypto
from kua.vault.selectors import vault_for


class NothingToErase(Exception):
    """No interview of this organisation has this record id (or client code)."""


@dataclass(frozen=True)
class ErasureCandidate:
    id: int
    uuid: uuid.UUID
    created_at: str
    documenter: str


class AmbiguousNumber(Exception):
    """A screen number (the record id's first characters) that several interviews share."""

    def __init__(self, number: str, candidates: list[Interview]) -> None:
        super().__init__(number)
        self.number = number
        self.candidates = candidates


SCREEN_NUMBER = re.compile(r"[0-9a-f]{4,8}")
"""The number the list, the detail page and the cases show: the record id's first 8 hex digits
(a shorter prefix of at least 4 works too). Within the first group, so one prefix lookup works
whether the database stores the id as 32 hex digits (SQLite) or as a hyphenated uuid (PostgreSQL)."""


def records_by_id(organisation_id: int, record_ids: list[str]) -> list[Interview]:
    """Interviews by full record id or by screen number; raises AmbiguousNumber when a number
    matches several interviews (nothing is chosen for the coordinator)."""
    valid = []
    found: dict[int, Interview] = {}
    for text in record_ids:
        cleaned = text.strip().lower()
        if SCREEN_NUMBER.fullmatch(cleaned):
            for interview in _by_number(organisation_id, cleaned):
                found[int(interview.pk)] = interview
            continue
        try:
            valid.append(uuid.UUID(cleaned))
        except ValueError:
            continue
    for interview in Interview.objects.filter(organisation_id=organisation_id, uuid__in=valid):
        found[int(interview.pk)] = interview
    return [found[pk] for pk in sorted(found)]


def _by_number(organisation_id: int, number: str) -> list[Interview]:
    matches = list(
        Interview.objects.filter(organisation_id=organisation_id, uuid__startswith=number)
        .select_related("documenter")
        .order_by("created_at", "pk")[:21]
    )
    if len(matches) > 1:
        raise AmbiguousNumber(number, matches)
    return matches


def records_by_client_code(
    organisation_id: int, *, mother: str, father: str, sex: str, birth_year: int
) -> list[Interview]:
    """The code is computed from the parts typed now and compared inside the decrypted
    payloads (needs the vault unsealed); it is never stored or looked up in clear."""
    code = crypto.client_code(bytes(vault_for(organisation_id).linkage_key), mother, father, sex, birth_year)
    ids = [o.id for o in opened_interviews(organisation_id) if o.content.client_code == code]
    return list(Interview.objects.filter(pk__in=ids).order_by("pk"))
