"""The interview list: with answers from the analytic view when the vault is open, clear columns
only when sealed. It lives here because it reads the analytic view, which is built from interviews."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics import listing
from kua.interviews import selectors
from kua.interviews.forms import InterviewFilterForm
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.spec import FormSpec
from kua.vault.selectors import vault_status
from kua.web.types import AuthedRequest


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
        documenters = selectors.documenters_of(user)
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
