"""The encrypted backup file: one stream, sealed under the recovery key, chunk by chunk.

    KUABACKUP1\\n | 4-byte length | header (JSON) | frames: 4-byte length | ciphertext

The header names, for each organisation's recovery key (by key id), the random file key
sealed to that recovery key's public half: a server writes backups without holding any
secret, and only a recovery sheet opens them. The body is libsodium's secretstream
(XChaCha20-Poly1305): every chunk is authenticated, chunks cannot be reordered, dropped or
repeated, and the last one carries the FINAL tag, so a truncated file is recognised. The
first message is the manifest (JSON); the header is its associated data.
"""

from __future__ import annotations

import base64
import json
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import nacl.bindings as sodium
import nacl.exceptions

from kua.vault import crypto, recovery

MAGIC = b"KUABACKUP1\n"
CHUNK = 256 * 1024
_MAX_FRAME = CHUNK + 1024
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL


class BackupRefused(Exception):
    """The file is not a backup, not for this recovery key, damaged or truncated."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # one of: not_a_backup, wrong_key, damaged, truncated


@dataclass(frozen=True)
class Recipient:
    key_id: str
    public: bytes


def _frame(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def write(out: BinaryIO, recipients: list[Recipient], manifest: dict[str, Any], body: Iterable[bytes]) -> int:
    """Encrypt the manifest and the body's chunks into `out`; returns the bytes of body."""
    file_key = sodium.crypto_secretstream_xchacha20poly1305_keygen()
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    stream_header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, file_key)
    header = json.dumps(
        {
            "format": 1,
            "stream": base64.b64encode(stream_header).decode(),
            "recipients": {
                r.key_id: base64.b64encode(crypto.seal_data_key(r.public, file_key)).decode()
                for r in recipients
            },
        },
        sort_keys=True,
    ).encode()
    out.write(MAGIC + _frame(header))
    first = json.dumps(manifest, sort_keys=True).encode()
    out.write(_frame(sodium.crypto_secretstream_xchacha20poly1305_push(state, first, header, _TAG_MESSAGE)))
    size = 0
    pending: bytes | None = None
    for chunk in _rechunk(body):
        if pending is not None:
            out.write(
                _frame(sodium.crypto_secretstream_xchacha20poly1305_push(state, pending, None, _TAG_MESSAGE))
            )
        pending = chunk
        size += len(chunk)
    out.write(
        _frame(sodium.crypto_secretstream_xchacha20poly1305_push(state, pending or b"", None, _TAG_FINAL))
    )
    return size


def _rechunk(body: Iterable[bytes]) -> Iterator[bytes]:
    buffer = b""
    for piece in body:
        buffer += piece
        while len(buffer) >= CHUNK:
            yield buffer[:CHUNK]
            buffer = buffer[CHUNK:]
    if buffer:
        yield buffer


def _read_frame(source: BinaryIO, *, limit: int) -> bytes | None:
    prefix = source.read(4)
    if not prefix:
        return None
    if len(prefix) < 4:
        raise BackupRefused("truncated")
    (length,) = struct.unpack(">I", prefix)
    if length > limit:
        raise BackupRefused("damaged")
    data = source.read(length)
    if len(data) < length:
        raise BackupRefused("truncated")
    return data


def key_ids(source: BinaryIO) -> list[str]:
    """The recovery key ids a backup was made for (readable without any key)."""
    return sorted(_header(source)[1]["recipients"])


def _header(source: BinaryIO) -> tuple[bytes, dict[str, Any]]:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupRefused("not_a_backup")
    raw = _read_frame(source, limit=1 << 20)
    if raw is None:
        raise BackupRefused("truncated")
    try:
        header = json.loads(raw)
        header["recipients"]
    except (ValueError, KeyError, TypeError):
        raise BackupRefused("damaged") from None
    return raw, header


def read(source: BinaryIO, key: recovery.RecoveryKey) -> tuple[dict[str, Any], Iterator[bytes]]:
    """The manifest, and the body's chunks; each chunk is checked before it is given out.
    Raises BackupRefused (also while iterating: damaged or truncated)."""
    raw, header = _header(source)
    sealed = header["recipients"].get(key.key_id)
    if sealed is None:
        raise BackupRefused("wrong_key")
    try:
        file_key = crypto.open_data_key(key.private, base64.b64decode(sealed))
        state = sodium.crypto_secretstream_xchacha20poly1305_state()
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(
            state, base64.b64decode(header["stream"]), file_key
        )
    except (crypto.DecryptionFailed, ValueError, KeyError, nacl.exceptions.CryptoError):
        raise BackupRefused("damaged") from None
    first, tag = _pull(state, _read_frame(source, limit=1 << 24), raw)
    try:
        manifest = json.loads(first)
    except ValueError:
        raise BackupRefused("damaged") from None
    if tag == _TAG_FINAL:
        raise BackupRefused("damaged")
    return manifest, _body(source, state)


def _pull(state: Any, frame: bytes | None, associated: bytes | None) -> tuple[bytes, int]:
    if frame is None:
        raise BackupRefused("truncated")
    try:
        message, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, frame, associated)
    except nacl.exceptions.CryptoError:
        raise BackupRefused("damaged") from None
    return message, tag


def _body(source: BinaryIO, state: Any) -> Iterator[bytes]:
    while True:
        message, tag = _pull(state, _read_frame(source, limit=_MAX_FRAME), None)
        if message:
            yield message
        if tag == _TAG_FINAL:
            if source.read(1):
                raise BackupRefused("damaged")  # bytes after the end
            return
