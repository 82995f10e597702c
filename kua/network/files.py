"""The small files a network passes by hand (network.md): the linkage key, an invitation, a
member's card. Plain JSON; a card is signed with the member's release-signing key.

Reading a file raises BadFile (unusable: exit 2) or Refused (a valid file that is refused:
exit 1), each saying why in the reader's language."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from typing import Any

from django.utils.translation import gettext as _

from kua.releases import signing
from kua.releases.fileformat import dumps

LINKAGE_KEY = "kua-network-linkage-key/1"
INVITATION = "kua-network-invitation/1"
CARD = "kua-network-card/1"
KEY_BYTES = 32


class BadFile(Exception):
    """Not a file of the kind expected (exit 2)."""


class Refused(Exception):
    """A readable file that is refused: a bad signature, another hub, a used invitation (exit 1)."""


def loads(raw: bytes, expected: str) -> dict[str, Any]:
    try:
        loaded = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadFile(_("This is not a Kua network file (not JSON).")) from None
    if not isinstance(loaded, dict) or loaded.get("format") != expected:
        raise BadFile(
            _("This is not a Kua network file of the expected kind (%(kind)s).") % {"kind": expected}
        )
    return loaded


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def unb64(value: Any, size: int | None = None) -> bytes:
    try:
        raw = base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        raise BadFile(_("A key in the file is damaged.")) from None
    if size is not None and len(raw) != size:
        raise BadFile(_("A key in the file is damaged."))
    return raw


def new_linkage_key() -> bytes:
    return dumps({"format": LINKAGE_KEY, "key": b64(secrets.token_bytes(KEY_BYTES))})


def linkage_key(raw: bytes) -> bytes:
    return unb64(loads(raw, LINKAGE_KEY).get("key"), KEY_BYTES)


def invitation(*, network: str, hub_id: str, hub_public_key: bytes, member: str, secret: str) -> bytes:
    return dumps(
        {
            "format": INVITATION,
            "network": network,
            "hub_id": hub_id,
            "hub_public_key": b64(hub_public_key),
            "member": member,
            "secret": secret,
        }
    )


def read_invitation(raw: bytes) -> dict[str, Any]:
    loaded = loads(raw, INVITATION)
    if not all(
        isinstance(loaded.get(k), str) and loaded[k] for k in ("network", "hub_id", "member", "secret")
    ):
        raise BadFile(_("The invitation is incomplete."))
    loaded["hub_public_key"] = unb64(loaded.get("hub_public_key"), KEY_BYTES)
    return loaded


def card(*, hub_id: str, secret: str, organisation: str, send_token_hash: str, seed: bytes) -> bytes:
    unsigned = {
        "format": CARD,
        "hub_id": hub_id,
        "secret": secret,
        "organisation": organisation,
        "send_token_sha256": send_token_hash,
    }
    return dumps(signing.sign(unsigned, seed))


def read_card(raw: bytes) -> tuple[dict[str, Any], bytes]:
    """The card and the member's signing public key."""
    loaded = loads(raw, CARD)
    if not all(
        isinstance(loaded.get(k), str) for k in ("hub_id", "secret", "organisation", "send_token_sha256")
    ):
        raise BadFile(_("The member card is incomplete."))
    try:
        public = signing.verify(loaded)
    except signing.InvalidSignature:
        raise Refused(_("The member card's signature does not match its content.")) from None
    return loaded, public
