from __future__ import annotations

import uuid

import pytest

from kua.interviews.payload import associated_data
from kua.vault import crypto

FAST = {"opslimit": 1, "memlimit": 8 * 1024 * 1024}


def test_wrapped_key_opens_only_with_its_passphrase() -> None:
    _public, private = crypto.generate_keypair()
    wrapped = crypto.wrap_private_key(private, "the right passphrase", **FAST)
    assert crypto.unwrap_private_key(wrapped, "the right passphrase") == private
    with pytest.raises(crypto.WrongPassphrase):
        crypto.unwrap_private_key(wrapped, "the wrong passphrase")
    assert private not in wrapped.ciphertext


def test_payload_round_trip_needs_the_private_key() -> None:
    public, private = crypto.generate_keypair()
    _, other_private = crypto.generate_keypair()
    key = crypto.new_data_key()
    sealed_key = crypto.seal_data_key(public, key)
    record = uuid.uuid4()
    payload = crypto.encrypt_payload(key, "ВИЧ-статус".encode(), associated_data(record))
    assert "ВИЧ".encode() not in payload
    opened = crypto.open_data_key(private, sealed_key)
    assert crypto.decrypt_payload(opened, payload, associated_data(record)).decode() == "ВИЧ-статус"
    with pytest.raises(crypto.DecryptionFailed):
        crypto.open_data_key(other_private, sealed_key)


def test_payload_moved_to_another_record_does_not_open() -> None:
    key = crypto.new_data_key()
    payload = crypto.encrypt_payload(key, b"answers", associated_data(uuid.uuid4()))
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_payload(key, payload, associated_data(uuid.uuid4()))


def test_changed_payload_byte_is_detected() -> None:
    key = crypto.new_data_key()
    record = uuid.uuid4()
    payload = bytearray(crypto.encrypt_payload(key, b"answers", associated_data(record)))
    payload[-1] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_payload(key, bytes(payload), associated_data(record))


def test_client_code_is_stable_and_normalised() -> None:
    key = crypto.new_linkage_key()
    first = crypto.client_code(key, "Айгуль", "Ерлан", "female", 1994)
    assert first == crypto.client_code(key, " ай", "ЕР", "female", 1994)
    assert first == crypto.client_code(key, "АЙ", "ер", "female", 1994)
    assert first != crypto.client_code(key, "АЙ", "ЕР", "female", 1995)
    assert first != crypto.client_code(key, "АЙ", "ЕР", "trans_woman", 1994)
    assert first != crypto.client_code(crypto.new_linkage_key(), "АЙ", "ЕР", "female", 1994)
    assert "АЙ" not in first and "1994" not in first


def test_yo_and_ye_give_the_same_code() -> None:
    key = crypto.new_linkage_key()
    assert crypto.client_code(key, "Ёл", "Ер", "female", 1990) == crypto.client_code(
        key, "Ел", "Ер", "female", 1990
    )


def test_row_fingerprint_keeps_its_value() -> None:
    """Stored databases compare new rows against these values: the text hashed never changes
    (pinned from json.dumps(..., sort_keys=True, ensure_ascii=False, separators=(",", ":")))."""
    key = bytes(range(32))
    answers = {"district": "taldykorgan", "age": 31, "police_violations": ["extortion", "beating"],
               "narrative": "Ақша «сұрады»", "registered_on": "2026-11-02", "weight": 1.5}  # fmt: skip
    given = dict(answers, police_violations=["extortion", "beating"])
    assert crypto.row_fingerprint(key, given, "ab" * 10) == (
        "229e96aa59948b771c9da067d7311eb15c76ae94b2097090831d1979ca0277f6"
    )
    assert given == answers  # the caller's answers are not sorted in place
    assert crypto.row_fingerprint(key, {"a": 1}, None) == (
        "958a99f384e733ecc3677d22ce2a20ea4870a4559b508128206043b6d1f7b8e4"
    )


def test_the_opener_opens_what_decrypt_payload_opens_and_refuses_the_same() -> None:
    """The export's opener (libsodium without the binding's per-call work) is decrypt_payload."""
    key, other_key = crypto.new_data_key(), crypto.new_data_key()
    record, other_record = uuid.uuid4(), uuid.uuid4()
    opener = crypto.PayloadOpener()
    for size in (0, 1, 300, 70_000):  # past the first output buffer too
        plaintext = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        sealed = crypto.encrypt_payload(key, plaintext, associated_data(record))
        assert opener.open(key, sealed, associated_data(record)) == plaintext
        changed = bytearray(sealed)
        changed[-1] ^= 1
        for bad in (
            (other_key, sealed, associated_data(record)),
            (key, sealed, associated_data(other_record)),
            (key, bytes(changed), associated_data(record)),
        ):
            with pytest.raises(crypto.DecryptionFailed):
                crypto.decrypt_payload(*bad)
            with pytest.raises(crypto.DecryptionFailed):
                opener.open(*bad)
        # Where the binding raises its own TypeError or ValueError, the opener reads nothing.
        for key_given, sealed_given in ((key[:31], sealed), (key, sealed[:39]), (key, sealed[:10])):
            with pytest.raises(crypto.DecryptionFailed):
                opener.open(key_given, sealed_given, associated_data(record))
    assert opener.open(key, sealed, associated_data(record)) == plaintext  # still opens after refusals
