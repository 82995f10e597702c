"""Web entry, detail of interviews and refusals: thin views over services and selectors.

The interview list reads the analytic view, so it is kua.analytics.views.interview_list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kua.accounts import policy
from kua.interviews import rendering, selectors, services
from kua.interviews.forms import refusal_form
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.spec import FormSpec
from kua.web.types import AuthedRequest


def _raw_answers(spec: FormSpec, post: QueryDict) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for spec_field in spec.fields:
        if spec_field.kind == "select_multiple":
            values = post.getlist(spec_field.name)
            if values:
                raw[spec_field.name] = values
        elif post.get(spec_field.name, "") != "":
            raw[spec_field.name] = post[spec_field.name]
    return raw


@login_required
@require_http_methods(["GET", "POST"])
def interview_new(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not policy.may_enter_interviews(user):
        raise PermissionDenied()
    version = current_form(user.org_id)
    spec = spec_for(version)
    raw: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    if request.method == "POST":
        raw = _raw_answers(spec, request.POST)
        try:
            interview = services.interview_create(
                actor=user,
                form_version=version,
                raw=raw,
                today=timezone.localdate(),
            )
        except services.MinorRespondent:
            return render(request, "interviews/minor.html", {"referral": _referral(spec)})
        except services.InterviewInvalid as invalid:
            errors = invalid.errors
        else:
            messages.success(
                request, _("Interview %(id)s is saved and sealed.") % {"id": interview.uuid.hex[:8]}
            )
            if interview.discarded:
                messages.warning(request, rendering.discarded_message(spec, interview.discarded))
            return redirect("interview_list")
    sections = rendering.entry_sections(spec, raw, errors)
    context = {
        "spec": spec,
        "title": rendering.pick(dict(spec.title), spec),
        "sections": sections,
        "error_links": rendering.error_summary(sections),
        "logic_script": rendering.logic_script(spec),
    }
    return render(request, "interviews/new.html", context, status=400 if errors else 200)


def _referral(spec: FormSpec) -> str:
    note = next((f for f in spec.fields if f.name == "minor_referral"), None)
    return rendering.pick(dict(note.labels), spec) if note else ""


@login_required
def interview_detail(request: AuthedRequest, record: str) -> HttpResponse:
    interview = selectors.interview_get(request.user, record)
    content = services.interview_read(user=request.user, interview=interview)
    spec = spec_for(interview.form_version)
    context = {
        "interview": interview,
        "client_code": content.client_code,
        "sections": rendering.answer_sections(spec, content.answers),
    }
    return render(request, "interviews/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def refusal_new(request: AuthedRequest) -> HttpResponse:
    """Recording a refusal to take part (no personal data)."""
    if not policy.may_record_refusals(request.user):
        raise PermissionDenied()
    form = refusal_form(spec_for(current_form(request.user.org_id)), request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.refusal_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The refusal is recorded. Thank you."))
        return redirect("home")
    return render(request, "interviews/refusal.html", {"form": form})
