"""Collect's "Import settings" QR code: zlib-compressed JSON, base64, as ODK Central makes it."""

from __future__ import annotations

import base64
import json
import zlib
from io import BytesIO

import qrcode
import qrcode.image.svg


def collect_settings(server_url: str, project_name: str) -> dict[str, object]:
    return {
        "general": {
            "server_url": server_url,
            "form_update_mode": "match_exactly",
            "autosend": "wifi_and_cellular",
        },
        "admin": {"automatic_update": True},
        "project": {"name": project_name, "icon": "K"},
    }


def settings_payload(server_url: str, project_name: str) -> str:
    text = json.dumps(collect_settings(server_url, project_name), ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(zlib.compress(text.encode("utf-8"))).decode("ascii")


def read_payload(payload: str) -> dict[str, object]:
    """The settings a payload holds (what Collect reads from the code)."""
    value = json.loads(zlib.decompress(base64.b64decode(payload)).decode("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("not Collect settings")
    return value


def qr_svg(payload: str) -> str:
    image = qrcode.make(payload, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")
