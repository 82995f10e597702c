"""Ed25519 signatures over a release's canonical JSON (PyNaCl). No database here: `kua
release verify` runs on any machine, with or without an instance."""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

import nacl.exceptions
import nacl.signing
from django.utils.translation import gettext as _

from kua.releases.canonical import canonical_bytes

ALG = "ed25519"


class InvalidSignature(Exception):
    """The signature is missing, malformed, or does not match the content."""


def new_seed() -> bytes:
    return bytes(nacl.signing.SigningKey.generate())


def public_of(seed: bytes) -> bytes:
    return bytes(nacl.signing.SigningKey(seed).verify_key)


def sign(document: dict[str, Any], seed: bytes) -> dict[str, Any]:
    """The document with its `signature` (any earlier one replaced)."""
    key = nacl.signing.SigningKey(seed)
    value = key.sign(canonical_bytes(document)).signature
    signature = {"alg": ALG, "public_key": _b64(bytes(key.verify_key)), "value": _b64(value)}
    return {**{k: v for k, v in document.items() if k != "signature"}, "signature": signature}


def verify(document: dict[str, Any]) -> bytes:
    """The signer's public key; raises InvalidSignature."""
    signature = document.get("signature")
    if not isinstance(signature, dict) or signature.get("alg") != ALG:
        raise InvalidSignature(_("no Ed25519 signature"))
    try:
        public = base64.b64decode(str(signature.get("public_key", "")), validate=True)
        value = base64.b64decode(str(signature.get("value", "")), validate=True)
        nacl.signing.VerifyKey(public).verify(canonical_bytes(document), value)
    except (binascii.Error, ValueError, TypeError, nacl.exceptions.CryptoError):
        raise InvalidSignature(_("the signature does not match the content")) from None
    return public


def fingerprint(public: bytes) -> str:
    """SHA-256 of the public key, hex in groups of four: what the organisation publishes."""
    digest = hashlib.sha256(public).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
