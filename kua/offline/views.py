"""The offline entry page, its service worker and manifest, and the endpoint phones send to.

The page works with no network once opened online; it sends with her session. The JSON
endpoints answer 401 for no session (an ended one, or a blocked account: Django gives an
inactive user no session) instead of redirecting to the login page.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_POST

from kua.accounts import policy
from kua.interviews import rendering
from kua.interviews.forms import refusal_form
from kua.odk.reasons import reason_text as odk_reason_text
from kua.offline import envelope
from kua.offline.keys import offline_public_key
from kua.offline.models import OfflineSubmission
from kua.offline.plan import offline_logic
from kua.offline.reasons import reason_text, reason_texts
from kua.offline.selectors import offline_submissions_for
from kua.offline.services import SubmissionConflict, intake, offline_receive
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.spec import FormSpec
from kua.vault.services import open_note
from kua.web.types import AuthedRequest

ASSETS = ("kua/kua.css", "kua/form-logic.js", "kua/offline.js", "kua/offline-icon.svg")


def _refusal(reason: str, status: int) -> JsonResponse:
    return JsonResponse({"reason": reason, "message": reason_text(reason)}, status=status)


def _person(request: HttpRequest) -> JsonResponse | None:
    """None when the session belongs to someone who may enter; else the answer to give."""
    if not request.user.is_authenticated:
        return _refusal("session", 401)
    if not policy.may_enter_interviews(request.user):
        return _refusal("forbidden", 403)
    return None


@gzip_page  # with Django's BREACH mitigation: the page holds CSRF tokens
@login_required
@require_GET
def offline_entry(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not policy.may_enter_interviews(user):
        raise PermissionDenied()
    version = current_form(user.org_id)
    spec = spec_for(version)
    config = {
        "key": offline_public_key(user.org_id),
        "user": user.pk,
        "form_id": version.form_id,
        "version": version.version,
        "send": reverse("offline_send"),
        "session": reverse("offline_session"),
        "worker": reverse("offline_worker"),
        "reasons": reason_texts(),
        "erase": _("Erase the interviews waiting on this phone? They have not reached the office."),
        "saved": _("Saved on this phone, sealed."),
        "never": _("never"),
        "online": _("Online: waiting interviews are sent now."),
        "offline": _("No network: interviews are kept on this phone, sealed, until it returns."),
        "failed": _("This phone could not seal the interview: nothing was saved. Try again."),
        "incomplete": _("Fill in the date and the main reason."),
        "erased": _("The interviews waiting on this phone are erased."),
    }
    context = {
        "title": rendering.pick(dict(spec.title), spec),
        "sections": rendering.entry_sections(spec, {}, {}),
        "refusal": _lean_refusal_form(spec),
        "logic_script": rendering.compact_script(offline_logic(spec), "kua-logic"),
        "config_script": rendering.compact_script(config, "kua-offline"),
    }
    return render(request, "offline/entry.html", context)


def _lean_refusal_form(spec: FormSpec) -> Any:
    """The refusal form without its district list: the page copies the interview form's
    districts into it (the same options, not sent twice: the page stays within its budget)."""
    form = refusal_form(spec)
    district = form.fields["district"]
    district.choices = [("", "—")]  # type: ignore[attr-defined]
    district.widget.attrs["data-options-from"] = "f-residence_district"
    form.fields["refused_on"].widget.format = "%Y-%m-%d"  # type: ignore[attr-defined]  # what type=date takes
    return form


@require_GET
def offline_session(request: HttpRequest) -> JsonResponse:
    """A fresh CSRF token and whose session this is, before the page sends."""
    refused = _person(request)
    if refused is not None:
        return refused
    return JsonResponse({"csrf": get_token(request), "user": request.user.pk})


@require_POST
def offline_send(request: HttpRequest) -> JsonResponse:
    refused = _person(request)
    if refused is not None:
        return refused
    try:
        body: Any = json.loads(request.body)
        client_id, sealed = body["id"], body["envelope"]
    except (ValueError, KeyError, TypeError):
        return _refusal("unreadable", 400)
    try:
        received = offline_receive(user=request.user, client_id=client_id, sealed=sealed)  # type: ignore[arg-type]
    except envelope.EnvelopeRefused as error:
        return _refusal(error.code, 400)
    except SubmissionConflict:
        return _refusal("conflict", 409)
    if received.created:
        intake.process_if_unsealed(received.submission.organisation_id)
    return _outcome(received.submission, 201 if received.created else 200)


def _outcome(submission: OfflineSubmission, status: int) -> JsonResponse:
    submission.refresh_from_db(fields=["status", "outcome"])
    if submission.status == OfflineSubmission.Status.FAILED:
        note = open_note(submission.organisation_id, submission.outcome) or {}
        if note.get("outcome") == "referred":
            return JsonResponse({"status": "referred", "message": reason_text("minor")}, status=status)
        return _refusal(str(note.get("reason", "unreadable")), 422)
    return JsonResponse({"status": "received"}, status=status)


@login_required
@require_GET
def offline_submissions(request: AuthedRequest) -> HttpResponse:
    """The coordinator's list of entries not stored: waiting for unseal, refused, or referred."""
    if not policy.odk_may_see_submissions(request.user):
        raise PermissionDenied()
    rows = [(s, _reason_shown(s)) for s in offline_submissions_for(request.user)[:500]]
    return render(request, "offline/submissions.html", {"rows": rows})


def _reason_shown(submission: OfflineSubmission) -> str:
    """The sealed reason, opened while the vault is (Collect's texts); a word saying so otherwise."""
    if not submission.outcome:
        return odk_reason_text("")
    note = open_note(submission.organisation_id, submission.outcome)
    if note is None:
        return odk_reason_text("sealed")
    return odk_reason_text("minor" if note.get("outcome") == "referred" else str(note.get("reason", "")))


@require_GET
def offline_worker(request: HttpRequest) -> HttpResponse:
    """The service worker: keeps the page and its files for use with no network."""
    assets = [reverse("offline_entry"), reverse("offline_manifest"), *(static(name) for name in ASSETS)]
    listed = json.dumps(assets)
    context = {
        "assets": listed,
        "page": json.dumps(reverse("offline_entry")),
        "version": json.dumps(hashlib.sha256(listed.encode()).hexdigest()[:12]),
    }
    response = render(request, "offline/sw.js", context)
    response["Content-Type"] = "text/javascript; charset=utf-8"
    return response


@require_GET
def offline_manifest(request: HttpRequest) -> JsonResponse:
    entry = reverse("offline_entry")
    manifest = {
        "name": _("Kua: offline entry"),
        "short_name": "Kua",
        "start_url": entry,
        "scope": entry,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f3a5f",
        "icons": [{"src": static("kua/offline-icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
