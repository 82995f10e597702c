"""From raw answers to the content to seal: the age check, the validator, the client code.

Shared by the one-by-one path (services) and the batch workers (batch), so neither imports
the other."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from kua.interviews import payload as payload_codec
from kua.questionnaires.spec import FormSpec
from kua.questionnaires.validator import FieldError, validate
from kua.vault import crypto

CLIENT_CODE_LENGTH = 20
UIC_PARTS = ("uic_mother_name", "uic_father_name", "uic_birth_year")
ADULT_AGE = 18


class InterviewInvalid(Exception):
    def __init__(self, errors: dict[str, list[FieldError]]) -> None:
        super().__init__("invalid interview")
        self.errors = errors


class MinorRespondent(Exception):
    """The respondent is under 18: never stored; the child-protection referral applies."""


class Prepared(NamedTuple):
    """The payload to seal, and the questions whose answers were dropped because they do
    not apply with the other answers (form order; names only, never the answers)."""

    payload: payload_codec.Payload
    discarded: tuple[str, ...]


def is_minor(raw: Mapping[str, Any]) -> bool:
    value = raw.get("age")
    try:
        return value not in (None, "") and int(str(value).strip()) < ADULT_AGE
    except ValueError:
        return False


def prepare(
    spec: FormSpec,
    raw: Mapping[str, Any],
    *,
    today: datetime.date,
    linkage_key: bytes,
    carried_code: str | None = None,
    network_key: bytes = b"",
) -> Prepared:
    """Validate and turn raw answers into the payload to seal. Raises, stores nothing.

    An answer to a question that does not apply is not an error: it is left out and named."""
    if is_minor(raw):
        raise MinorRespondent()
    result = validate(spec, raw, today=today)
    if result.errors:
        raise InterviewInvalid(result.errors)
    answers = dict(result.clean)
    parts = {name: answers.pop(name, None) for name in UIC_PARTS}
    answers.pop("client_code", None)
    answers.pop("documenter", None)
    code = _client_code(linkage_key, parts, answers) or _carried(carried_code)
    token = _uic(parts, answers, network_key, crypto.network_token) if network_key else None
    content = payload_codec.Payload(answers=answers, client_code=code, token=token)
    return Prepared(content, tuple(result.discarded))


def _carried(code: str | None) -> str | None:
    if code and len(code) == CLIENT_CODE_LENGTH and all(c in "0123456789abcdef" for c in code):
        return code
    return None


def _client_code(linkage_key: bytes, parts: dict[str, Any], answers: dict[str, Any]) -> str | None:
    return _uic(parts, answers, linkage_key, crypto.client_code)


def _uic(
    parts: dict[str, Any],
    answers: dict[str, Any],
    key: bytes,
    keyed: Callable[[bytes, str, str, str, int], str],
) -> str | None:
    """A keyed hash of the UIC (the client code, the network's token), or None without all parts."""
    if any(parts[name] in (None, "") for name in UIC_PARTS) or not answers.get("sex"):
        return None
    return keyed(
        key,
        str(parts["uic_mother_name"]),
        str(parts["uic_father_name"]),
        str(answers["sex"]),
        int(parts["uic_birth_year"]),
    )
