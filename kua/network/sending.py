"""Sending a network release to the hub over HTTPS (`kua release send`, the member's web page):
POST <hub>/network/releases/ with the member's send token. The file is already sealed to the hub
and signed; the token only tells the hub which member knocks."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kua.network.models import Membership

TIMEOUT = 60
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class SendFailed(Exception):
    """The hub could not be reached or refused; `refused` tells which (exit 1 against 2)."""

    def __init__(self, message: str, *, refused: bool) -> None:
        super().__init__(message)
        self.refused = refused


@dataclass(frozen=True)
class Sent:
    stored: bool  # False: the hub had it already (stored once)
    release_id: str


def releases_url(base: str) -> str:
    """The hub's endpoint; only https (plain http to this machine, for a hub on the same laptop)."""
    parts = urllib.parse.urlsplit(base.strip())
    local = parts.hostname in LOCAL_HOSTS
    if not parts.netloc or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
        raise ValueError(_("The hub's address must start with https://"))
    return base.strip().rstrip("/") + "/network/releases/"


def release_send(membership: Membership, raw: bytes, base_url: str) -> Sent:
    """Raises ValueError (a bad address), SendFailed."""
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked in releases_url)
        releases_url(base_url),
        data=raw,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {membership.send_token}",
            "Accept-Language": get_language() or "ru",  # the hub answers in the sender's language
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            answer = _answer(response.read())
    except urllib.error.HTTPError as error:
        reason = _answer(error.read()).get("error") or str(error.code)
        raise SendFailed(reason, refused=error.code in (403, 409)) from None
    except (urllib.error.URLError, OSError) as error:
        raise SendFailed(str(getattr(error, "reason", error)), refused=False) from None
    return Sent(answer.get("status") == "stored", str(answer.get("release_id", "")))


def _answer(raw: bytes) -> dict[str, Any]:
    try:
        loaded = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
