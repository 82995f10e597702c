"""Sealed contents of cases and actions: compact JSON encrypted under a data key."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from kua.cases.models import Case, CaseAction
from kua.vault import crypto

VERSION = 1


NO_CASE = "none"


@dataclass(frozen=True)
class CaseState:
    status: str = "open"
    status_on: datetime.date | None = None
    next_follow_up: datetime.date | None = None
    # auto (an interview reporting a violation), manual, or "none": no case. Every interview
    # has its case row, written with it, so that a copy of the database cannot tell which
    # interviews reported a violation; whether it is a case is sealed here.
    opened: str = "auto"

    @property
    def is_case(self) -> bool:
        return self.opened != NO_CASE


NOT_A_CASE = CaseState(opened=NO_CASE)


@dataclass(frozen=True)
class ActionFacts:
    action_on: datetime.date
    action: str
    body: str = ""
    service: str = ""
    outcome: str = ""
    note: str = ""
    by: str = ""
    status: str = ""
    referral_service_id: int | None = None


_DATES = ("status_on", "next_follow_up", "action_on")


def _encode(values: dict[str, Any]) -> bytes:
    body = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in values.items()}
    return json.dumps({"v": VERSION, **body}, ensure_ascii=False, separators=(",", ":")).encode()


def _decode(raw: bytes) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(raw)
    if body.pop("v", None) != VERSION:
        raise ValueError("unknown case payload version")
    for name in _DATES:
        if body.get(name):
            body[name] = datetime.date.fromisoformat(body[name])
    return body


def seal_case(case: Case, key: bytes, state: CaseState) -> None:
    case.payload = seal_states(key, [case.record_id], state)[0]


def seal_states(key: bytes, record_ids: list[uuid.UUID], state: CaseState) -> list[bytes]:
    """The same state sealed for each of these cases (by record id): encoded once."""
    plain = _encode(asdict(state))
    return [crypto.encrypt_payload(key, plain, Case.associated_for(r, "payload")) for r in record_ids]


def open_case(case: Case, key: bytes) -> CaseState:
    raw = crypto.decrypt_payload(key, bytes(case.payload), case.associated_data("payload"))
    return CaseState(**_decode(raw))


def open_case_state(record_id: uuid.UUID, payload: bytes, key: bytes) -> CaseState:
    """A case's state from its row's columns (counting reads many cases without models)."""
    raw = crypto.decrypt_payload(key, payload, Case.associated_for(record_id, "payload"))
    return CaseState(**_decode(raw))


def seal_action(action: CaseAction, key: bytes, facts: ActionFacts) -> None:
    action.payload = crypto.encrypt_payload(key, _encode(asdict(facts)), action.associated_data("payload"))


def open_action(action: CaseAction, key: bytes) -> ActionFacts:
    raw = crypto.decrypt_payload(key, bytes(action.payload), action.associated_data("payload"))
    return ActionFacts(**_decode(raw))
