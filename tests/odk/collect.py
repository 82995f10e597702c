"""A test stand-in for ODK Collect: reads the form list and XForm Kua serves, fills the
XForm's instance, and encrypts it as Collect's EncryptionUtils does (pyca/cryptography,
written here independently of kua.odk.crypto so the two check each other)."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import uuid
from collections.abc import Mapping
from copy import deepcopy
from dataclasses import dataclass, field

from cryptography.hazmat.decrepit.ciphers.modes import CFB
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lxml import etree

XF = "{http://www.w3.org/2002/xforms}"
FORM_LIST = "{http://openrosa.org/xforms/xformsList}"
OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


@dataclass
class Submission:
    instance_id: str
    manifest: bytes
    parts: dict[str, bytes] = field(default_factory=dict)

    def post_data(self) -> dict[str, object]:
        data: dict[str, object] = {
            "xml_submission_file": SimpleUploadedFile("submission.xml", self.manifest, "text/xml")
        }
        for name, blob in self.parts.items():
            data[name] = SimpleUploadedFile(name, blob, "application/octet-stream")
        return data


class Collect:
    def __init__(self, client: Client, server_url: str) -> None:
        self.client = client
        self.path = re.sub(r"^https?://[^/]+", "", server_url)
        self.xform = b""

    def form_list(self) -> list[dict[str, str]]:
        response = self.client.get(self.path + "formList")
        assert response.status_code == 200, response.status_code
        root = etree.fromstring(response.content)
        return [{etree.QName(c).localname: c.text or "" for c in x} for x in root.iter(f"{FORM_LIST}xform")]

    def download(self) -> bytes:
        entry = self.form_list()[0]
        response = self.client.get(re.sub(r"^https?://[^/]+", "", entry["downloadUrl"]))
        assert response.status_code == 200
        self.xform = response.content
        assert entry["hash"] == "md5:" + hashlib.md5(self.xform).hexdigest()  # noqa: S324
        return self.xform

    def _model(self) -> etree._Element:
        return etree.fromstring(self.xform).find(f".//{XF}model")  # type: ignore[return-value]

    def public_key(self) -> bytes:
        submission = self._model().find(f"{XF}submission")
        assert submission is not None
        return base64.b64decode(submission.get("base64RsaPublicKey", ""))

    def fill(self, answers: Mapping[str, object], instance_id: str) -> bytes:
        """The instance document Collect saves: the XForm's primary instance, filled in
        (a select_multiple as its codes separated by spaces)."""
        template = self._model().find(f"{XF}instance")
        assert template is not None
        data = deepcopy(template[0])
        for element in data.iter():
            name = etree.QName(element).localname
            if len(element) == 0 and name in answers:
                value = answers[name]
                element.text = " ".join(value) if isinstance(value, list) else str(value)
            elif name == "instanceID":
                element.text = instance_id
        return etree.tostring(data, xml_declaration=True, encoding="UTF-8")

    def encrypt(
        self,
        instance_xml: bytes,
        instance_id: str,
        media: Mapping[str, bytes] | None = None,
        public_key: bytes | None = None,
    ) -> Submission:
        data = etree.fromstring(instance_xml)
        form_id, version = data.get("id", ""), data.get("version")
        return encrypt_like_collect(
            public_key or self.public_key(), form_id, version, instance_id, instance_xml, media or {}
        )

    def submission(
        self, answers: Mapping[str, object], media: Mapping[str, bytes] | None = None
    ) -> Submission:
        instance_id = f"uuid:{uuid.uuid4()}"
        return self.encrypt(self.fill(answers, instance_id), instance_id, media)

    def send(self, submission: Submission) -> int:
        return int(self.client.post(self.path + "submission", submission.post_data()).status_code)


def _iv_seed(instance_id: str, key: bytes) -> bytearray:
    return bytearray(hashlib.md5(instance_id.encode() + key).digest())  # noqa: S324


def _aes(key: bytes, iv: bytes, plain: bytes) -> bytes:
    padder = sym_padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    return encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()


def encrypt_like_collect(
    public_der: bytes,
    form_id: str,
    version: str | None,
    instance_id: str,
    instance_xml: bytes,
    media: Mapping[str, bytes],
) -> Submission:
    public = serialization.load_der_public_key(public_der)
    key = os.urandom(32)
    encrypted_key = base64.b64encode(public.encrypt(key, OAEP)).decode()  # type: ignore[union-attr]
    seed = _iv_seed(instance_id, key)
    parts: dict[str, bytes] = {}
    signed = [form_id, *([version] if version else []), encrypted_key, instance_id]
    for counter, (name, plain) in enumerate([*media.items(), ("submission.xml", instance_xml)]):
        seed[counter % 16] = (seed[counter % 16] + 1) % 256
        parts[name + ".enc"] = _aes(key, bytes(seed), plain)
        signed.append(f"{name}::{hashlib.md5(plain).hexdigest()}")  # noqa: S324
    digest = hashlib.md5(("\n".join(signed) + "\n").encode()).digest()  # noqa: S324
    signature = base64.b64encode(public.encrypt(digest, OAEP)).decode()  # type: ignore[union-attr]
    manifest = _manifest(form_id, version, instance_id, encrypted_key, list(media), signature)
    return Submission(instance_id, manifest, parts)


def _manifest(
    form_id: str, version: str | None, instance_id: str, key: str, media: list[str], signature: str
) -> bytes:
    ns = "http://opendatakit.org/submissions"
    root = etree.Element(f"{{{ns}}}data", nsmap={None: ns, "orx": "http://openrosa.org/xforms"})
    root.set("id", form_id)
    if version:
        root.set("version", version)
    root.set("encrypted", "yes")
    root.set("instanceID", instance_id)
    etree.SubElement(root, f"{{{ns}}}base64EncryptedKey").text = key
    meta = etree.SubElement(root, "{http://openrosa.org/xforms}meta")
    etree.SubElement(meta, "{http://openrosa.org/xforms}instanceID").text = instance_id
    for name in media:
        etree.SubElement(etree.SubElement(root, f"{{{ns}}}media"), f"{{{ns}}}file").text = name + ".enc"
    etree.SubElement(root, f"{{{ns}}}encryptedXmlFile").text = "submission.xml.enc"
    etree.SubElement(root, f"{{{ns}}}base64EncryptedElementSignature").text = signature
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
