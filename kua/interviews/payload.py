"""The sealed payload of one interview: answers and client code, as compact JSON."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

PAYLOAD_VERSION = 1


@dataclass(frozen=True)
class Payload:
    answers: dict[str, Any]
    client_code: str | None


def encode(payload: Payload) -> bytes:
    body = {"v": PAYLOAD_VERSION, "a": payload.answers, "c": payload.client_code}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(raw: bytes) -> Payload:
    body = json.loads(raw)
    if body.get("v") != PAYLOAD_VERSION:
        raise ValueError("unknown payload version")
    return Payload(answers=body["a"], client_code=body["c"])


def associated_data(record_uuid: uuid.UUID) -> bytes:
    """Binds a payload to its record: moved to another row, it no longer decrypts."""
    return b"kua-interview:" + record_uuid.bytes
