"""TOTP secrets are stored encrypted under a key that is not in the database.

django-otp keeps each authenticator's secret in `otp_totp_totpdevice.key` as hex. Kua
writes there `s1:` + base64(nonce | ChaCha20-Poly1305(secret)) under a key derived from
SECRET_KEY (read from the environment or a file), with the user's id as associated
data, and decrypts it when a device is loaded. A copy of the database alone yields no
seed that makes a valid code.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import nacl.utils
from django.utils.crypto import salted_hmac
from nacl.bindings import (
    crypto_aead_chacha20poly1305_ietf_decrypt,
    crypto_aead_chacha20poly1305_ietf_encrypt,
    crypto_aead_chacha20poly1305_ietf_NPUBBYTES,
)
from nacl.exceptions import CryptoError

PREFIX = "s1:"
_SALT = "kua.accounts.otp_keys.encryption-key"
# The column holds 80 characters: the prefix and base64 of nonce (12) + tag (16) + secret.
MAX_SECRET_BYTES = 29


class SecretUnreadable(Exception):
    """A stored TOTP secret does not open with this instance's key (another SECRET_KEY?)."""


def _key() -> bytes:
    return salted_hmac(_SALT, "totp", algorithm="sha256").digest()


def _aad(user_id: int) -> bytes:
    return f"kua-totp:{user_id}".encode()


def is_sealed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def seal_secret(hex_key: str, user_id: int) -> str:
    secret = binascii.unhexlify(hex_key)
    if len(secret) > MAX_SECRET_BYTES:
        raise ValueError("TOTP secrets longer than 29 bytes do not fit the column")
    nonce = nacl.utils.random(crypto_aead_chacha20poly1305_ietf_NPUBBYTES)
    box = crypto_aead_chacha20poly1305_ietf_encrypt(secret, _aad(user_id), nonce, _key())
    return PREFIX + base64.urlsafe_b64encode(nonce + box).decode("ascii")


def open_secret(stored: str, user_id: int) -> str:
    raw = base64.urlsafe_b64decode(stored[len(PREFIX) :])
    size = crypto_aead_chacha20poly1305_ietf_NPUBBYTES
    nonce, box = raw[:size], raw[size:]
    try:
        secret = crypto_aead_chacha20poly1305_ietf_decrypt(box, _aad(user_id), nonce, _key())
    except CryptoError:
        raise SecretUnreadable() from None
    return binascii.hexlify(secret).decode("ascii")


# Signal receivers (connected in AccountsConfig.ready): the model keeps the clear hex key
# in memory only; the row holds the sealed form.


def _opened_on_load(sender: Any, instance: Any, **kwargs: Any) -> None:
    key = instance.__dict__.get("key")
    if isinstance(key, str) and is_sealed(key):
        try:
            instance.key = open_secret(key, instance.user_id)
        except SecretUnreadable:
            instance.key = ""  # verifies no code: the user must enrol again


def _sealed_before_save(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields is not None and "key" not in update_fields:
        return
    if instance.key and not is_sealed(instance.key):
        instance._kua_clear_key = instance.key
        instance.key = seal_secret(instance.key, instance.user_id)


def _opened_after_save(sender: Any, instance: Any, **kwargs: Any) -> None:
    clear = instance.__dict__.pop("_kua_clear_key", None)
    if clear is not None:
        instance.key = clear
