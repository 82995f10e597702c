"""The releases on the web: the ledger, publishing (with a preview), the budget, and the
report from a release. Thin: the policy, a form, one service or selector."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kua.accounts import policy
from kua.accounts.models import User
from kua.releases.fileformat import InvalidRelease
from kua.releases.forms import BudgetForm, ReleaseForm, ReleaseReportForm
from kua.releases.preview import release_preview
from kua.releases.report import report_from_release
from kua.releases.scope import UnknownRegion, UnknownStudy
from kua.releases.selectors import budgets, ledger_entries, signing_fingerprints
from kua.releases.services import BudgetExceeded, budget_set, release_create
from kua.web.types import AuthedRequest


def _coordinator(request: AuthedRequest) -> User:
    user: User = request.user
    if not policy.may_publish_release(user):
        raise PermissionDenied()
    return user


@login_required
def release_ledger(request: AuthedRequest) -> HttpResponse:
    user = _coordinator(request)
    context = {"entries": ledger_entries(user), "budgets": budgets(user), "keys": signing_fingerprints(user)}
    return render(request, "releases/ledger.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def release_new(request: AuthedRequest) -> HttpResponse:
    user = _coordinator(request)
    form = ReleaseForm(request.POST if request.method == "POST" else None)
    context: dict[str, object] = {"form": form, "preview": None}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "publish":
                delivered: list[bytes] = []
                made = release_create(actor=user, method=data["method"], epsilon=data["epsilon"],
                                      scope=form.scope(), deliver=delivered.append, via="web")  # fmt: skip
                response = HttpResponse(delivered[0], content_type="application/json; charset=utf-8")
                name = f"kua-release-{made.document['release_id'][:8]}.json"
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
            context["preview"] = release_preview(
                actor=user, method=data["method"], epsilon=data["epsilon"], scope=form.scope()
            )
        except UnknownStudy:
            form.add_error("study", _("There is no such study."))
        except UnknownRegion:
            form.add_error("region", _("There is no such region."))
        except BudgetExceeded as error:
            form.add_error(
                "epsilon",
                _("This release would exceed the privacy budget (ε left: %(left)s). Nothing was made.")
                % {"left": f"{error.left:.6g}"},
            )
    return render(request, "releases/new.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def release_budget(request: AuthedRequest) -> HttpResponse:
    user: User = request.user
    if not policy.may_set_budget(user):
        raise PermissionDenied()
    form = BudgetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget_set(actor=user, epsilon=data["epsilon"], study_id=data["study"], via="web")
        except UnknownStudy:
            form.add_error("study", _("There is no such study."))
        else:
            messages.success(request, _("The privacy budget is set."))
            return redirect("release_budget")
    context = {"form": form, "budgets": budgets(user)}
    return render(request, "releases/budget.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def release_report(request: AuthedRequest) -> HttpResponse:
    user: User = request.user
    if not policy.may_report_from_release(user):
        raise PermissionDenied()
    initial = {"language": (get_language() or "ru").split("-")[0], "format": "pdf"}
    posted = request.method == "POST"
    form = ReleaseReportForm(
        request.POST if posted else None, request.FILES if posted else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = report_from_release(
                actor=user, raw=data["release"], language=data["language"], fmt=data["format"]
            )
        except InvalidRelease as error:
            form.add_error("release", _("Not a valid release: %(reason)s") % {"reason": str(error)})
        else:
            response = HttpResponse(made.content, content_type=made.content_type)
            response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
            return response
    return render(request, "releases/report.html", {"form": form}, status=400 if form.errors else 200)
