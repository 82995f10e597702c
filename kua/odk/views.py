"""The OpenRosa endpoints Collect talks to, under /odk/<token>/ (no session, no CSRF)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from kua.accounts.models import User
from kua.odk import keys, openrosa
from kua.odk.links import user_for_token
from kua.odk.services import intake
from kua.odk.services.keys import odk_key
from kua.odk.services.submissions import (
    MANIFEST_PART,
    SubmissionConflict,
    SubmissionRefused,
    SubmissionTooLarge,
    odk_submission_receive,
)
from kua.odk.xform import XForm, xform_for
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import current_form
from kua.web.uploads import TOO_LARGE

View = Callable[..., HttpResponse]
logger = logging.getLogger("kua.odk")


def _refused() -> HttpResponse:
    """Unknown or revoked token: 403 and nothing else."""
    return openrosa.openrosa(HttpResponse(status=403))


def with_link(*methods: str) -> Callable[[View], View]:
    """The token is checked first (a bad one learns nothing, not even the methods), then the method."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
            user = user_for_token(token)
            if user is None:
                return _refused()
            if request.method not in methods:
                return openrosa.openrosa(HttpResponseNotAllowed(methods))
            try:
                return view(request, user, token, *args, **kwargs)
            except Exception as error:  # Django would log the path, and the path holds the token
                logger.error("a Collect request failed: %s", type(error).__name__)
                return openrosa.openrosa(HttpResponse(status=500))

        return wrapped

    return decorate


def _current(user: User, form_id: str = "violation_registration") -> tuple[FormVersion, XForm] | None:
    try:
        version = current_form(user.org_id, form_id)
    except FormVersion.DoesNotExist:
        return None
    return version, xform_for(version, keys.public_key_base64(odk_key(user.org_id)))


def _title(version: FormVersion) -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return str(version.title.get(language) or next(iter(version.title.values()), version.form_id))


@with_link("GET", "HEAD")
def form_list(request: HttpRequest, user: User, token: str) -> HttpResponse:
    entries = []
    current = _current(user)
    if current is not None:
        version, xform = current
        url = reverse("odk_form", kwargs={"token": token, "form_id": version.form_id})
        entries.append(
            {
                "formID": version.form_id,
                "name": _title(version),
                "version": version.version,
                "hash": f"md5:{xform.md5}",
                "downloadUrl": request.build_absolute_uri(url),
            }
        )
    return openrosa.xml_response(openrosa.form_list(entries))


@with_link("GET", "HEAD")
def form_download(request: HttpRequest, user: User, token: str, form_id: str) -> HttpResponse:
    current = _current(user, form_id)
    if current is None:
        return openrosa.openrosa(HttpResponse(status=404))
    return openrosa.openrosa(HttpResponse(current[1].xml, content_type="text/xml; charset=utf-8"))


@csrf_exempt
@with_link("HEAD", "POST")
def submission(request: HttpRequest, user: User, token: str) -> HttpResponse:
    if request.method == "HEAD":
        response = openrosa.openrosa(HttpResponse(status=204))
        response["X-OpenRosa-Accept-Content-Length"] = str(settings.IMPORT_MAX_BYTES)
        return response
    try:  # reading the body: too many parts or fields, or a malformed one, is the sender's fault
        manifest = request.FILES.get(MANIFEST_PART)
        files = _parts(request)
    except RequestDataTooBig:
        return _too_large()
    except (TooManyFilesSent, TooManyFieldsSent):
        return _message(_("The submission has too many parts."), 413)
    except SuspiciousOperation:  # a malformed multipart body
        return _message(_("This is not a submission Kua can read."), 400)
    if getattr(request, TOO_LARGE, False):
        return _too_large()
    if manifest is None:
        return _message(_("The submission has no xml_submission_file."), 400)
    try:
        received = odk_submission_receive(user=user, manifest_bytes=manifest.read(), files=files)
    except SubmissionTooLarge as large:
        return _message(_quota_text(large.code), 413)
    except SubmissionRefused as refused:
        return _message(_refusal_text(refused.code), 400)
    except SubmissionConflict:
        return _message(_("An interview with this instanceID arrived before with other content."), 409)
    if received.created:
        intake.process_if_unsealed(user.org_id)
    return _message(_("The interview is received, sealed."), 201, nature="submit_success")


def _parts(request: HttpRequest) -> dict[str, bytes]:
    """The encrypted parts by file name (Collect names each form field after its file)."""
    parts: dict[str, bytes] = {}
    for key in request.FILES:
        if key == MANIFEST_PART:
            continue
        for upload in request.FILES.getlist(key):
            parts[str(upload.name or key)] = upload.read()
    return parts


def _message(text: str, status: int, nature: str = "error") -> HttpResponse:
    return openrosa.xml_response(openrosa.message(text, nature), status=status)


def _refusal_text(code: str) -> str:
    if code == "not_encrypted":
        return _("This form must be encrypted on the phone: download the blank form again from Kua.")
    if code == "missing_part":
        return _("A file named in the submission is missing; send it again.")
    return _("This is not a submission Kua can read.")


def _too_large() -> HttpResponse:
    return _message(
        _("The submission is larger than %(mb)d MB: send large photographs or documents another way.")
        % {"mb": settings.FILE_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)},
        413,
    )


def _quota_text(code: str) -> str:
    if code == "file":
        return _("A file of the submission is larger than %(mb)d MB: attach a smaller photograph.") % {
            "mb": settings.ODK_MAX_FILE_BYTES // (1024 * 1024)
        }
    return _(
        "This Collect link has sent more than %(mb)d MB in the last 24 hours: send the rest tomorrow "
        "or ask the coordinator."
    ) % {"mb": settings.ODK_LINK_DAILY_BYTES // (1024 * 1024)}
