"""ODK's encrypted-submission cryptography, as pure functions over bytes (pyca/cryptography).

What Collect does on the phone, and what is checked here (verified byte-exactly against
ODK Briefcase's fixtures):
- a fresh 256-bit AES key per submission, encrypted to the form's RSA public key with
  RSA-OAEP, SHA-256 as the hash and MGF1 with SHA-256 ("RSA/NONE/OAEPWithSHA256AndMGF1Padding"
  of BouncyCastle), sent base64 in the manifest's <base64EncryptedKey>;
- each part (media files in the manifest's order, then submission.xml) encrypted with
  AES-256-CFB (128-bit segments) and PKCS#7 padding; the IV of the n-th part (n from 1) is
  the MD5 of instanceID + AES key with bytes 0..n-1 each raised by one (mod 256, index mod 16),
  as Collect's CipherFactory does;
- the signature: the MD5 of the UTF-8 text "form id\\n[version\\n]base64 key\\ninstanceID\\n"
  followed by "name::md5hex\\n" for each decrypted part (media, then submission.xml),
  RSA-OAEP-encrypted like the key and sent base64 in <base64EncryptedElementSignature>.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives import padding as symmetric_padding
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

RSA_BITS = 3072
AES_KEY_BYTES = 32


class OdkDecryptionFailed(Exception):
    """A key, part or signature did not open or did not match."""


def _oaep() -> padding.OAEP:
    return padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def generate_rsa_key() -> tuple[bytes, bytes]:
    """A new key pair as (public SubjectPublicKeyInfo DER, private PKCS#8 DER)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)
    public_der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    private_der = private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return public_der, private_der


def load_private_key(data: bytes) -> rsa.RSAPrivateKey:
    """A private key from DER (PKCS#8 or PKCS#1) or PEM."""
    loader = (
        serialization.load_pem_private_key
        if data.startswith(b"-----")
        else serialization.load_der_private_key
    )
    key = loader(data, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise OdkDecryptionFailed("not an RSA key")
    return key


def load_public_key(der: bytes) -> rsa.RSAPublicKey:
    key = serialization.load_der_public_key(der)
    if not isinstance(key, rsa.RSAPublicKey):
        raise OdkDecryptionFailed("not an RSA key")
    return key


def rsa_decrypt(private: rsa.RSAPrivateKey, ciphertext: bytes) -> bytes:
    try:
        return private.decrypt(ciphertext, _oaep())
    except (ValueError, InvalidKey):
        raise OdkDecryptionFailed("RSA-OAEP") from None


def rsa_encrypt(public: rsa.RSAPublicKey, plaintext: bytes) -> bytes:
    return public.encrypt(plaintext, _oaep())


def iv_sequence(instance_id: str, aes_key: bytes) -> Iterator[bytes]:
    """The IVs of a submission's parts, in the order they are encrypted."""
    seed = bytearray(hashlib.md5(instance_id.encode("utf-8") + aes_key).digest())  # noqa: S324  (ODK's spec)
    counter = 0
    while True:
        seed[counter % 16] = (seed[counter % 16] + 1) % 256
        counter += 1
        yield bytes(seed)


def aes_decrypt(aes_key: bytes, iv: bytes, ciphertext: bytes) -> bytes:
    decryptor = Cipher(algorithms.AES(aes_key), CFB(iv)).decryptor()
    padded = decryptor.update(ciphertext) + decryptor.finalize()
    unpadder = symmetric_padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise OdkDecryptionFailed("padding") from None


def aes_encrypt(aes_key: bytes, iv: bytes, plaintext: bytes) -> bytes:
    padder = symmetric_padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(aes_key), CFB(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


@dataclass(frozen=True)
class Manifest:
    """What the submission manifest (xml_submission_file) of an encrypted submission says."""

    form_id: str
    version: str | None
    instance_id: str
    base64_key: str
    media: tuple[str, ...]
    xml_file: str
    base64_signature: str


def signature_text(manifest: Manifest, parts: Sequence[tuple[str, bytes]]) -> bytes:
    """The text whose MD5 is signed: parts are (decrypted file name, decrypted bytes)."""
    lines = [manifest.form_id]
    if manifest.version:
        lines.append(manifest.version)
    lines += [manifest.base64_key, manifest.instance_id]
    lines += [f"{name}::{hashlib.md5(data).hexdigest()}" for name, data in parts]  # noqa: S324
    return ("\n".join(lines) + "\n").encode("utf-8")


def signature_digest(manifest: Manifest, parts: Sequence[tuple[str, bytes]]) -> bytes:
    return hashlib.md5(signature_text(manifest, parts)).digest()  # noqa: S324  (ODK's spec)


@dataclass(frozen=True)
class Decrypted:
    xml: bytes
    media: dict[str, bytes]


def decrypt_submission(
    private: rsa.RSAPrivateKey, manifest: Manifest, encrypted: dict[str, bytes]
) -> Decrypted:
    """Open every part and check the signature; raises OdkDecryptionFailed naming what failed."""
    aes_key = rsa_decrypt(private, _b64(manifest.base64_key, "key"))
    if len(aes_key) != AES_KEY_BYTES:
        raise OdkDecryptionFailed("key")
    ivs = iv_sequence(manifest.instance_id, aes_key)
    opened: list[tuple[str, bytes]] = []
    for name in (*manifest.media, manifest.xml_file):
        if name not in encrypted:
            raise OdkDecryptionFailed(f"missing part {name}")
        try:
            opened.append((_clear_name(name), aes_decrypt(aes_key, next(ivs), encrypted[name])))
        except OdkDecryptionFailed:
            raise OdkDecryptionFailed(f"damaged part {name}") from None
    signature = _b64(manifest.base64_signature, "signature")
    try:
        signed = rsa_decrypt(private, signature)
    except OdkDecryptionFailed:
        raise OdkDecryptionFailed("signature") from None
    if signed != signature_digest(manifest, opened):
        raise OdkDecryptionFailed("signature")
    return Decrypted(xml=opened[-1][1], media=dict(opened[:-1]))


def decrypt_media(private: rsa.RSAPrivateKey, manifest: Manifest, name: str, encrypted: bytes) -> bytes:
    """One media part of a submission already checked at intake (its signature then covered it)."""
    if name not in manifest.media:
        raise OdkDecryptionFailed(f"missing part {name}")
    aes_key = rsa_decrypt(private, _b64(manifest.base64_key, "key"))
    ivs = iv_sequence(manifest.instance_id, aes_key)
    iv = next(iv for iv, part in zip(ivs, manifest.media, strict=False) if part == name)
    return aes_decrypt(aes_key, iv, encrypted)


def _clear_name(name: str) -> str:
    return name[: -len(".enc")] if name.endswith(".enc") else name


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise OdkDecryptionFailed(what) from None
