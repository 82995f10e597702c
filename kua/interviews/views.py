"""Web entry, list and detail of interviews: thin views over services and selectors."""

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
from kua.accounts.models import User
from kua.forms.services import current_form, spec_for
from kua.forms.spec import FormSpec
from kua.interviews import listing, rendering, selectors, services
from kua.interviews.forms import InterviewFilterForm
from kua.vault.selectors import vault_status
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
def interview_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not policy.may_list_interviews(user):
        raise PermissionDenied()
    context: dict[str, Any] = {
        "sees_all": policy.sees_all_interviews(user),
        "by_consent": policy.reading_needs_consent(user),
    }
    if not vault_status(user).unsealed:
        # Where consent decides (the lawyer) this needs the key: the sealed page.
        sealed_page = selectors.interview_page(user, request.GET.get("page"), listing.PER_PAGE)
        return render(request, "interviews/list.html", {**context, "page": sealed_page, "sealed": True})
    spec = spec_for(current_form(user.org_id))
    form = _filter_form(user, spec, request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(filter_form=form, query=query.urlencode())
    if form.is_bound and not form.is_valid():  # refused with a message, not shown as "nothing found"
        return render(request, "interviews/list.html", context, status=400)
    page, rows = listing.interviews_listed(
        user=user, spec=spec, filters=_filters(form), page_number=request.GET.get("page")
    )
    context.update(page=page, rows=rows)
    return render(request, "interviews/list.html", context)


def _filter_form(user: User, spec: FormSpec, data: QueryDict) -> InterviewFilterForm:
    documenters = None
    if policy.may_filter_by_documenter(user):
        documenters = User.objects.filter(organisation_id=user.org_id, interview__isnull=False).distinct()
    return InterviewFilterForm(
        data or None,
        districts=listing.district_choices(spec),
        violations=listing.violation_choices(spec),
        documenters=documenters,
    )


def _filters(form: InterviewFilterForm) -> listing.ListFilters:
    if not form.is_bound:
        return listing.ListFilters()
    data = form.cleaned_data
    documenter = data.get("documenter")
    return listing.ListFilters(
        q=data["q"],
        date_from=data["date_from"],
        date_to=data["date_to"],
        district=data["district"],
        violation=data["violation"],
        documenter_id=documenter.pk if documenter else None,
    )


@login_required
def interview_detail(request: AuthedRequest, record: str) -> HttpResponse:
    interview = selectors.interview_get(request.user, record)
    content = selectors.interview_read(user=request.user, interview=interview)
    spec = spec_for(interview.form_version)
    context = {
        "interview": interview,
        "client_code": content.client_code,
        "sections": rendering.answer_sections(spec, content.answers),
    }
    return render(request, "interviews/detail.html", context)
