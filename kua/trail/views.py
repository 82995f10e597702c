"""The coordinator's audit page: who did what, when. Thin: policy, form, selector, service."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kua.accounts import policy
from kua.audit.selectors import AuditFilters
from kua.trail.forms import TrailFilterForm
from kua.trail.selectors import organisation_people, trail_page
from kua.trail.services import audit_listed
from kua.web.types import AuthedRequest


@login_required
@require_GET
def audit_list(request: AuthedRequest) -> HttpResponse:
    if not policy.may_read_audit_log(request.user):
        raise PermissionDenied
    form = TrailFilterForm(request.GET or None, people=organisation_people(request.user.org_id))
    if form.is_bound and not form.is_valid():
        return render(request, "trail/list.html", {"form": form}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    filters = AuditFilters(
        actor_id=data.get("person"),
        action=data.get("action") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    shown = trail_page(user=request.user, filters=filters, page_number=request.GET.get("page"))
    audit_listed(actor=request.user, shown=len(shown.rows), notes_opened=shown.notes_opened)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "trail": shown, "page": shown.page, "query": query.urlencode()}
    return render(request, "trail/list.html", context)
