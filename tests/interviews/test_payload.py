"""The payload codec: deflated with its dictionary, version 1 still read, bombs refused."""

from __future__ import annotations

import json
import zlib

import pytest

from kua.interviews import payload
from tests.conftest import valid_answers


def test_round_trip_and_size() -> None:
    content = payload.Payload(valid_answers(narrative="Полицейские потребовали деньги."), "ab" * 10)
    raw = payload.encode(content)
    assert raw[:1] == payload.DEFLATED
    assert payload.decode(raw) == content
    plain = json.dumps({"v": 1, "a": content.answers, "c": content.client_code}, ensure_ascii=False)
    assert len(raw) < len(plain.encode()) / 2


def test_version_one_is_still_read() -> None:
    old = json.dumps({"v": 1, "a": {"age": "30"}, "c": None}).encode()
    assert payload.decode(old).answers == {"age": "30"}


def test_an_oversized_payload_is_refused() -> None:
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = payload.DEFLATED + deflate.compress(b" " * (4 << 20)) + deflate.flush()
    with pytest.raises(ValueError, match="too large"):
        payload.decode(bomb)


def test_a_damaged_payload_is_refused() -> None:
    with pytest.raises(ValueError, match="damaged"):
        payload.decode(payload.DEFLATED + b"\xff\xff\xff not deflate")


def test_payloads_deflated_with_the_earlier_settings_are_still_read() -> None:
    """Stored payloads were deflated at level 1 with a 32 KB window: the same dictionary reads them."""
    content = payload.Payload(valid_answers(narrative="Сотрудник забрал телефон."), "cd" * 10)
    plain = json.dumps(
        {"v": 1, "a": content.answers, "c": content.client_code}, ensure_ascii=False, separators=(",", ":")
    ).encode()
    earlier = zlib.compressobj(1, zlib.DEFLATED, -15, 8, zlib.Z_DEFAULT_STRATEGY, payload._DICTIONARY)
    stored = payload.DEFLATED + earlier.compress(plain) + earlier.flush()
    assert payload.decode(stored) == content
    assert payload.encode(content) != stored  # the settings did change


def test_json_that_orjson_refuses_is_read_as_json_reads_it() -> None:
    """orjson decodes the payloads; what it refuses and json reads (NaN, integers past 64 bits)
    still decodes to what json.loads gives, and broken JSON is still refused."""
    for value in ("NaN", "-Infinity", '"\\ud800"', "18446744073709551616", "-9223372036854775809", "10" * 20):
        text = '{"v":1,"a":{"x":' + value + ',"y":[1.5,-0.0,9223372036854775807]},"c":"k"}'
        decoded = payload.decode(text.encode())
        assert repr(decoded.answers) == repr(json.loads(text)["a"]), value
        assert decoded.client_code == "k"
    with pytest.raises(json.JSONDecodeError):
        payload.decode(b'{"v":1,"a":{')
