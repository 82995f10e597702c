"""The release file (releases.md): one UTF-8 JSON object, format "kua-release/1", signed.

One format for every kind: `public` here, `network` (issue 24) registers its own content
check in KINDS. Reading a file checks, in order: JSON, format, kind, signature, content.
No database: a file from any organisation can be checked anywhere."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from kua.releases import signing

FORMAT = "kua-release/1"
PUBLIC, NETWORK = "public", "network"
SUPPRESSED, DP = "suppressed", "dp"
TABLE_KEYS = ("respondents", "police", "medical", "yn")


class InvalidRelease(Exception):
    """The file is not a valid release: unknown format, bad signature, changed content."""


@dataclass(frozen=True)
class Verified:
    document: dict[str, Any]
    public_key: bytes

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public_key)


def document(
    *,
    kind: str,
    release_id: str,
    organisation: str,
    created: str,
    scope: dict[str, Any],
    body: dict[str, Any],
) -> dict[str, Any]:
    """The unsigned object: the common head, then what the kind puts in it."""
    return {
        "format": FORMAT,
        "kind": kind,
        "release_id": release_id,
        "organisation": organisation,
        "created": created,
        "scope": scope,
        **body,
    }


def dumps(signed: dict[str, Any]) -> bytes:
    """The file's bytes: readable JSON (the signature covers the canonical form, not these bytes)."""
    return (json.dumps(signed, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def read(raw: bytes) -> Verified:
    """The checked release; raises InvalidRelease saying why."""
    try:
        loaded = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidRelease(_("not a JSON release file")) from None
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
        raise InvalidRelease(_("unknown format (expected kua-release/1)"))
    check = KINDS.get(str(loaded.get("kind")))
    if check is None:
        raise InvalidRelease(_("unknown kind of release"))
    try:
        public = signing.verify(loaded)
    except signing.InvalidSignature as error:
        raise InvalidRelease(str(error)) from None
    for key in ("release_id", "organisation", "created", "scope"):
        if key not in loaded:
            raise InvalidRelease(_("The file has no %(key)s.") % {"key": key})
    check(loaded)
    return Verified(loaded, public)


def _counts(value: Any, *, nullable: bool) -> bool:
    if value is None:
        return nullable
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _check_tables(tables: Any, *, nullable: bool) -> None:
    if not isinstance(tables, dict) or any(key not in tables for key in TABLE_KEYS):
        raise InvalidRelease(_("tables are incomplete"))
    cells = [tables["respondents"]]
    for key in ("police", "medical"):
        cells += list(_mapping(tables[key]).values())
        for row in _mapping(_mapping(tables["yn"]).get(key, {})).values():
            cells += [_mapping(row).get("yes"), _mapping(row).get("no")]
    if not all(_counts(cell, nullable=nullable) for cell in cells):
        raise InvalidRelease(_("a cell is not a count"))


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidRelease(_("tables are malformed"))
    return value


def _check_public(loaded: dict[str, Any]) -> None:
    method = loaded.get("method")
    if not isinstance(method, dict) or method.get("name") not in (SUPPRESSED, DP):
        raise InvalidRelease(_("unknown method"))
    _check_tables(loaded.get("tables"), nullable=method["name"] == SUPPRESSED)
    if method["name"] == DP:
        _check_tables(loaded.get("error"), nullable=False)


def _check_network(loaded: dict[str, Any]) -> None:
    """The head of a network release: the hub it is sealed to and the sealed body (network.md);
    what is inside is checked by the hub that opens it."""
    hub, sealed = loaded.get("hub"), loaded.get("sealed")
    if not isinstance(hub, dict) or not all(isinstance(hub.get(k), str) for k in ("id", "public_key")):
        raise InvalidRelease(_("the release names no hub"))
    if not isinstance(sealed, dict) or not all(
        isinstance(sealed.get(k), str) for k in ("alg", "key", "body")
    ):
        raise InvalidRelease(_("the release has no sealed body"))


KINDS: dict[str, Callable[[dict[str, Any]], None]] = {PUBLIC: _check_public, NETWORK: _check_network}
