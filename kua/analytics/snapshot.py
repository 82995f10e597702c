"""Saving and loading the analytic view, encrypted like interviews (a data key sealed to the
organisation's public key). The format is JSON with base64 blobs, compressed: never pickle,
because anyone holding the public key could write a snapshot."""

from __future__ import annotations

import base64
import json
import zlib
from array import array
from typing import Any

from django.db import transaction

from kua.analytics.models import ViewSnapshot
from kua.analytics.view import AnalyticView
from kua.vault import crypto
from kua.vault.models import Vault
from kua.vault.services import KeyRing, new_data_key

FORMAT = 2  # 2: with the interview id of each row


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)


def _bitset(value: int, size: int) -> str:
    return _b64(value.to_bytes((size + 7) // 8, "little"))


def encode_view(view: AnalyticView) -> bytes:
    body: dict[str, Any] = {
        "format": FORMAT,
        "size": view.size,
        "max_id": view.max_id,
        "choice_fields": {k: list(v) for k, v in view.choice_fields.items()},
        "numeric_fields": list(view.numeric_fields),
        "date_fields": list(view.date_fields),
        "multiple": sorted(view.multiple),
        "live": _bitset(view.live, view.size),
        "bits": {f: {c: _bitset(b, view.size) for c, b in codes.items()} for f, codes in view.bits.items()},
        "numbers": {f: _b64(a.tobytes()) for f, a in view.numbers.items()},
        "dates": {f: [a.typecode, _b64(a.tobytes())] for f, a in view.dates.items()},
        "documenters": [view.documenters.typecode, _b64(view.documenters.tobytes())],
        "ids": [view.ids.typecode, _b64(view.ids.tobytes())],
        "client_codes": view.client_codes,
        "quotes": view.quotes,
    }
    return zlib.compress(json.dumps(body, separators=(",", ":")).encode("utf-8"), 1)


def _array(typecode: str, data: bytes) -> array[Any]:
    values = array(typecode)
    values.frombytes(data)
    return values


def decode_view(raw: bytes) -> AnalyticView:
    body = json.loads(zlib.decompress(raw))
    if body.get("format") != FORMAT:
        raise ValueError("unknown snapshot format")
    view = AnalyticView(
        choice_fields={k: tuple(v) for k, v in body["choice_fields"].items()},
        numeric_fields=tuple(body["numeric_fields"]),
        date_fields=tuple(body["date_fields"]),
        multiple=frozenset(body["multiple"]),
        size=body["size"],
        max_id=body["max_id"],
    )
    view.live = int.from_bytes(_unb64(body["live"]), "little")
    view.bits = {
        f: {c: int.from_bytes(_unb64(b), "little") for c, b in codes.items()}
        for f, codes in body["bits"].items()
    }
    view.numbers = {f: _array("d", _unb64(data)) for f, data in body["numbers"].items()}
    view.dates = {f: _array(code, _unb64(data)) for f, (code, data) in body["dates"].items()}
    view.documenters = _array(body["documenters"][0], _unb64(body["documenters"][1]))
    view.ids = _array(body["ids"][0], _unb64(body["ids"][1]))
    view.client_codes = body["client_codes"]
    view.quotes = [tuple(q) for q in body["quotes"]]  # type: ignore[misc]
    return view


def _associated(organisation_id: int) -> bytes:
    return b"kua-view-snapshot:" + str(organisation_id).encode()


def snapshot_save(vault: Vault, view: AnalyticView, form_sha256: str) -> None:
    """Replace the organisation's snapshot (the vault must be unsealed: the view exists)."""
    with transaction.atomic():
        old = ViewSnapshot.objects.filter(organisation_id=vault.organisation_id).first()
        key_row, key = new_data_key(vault)
        payload = crypto.encrypt_payload(key, encode_view(view), _associated(vault.organisation_id))
        ViewSnapshot.objects.update_or_create(
            organisation_id=vault.organisation_id,
            defaults={
                "data_key": key_row,
                "payload": payload,
                "max_interview_id": view.max_id,
                "form_sha256": form_sha256,
            },
        )
        if old is not None:
            old.data_key.delete()


def snapshot_load(vault: Vault, form_sha256: str) -> AnalyticView | None:
    snapshot = ViewSnapshot.objects.filter(organisation_id=vault.organisation_id).first()
    if snapshot is None or snapshot.form_sha256 != form_sha256:
        return None
    key = KeyRing(vault).key(snapshot.data_key_id)
    try:
        raw = crypto.decrypt_payload(key, bytes(snapshot.payload), _associated(vault.organisation_id))
        return decode_view(raw)
    except (crypto.DecryptionFailed, ValueError, KeyError):
        return None  # a damaged or foreign snapshot is ignored: the view is rebuilt from rows


def snapshot_drop(organisation_id: int) -> None:
    """For changes a snapshot cannot follow by appending (erasure of an interview)."""
    with transaction.atomic():
        for snapshot in ViewSnapshot.objects.filter(organisation_id=organisation_id):
            key = snapshot.data_key
            snapshot.delete()
            key.delete()
