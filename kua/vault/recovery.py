"""The recovery key: an X25519 key pair whose private half exists only on paper, in the safe.

The organisation's private key is sealed to its public half (stored in clear), and so is
every backup's file key: a server makes backups without ever holding the recovery key,
and only the sheet opens them. The sheet's text is `KUA1-` and base32 groups of the key
and a 2-byte checksum, so a mistyped key is caught before any decryption is tried.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from nacl.public import PrivateKey

PREFIX = "KUA1"
_CHECKSUM = 2
_TOKEN = re.compile(r"KUA1(?:-[A-Z2-7]{1,5})+")


class RecoveryKeyUnreadable(Exception):
    """No recovery key could be read from this text (missing, mistyped, damaged)."""


@dataclass(frozen=True)
class RecoveryKey:
    private: bytes

    @classmethod
    def generate(cls) -> RecoveryKey:
        return cls(bytes(PrivateKey.generate()))

    @property
    def public(self) -> bytes:
        return bytes(PrivateKey(self.private).public_key)

    @property
    def key_id(self) -> str:
        return key_id(self.public)


def key_id(recovery_public: bytes) -> str:
    """A short public name of a recovery key, printed on the sheet and in each backup."""
    return hashlib.blake2b(recovery_public, digest_size=8, person=b"kua-recov-id").hexdigest()


def _checksum(key: bytes) -> bytes:
    return hashlib.blake2b(key, digest_size=_CHECKSUM, person=b"kua-recov-sum").digest()


def encode(key: RecoveryKey) -> str:
    text = base64.b32encode(key.private + _checksum(key.private)).decode("ascii").rstrip("=")
    groups = [text[i : i + 5] for i in range(0, len(text), 5)]
    return "-".join([PREFIX, *groups])


def decode(text: str) -> RecoveryKey:
    match = _TOKEN.search(text.upper().replace(" ", ""))
    if match is None:
        raise RecoveryKeyUnreadable()
    letters = match.group(0)[len(PREFIX) :].replace("-", "")
    try:
        raw = base64.b32decode(letters + "=" * (-len(letters) % 8))
    except ValueError:
        raise RecoveryKeyUnreadable() from None
    key, checksum = raw[:-_CHECKSUM], raw[-_CHECKSUM:]
    canonical = base64.b32encode(raw).decode("ascii").rstrip("=")
    if len(key) != 32 or _checksum(key) != checksum or canonical != letters:
        raise RecoveryKeyUnreadable()
    return RecoveryKey(key)


def sheet(key: RecoveryKey, *, organisation: str, made_at: datetime) -> str:
    """The printable sheet for the safe (English and Russian: it is read in a crisis)."""
    return "\n".join(
        [
            f"KUA RECOVERY KEY / КЛЮЧ ВОССТАНОВЛЕНИЯ KUA — {organisation}",
            f"Made / Создан: {made_at:%Y-%m-%d %H:%M %Z}    Key id / Номер ключа: {key.key_id}",
            "",
            "Keep this sheet in the safe. With a backup it opens every record of the organisation.",
            "It stops working at the next key rotation; backups made before then die with it.",
            "Храните этот лист в сейфе. Вместе с резервной копией он открывает все записи.",
            "После следующей смены ключей он перестаёт действовать.",
            "",
            "Recovery key / Ключ восстановления:",
            "",
            f"    {encode(key)}",
            "",
        ]
    )
