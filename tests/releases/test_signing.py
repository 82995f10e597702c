"""The release file's signature: a round trip, a changed byte refused, the canonical form of the spec."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kua.accounts.models import User
from kua.releases import fileformat, signing
from kua.releases.fileformat import InvalidRelease
from kua.vault.models import Vault
from tests.releases.helpers import loads, make, population


@pytest.fixture
def release(bob: User, alice: User, unsealed: Vault) -> bytes:
    population(bob)
    _made, delivered = make(alice)
    return delivered[0]


def test_round_trip(release: bytes) -> None:
    verified = fileformat.read(release)
    assert verified.document["kind"] == "public" and verified.document["tables"]["respondents"] == 14
    assert verified.fingerprint == signing.fingerprint(verified.public_key)


def test_any_ed25519_library_checks_the_canonical_json(release: bytes) -> None:
    """The spec's rule, written out independently: keys sorted, `,` and `:`, no ASCII escaping."""
    document = loads(release)
    signature = document.pop("signature")
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(signature["public_key"]))
    key.verify(base64.b64decode(signature["value"]), canonical)  # raises if not signed so


def test_every_changed_byte_of_the_content_is_refused(release: bytes) -> None:
    text = release.decode()
    changes = [
        text.replace('"respondents": 14', '"respondents": 15'),
        text.replace('"organisation": "Шапагат"', '"organisation": "Шапагаt"'),
        text.replace('"threshold": 5', '"threshold": 3'),
    ]
    for changed in changes:
        assert changed != text
        with pytest.raises(InvalidRelease):
            fileformat.read(changed.encode())


def test_a_changed_byte_anywhere_is_refused_or_harmless(release: bytes) -> None:
    """Flip each byte: either the file no longer reads, or (whitespace between tokens) the
    document is the same one the signature covers."""
    original = fileformat.read(release).document
    for i in range(0, len(release), 7):
        changed = bytearray(release)
        changed[i] ^= 0x01
        try:
            verified = fileformat.read(bytes(changed))
        except InvalidRelease:
            continue
        assert verified.document == original


def test_unknown_format_and_kind_and_garbage_are_invalid(release: bytes) -> None:
    document = loads(release)
    for bad in ({**document, "format": "kua-release/2"}, {**document, "kind": "secret"}):
        with pytest.raises(InvalidRelease):
            fileformat.read(json.dumps(bad).encode())
    with pytest.raises(InvalidRelease):
        fileformat.read(b"\x00not json")


def test_a_signature_by_another_key_over_the_same_content_is_valid_but_shows_another_fingerprint(
    release: bytes,
) -> None:
    """Anyone can sign anything: the fingerprint is what the reader compares."""
    document = loads(release)
    forged = signing.sign(document, signing.new_seed())
    verified = fileformat.read(fileformat.dumps(forged))
    assert verified.fingerprint != fileformat.read(release).fingerprint
