"""The referral directory: the coordinator manages it; lawyers and documenters read it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kua.accounts import policy
from kua.cases import selectors, services
from kua.cases.forms import ReferralServiceForm
from kua.cases.models import ReferralService
from kua.web.types import AuthedRequest


@login_required
def directory_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not policy.may_see_referral_directory(user):
        raise PermissionDenied()
    context = {
        "services": selectors.referral_services(user.org_id),
        "may_manage": policy.may_manage_referral_directory(user),
    }
    return render(request, "cases/directory.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def directory_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    if not policy.may_manage_referral_directory(user):
        raise PermissionDenied()
    instance = selectors.referral_service_get(user, pk) if pk is not None else ReferralService()
    form = ReferralServiceForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.referral_service_save(actor=user, service=form.save(commit=False))
        messages.success(request, _("The directory is updated."))
        return redirect("referral_directory")
    status = 400 if form.is_bound else 200
    return render(request, "cases/directory_edit.html", {"form": form, "service": instance}, status=status)
