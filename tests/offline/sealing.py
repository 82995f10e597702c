"""What the entry page's script does, in Python: seal an entry as offline.js seals it."""

from __future__ import annotations

import base64
import json
import os
import uuid
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.test import Client

from kua.odk.crypto import load_public_key
from kua.offline.envelope import AAD
from kua.offline.keys import offline_key
from kua.questionnaires.selectors import current_form


def seal(public_der: bytes, entry: dict[str, Any]) -> dict[str, Any]:
    aes_key, iv = AESGCM.generate_key(bit_length=256), os.urandom(12)
    data = AESGCM(aes_key).encrypt(iv, json.dumps(entry).encode("utf-8"), AAD)
    oaep = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    wrapped = load_public_key(public_der).encrypt(aes_key, oaep)
    b64 = base64.b64encode
    return {"v": 1, "key": b64(wrapped).decode(), "iv": b64(iv).decode(), "data": b64(data).decode()}


def interview_entry(
    organisation_id: int, answers: dict[str, Any], client_id: str | None = None
) -> dict[str, Any]:
    """The body the page POSTs for one interview: {"id", "envelope"}."""
    version = current_form(organisation_id)
    client_id = client_id or str(uuid.uuid4())
    entry = {
        "id": client_id,
        "kind": "interview",
        "form_id": version.form_id,
        "version": version.version,
        "answers": answers,
    }
    return {"id": client_id, "envelope": seal(bytes(offline_key(organisation_id).public_key), entry)}


def refusal_entry(organisation_id: int, refusal: dict[str, Any]) -> dict[str, Any]:
    client_id = str(uuid.uuid4())
    entry = {"id": client_id, "kind": "refusal", "refusal": refusal}
    return {"id": client_id, "envelope": seal(bytes(offline_key(organisation_id).public_key), entry)}


def send(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/offline/send/", json.dumps(body), content_type="application/json")
