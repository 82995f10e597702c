"""POST /network/releases/: where members send their releases over HTTPS (network.md).

No session: the member's send token (Authorization: Bearer …) says who knocks, the signature
says who made the file. Works while the hub is sealed. Answers JSON: 201 stored, 200 stored
before (the same file: stored once), 403 refused, 400 unusable, 413 too large."""

from __future__ import annotations

import json

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kua.network.files import BadFile, Refused
from kua.network.models import Hub, Member
from kua.network.services.hub import sha256
from kua.network.services.receiving import release_receive


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _hub_named(raw: bytes) -> Hub | None:
    """The hub of this server the release is sealed to (a server may hold several)."""
    try:
        hub_id = json.loads(raw.decode("utf-8")).get("hub", {}).get("id")
        return Hub.objects.select_related("organisation").filter(hub_id=str(hub_id)).first()
    except (UnicodeDecodeError, ValueError, AttributeError):
        return None


@csrf_exempt
@require_POST
def releases_endpoint(request: HttpRequest) -> JsonResponse:
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token:
        return _error(_("The member's send token is missing."), 403)
    if not Member.objects.filter(send_token_hash=sha256(token), expelled_at__isnull=True).exists():
        return _error(_("The sender's token is not this member's."), 403)  # before reading the body
    try:
        raw = request.body
    except RequestDataTooBig:
        return _error(_("The release is too large."), 413)
    hub = _hub_named(raw)
    if hub is None:
        return _error(_("This release is sealed to another hub."), 403)
    try:
        outcome = release_receive(hub=hub, raw=raw, send_token=token, via="https")
    except BadFile as error:
        return _error(str(error), 400)
    except Refused as error:
        return _error(str(error), 403)
    answer = {
        "status": "stored" if outcome.new else "already",
        "release_id": str(outcome.received.release_id),
    }
    return JsonResponse(answer, status=201 if outcome.new else 200)
