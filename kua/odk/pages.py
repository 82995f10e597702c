"""The Collect pages of the web app: links with their QR code, and the coordinator's list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kua.accounts import policy
from kua.interviews import rendering
from kua.interviews.selectors import interview_get
from kua.odk import selectors, settings_qr
from kua.odk.media import MediaMissing, odk_media_read
from kua.odk.reasons import outcomes
from kua.odk.services import links
from kua.questionnaires.selectors import current_form, spec_for
from kua.web.types import AuthedRequest


@login_required
def odk_home(request: AuthedRequest) -> HttpResponse:
    if not policy.odk_may_submit(request.user):
        raise PermissionDenied()  # a function this role does not use
    people = selectors.odk_people_for(request.user)
    linked = selectors.odk_linked_ids(people)
    context = {
        "people": [(person, person.pk in linked) for person in people],
        "sees_submissions": policy.odk_may_see_submissions(request.user),
    }
    return render(request, "odk/home.html", context)


def _may_use(request: AuthedRequest) -> None:
    if not policy.odk_may_submit(request.user):
        raise PermissionDenied()


@login_required
@require_POST
def odk_link(request: AuthedRequest, user_id: int) -> HttpResponse:
    _may_use(request)
    person = selectors.odk_person_get(request.user, user_id)
    url = links.odk_link_create(actor=request.user, user=person, base_url=request.build_absolute_uri("/"))
    payload = settings_qr.settings_payload(url, request.user.org_name or "Kua")
    context = {"person": person, "url": url, "qr_svg": settings_qr.qr_svg(payload)}
    response = render(request, "odk/link.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def odk_revoke(request: AuthedRequest, user_id: int) -> HttpResponse:
    _may_use(request)
    person = selectors.odk_person_get(request.user, user_id)
    if links.odk_link_revoke(actor=request.user, user=person):
        messages.success(
            request, _("The Collect link of %(name)s no longer works.") % {"name": person.username}
        )
    return redirect("odk_home")


@login_required
def odk_media(request: AuthedRequest, record: str, name: str) -> HttpResponse:
    interview = interview_get(request.user, record)
    try:
        media = odk_media_read(user=request.user, interview=interview, name=name)
    except MediaMissing:
        raise Http404() from None
    except PermissionDenied:
        raise Http404() from None
    response = HttpResponse(media.data, content_type=media.content_type)
    response["Content-Disposition"] = f'inline; filename="{media.name}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def odk_submissions(request: AuthedRequest) -> HttpResponse:
    if not policy.odk_may_see_submissions(request.user):
        raise PermissionDenied()
    rows = outcomes(selectors.odk_submissions_for(request.user)[:500], request.user.org_id)
    spec = spec_for(current_form(request.user.org_id))
    note = spec.field("minor_referral") if spec.has_field("minor_referral") else None
    referral = rendering.pick(dict(note.labels), spec) if note else ""
    return render(request, "odk/submissions.html", {"rows": rows, "referral": referral})
