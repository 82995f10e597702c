"""The organisation's erasure list: written at each erasure, carried to a restored laptop.

A backup made before an erasure still holds the erased interview. `kua erase --list-out FILE`
writes the organisation's erasures as keyed references (HMAC-SHA256 of each record id under a
key made for that file, which the file carries: a reference says nothing without the record id,
which only a backup holds), and `kua restore --erasures FILE` erases again, right after the
restore, every interview whose reference is in the list."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from kua.interviews.models import ErasedRecords, Interview
from kua.vault import crypto
from kua.vault.models import Vault
from kua.vault.services import KeyRing

FORMAT = "kua-erasures/1"
_ID_BYTES = 16


class BadErasureList(ValueError):
    """The file is not an erasure list (the message says why, in English: the caller translates)."""


@dataclass(frozen=True)
class ErasureList:
    key: bytes
    references: frozenset[str]


def erased_ids(vault: Vault) -> list[uuid.UUID]:
    """Every record id the organisation erased (needs the vault open)."""
    ring = KeyRing(vault)
    found: list[uuid.UUID] = []
    for row in ErasedRecords.objects.filter(organisation_id=vault.organisation_id).order_by("pk"):
        plain = crypto.decrypt_payload(
            ring.key(row.data_key_id), bytes(row.sealed), row.associated_data("sealed")
        )
        found += [uuid.UUID(bytes=plain[i : i + _ID_BYTES]) for i in range(0, len(plain), _ID_BYTES)]
    return found


def reference(key: bytes, record: uuid.UUID) -> str:
    return hmac.new(key, record.bytes, hashlib.sha256).hexdigest()


def list_document(vault: Vault) -> dict[str, Any]:
    key = secrets.token_bytes(32)
    return {
        "format": FORMAT,
        "organisation": vault.organisation.name,
        "made": timezone.now().isoformat(timespec="seconds"),
        "key": key.hex(),
        "references": sorted(reference(key, record) for record in erased_ids(vault)),
    }


def read_list(raw: bytes) -> ErasureList:
    try:
        document = json.loads(raw.decode("utf-8"))
        if document.get("format") != FORMAT:
            raise BadErasureList("not a Kua erasure list")
        key = bytes.fromhex(document["key"])
        references = frozenset(str(r) for r in document["references"])
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        raise BadErasureList("not a Kua erasure list") from None
    if len(key) != 32 or any(len(r) != 64 for r in references):
        raise BadErasureList("a key or a reference has the wrong length")
    return ErasureList(key, references)


def listed_interviews(organisation_id: int, erasures: ErasureList) -> list[Interview]:
    """The interviews of this organisation that the list says were erased."""
    ids = [
        pk
        for pk, record in Interview.objects.filter(organisation_id=organisation_id).values_list("pk", "uuid")
        if reference(erasures.key, record) in erasures.references
    ]
    return list(Interview.objects.filter(pk__in=ids).order_by("pk"))
