"""ODK's encryption as Kua implements it, against ODK Briefcase's real encrypted submissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kua.odk import crypto
from kua.odk.manifest import ManifestError, parse_manifest

_REPO = Path(__file__).resolve().parents[2]
_CANDIDATES = (_REPO.parent / "shared", Path("/work/shared"))
_FOUND = next((p for p in _CANDIDATES if p.is_dir()), _CANDIDATES[0])
_SHARED = os.environ.get("KUA_SHARED_DIR") or str(_FOUND)
FIXTURES = Path(_SHARED) / "fixtures" / "odk-briefcase"


def _load(name: str) -> tuple[crypto.Manifest, dict[str, bytes], object]:
    assert FIXTURES.is_dir(), f"the ODK Briefcase fixtures are missing at {FIXTURES}"
    manifest = parse_manifest((FIXTURES / f"{name}-submission.xml").read_bytes())
    parts = {manifest.xml_file: (FIXTURES / f"{name}-submission.xml.enc").read_bytes()}
    for media in manifest.media:
        parts[media] = (FIXTURES / f"encrypted-form-media-{media}").read_bytes()
    key = crypto.load_private_key((FIXTURES / f"{name}-key.pem").read_bytes())
    return manifest, parts, key


def test_briefcase_submission_decrypts_with_signature_checked() -> None:
    manifest, parts, key = _load("encrypted-form")
    opened = crypto.decrypt_submission(key, manifest, parts)  # type: ignore[arg-type]
    assert manifest.instance_id == "uuid:494cd080-3bf4-47be-b40f-c706a950d58a"
    assert b"<name>Guillermo</name>" in opened.xml
    assert opened.xml.startswith(b"<?xml version='1.0' ?><data id=\"encrypted-form\"")
    assert opened.xml.endswith(b"</orx:meta></data>")


def test_briefcase_media_decrypt_byte_exactly() -> None:
    manifest, parts, key = _load("encrypted-form-media")
    opened = crypto.decrypt_submission(key, manifest, parts)  # type: ignore[arg-type]
    assert set(opened.media) == {"1538040007350.jpg", "1538040019351.jpg"}
    for name, data in opened.media.items():
        assert data == (FIXTURES / "encrypted-form-media-media" / name).read_bytes()
    assert b"<image1>1538040019351.jpg</image1>" in opened.xml


def test_a_changed_byte_in_a_media_part_fails_the_signature() -> None:
    manifest, parts, key = _load("encrypted-form-media")
    name = manifest.media[0]
    changed = bytearray(parts[name])
    changed[1000] ^= 0x01  # CFB: the plaintext changes, the padding stays valid
    with pytest.raises(crypto.OdkDecryptionFailed, match="signature"):
        crypto.decrypt_submission(key, manifest, {**parts, name: bytes(changed)})  # type: ignore[arg-type]


def test_a_truncated_part_is_damaged() -> None:
    manifest, parts, key = _load("encrypted-form")
    with pytest.raises(crypto.OdkDecryptionFailed, match="damaged"):
        crypto.decrypt_submission(key, manifest, {manifest.xml_file: parts[manifest.xml_file][:-5]})  # type: ignore[arg-type]


def test_a_signature_of_other_content_is_refused() -> None:
    manifest, parts, key = _load("encrypted-form")
    other, _parts, _key = _load("encrypted-form-media")
    forged = crypto.Manifest(**{**manifest.__dict__, "base64_signature": other.base64_signature})
    with pytest.raises(crypto.OdkDecryptionFailed, match="signature"):
        crypto.decrypt_submission(key, forged, parts)  # type: ignore[arg-type]


def test_the_wrong_private_key_opens_nothing() -> None:
    manifest, parts, _key = _load("encrypted-form")
    other_key = crypto.load_private_key(crypto.generate_rsa_key()[1])
    with pytest.raises(crypto.OdkDecryptionFailed):
        crypto.decrypt_submission(other_key, manifest, parts)  # type: ignore[arg-type]


def test_iv_sequence_raises_one_byte_per_part() -> None:
    key = bytes(32)
    first, second = (iv for iv, _ in zip(crypto.iv_sequence("uuid:x", key), range(2), strict=False))
    assert first[0] != second[0] or first[1] != second[1]
    assert first[2:] == second[2:] and first[0] == second[0]


def test_a_clear_submission_is_not_a_manifest() -> None:
    with pytest.raises(ManifestError, match="not_encrypted"):
        parse_manifest(b'<data id="f"><name>x</name></data>')
