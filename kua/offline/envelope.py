"""The envelope the entry page seals on the phone, as pure functions over bytes.

In the browser (WebCrypto): a fresh AES-256-GCM key per entry; the entry's JSON (its client id
inside, checked against the keyed hash kept beside it) encrypted with it, a 96-bit IV and
`AAD` as associated data; the AES key encrypted to the organisation's offline public key with
RSA-OAEP, SHA-256 and MGF1-SHA-256. On the wire and on the phone:
`{"v": 1, "key": b64, "iv": b64, "data": b64}`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kua.odk import crypto

MAX_ENVELOPE_BYTES = 512 * 1024
_FIELDS = ("key", "iv", "data")
AAD = b"kua-offline-entry-v1"


class EnvelopeRefused(Exception):
    """Not an envelope the server keeps (`code` says why): refused before storing."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class EnvelopeDamaged(Exception):
    """The envelope does not open with the organisation's key (at unseal)."""


def canonical(envelope: Any) -> bytes:
    """The envelope's bytes as kept: checked for shape, never opened (works while sealed)."""
    if not isinstance(envelope, dict) or envelope.get("v") != 1:
        raise EnvelopeRefused("unreadable")
    parts = {name: envelope.get(name) for name in _FIELDS}
    if not all(isinstance(value, str) and value for value in parts.values()):
        raise EnvelopeRefused("unreadable")
    try:
        raw = {name: base64.b64decode(str(value), validate=True) for name, value in parts.items()}
    except (binascii.Error, ValueError):
        raise EnvelopeRefused("unreadable") from None
    if len(raw["iv"]) != 12 or len(raw["key"]) < 256:
        raise EnvelopeRefused("unreadable")
    data = json.dumps({"v": 1, **parts}, sort_keys=True, separators=(",", ":")).encode("ascii")
    if len(data) > MAX_ENVELOPE_BYTES:
        raise EnvelopeRefused("too_large")
    return data


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_envelope(private: rsa.RSAPrivateKey, data: bytes) -> dict[str, Any]:
    """The entry the phone sealed, as a dict (its `id` inside); raises EnvelopeDamaged."""
    try:
        envelope = json.loads(data)
        aes_key = crypto.rsa_decrypt(private, base64.b64decode(envelope["key"]))
        plain = AESGCM(aes_key).decrypt(
            base64.b64decode(envelope["iv"]), base64.b64decode(envelope["data"]), AAD
        )

        entry = json.loads(plain)
    except (crypto.OdkDecryptionFailed, InvalidTag, ValueError, KeyError, TypeError):
        raise EnvelopeDamaged() from None
    if not isinstance(entry, dict):
        raise EnvelopeDamaged()
    return entry


def decoy(public_der: bytes, like: bytes) -> bytes:
    """An envelope of the same shape and size as `like`, sealing random bytes to the same key.

    Kept in place of an envelope that must not be kept (a respondent under 18), so that a copy
    of the database cannot tell it from any other failed entry."""
    public = serialization.load_der_public_key(public_der)
    assert isinstance(public, rsa.RSAPublicKey)
    size = len(base64.b64decode(json.loads(like)["data"]))
    parts = {
        "key": crypto.rsa_encrypt(public, os.urandom(32)),
        "iv": os.urandom(12),
        "data": os.urandom(size),
    }
    return canonical({"v": 1, **{name: base64.b64encode(v).decode("ascii") for name, v in parts.items()}})
