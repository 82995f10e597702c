"""Hashing of audit rows: each row's hash covers its content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    organisation_id: int | None
    actor_id: int | None
    action: str
    object_type: str
    object_id: str
    detail: dict[str, Any]


def entry_hash(entry: Entry, prev_hash: str) -> str:
    body = json.dumps(
        [
            entry.seq,
            entry.at,
            entry.organisation_id,
            entry.actor_id,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.detail,
            prev_hash,
        ],
        sort_keys=True,
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("ascii")).hexdigest()
