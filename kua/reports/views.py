"""Dashboard, report downloads, and the coordinator's report texts: thin views."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics.filters import Filters
from kua.audit.actions import AuditAction
from kua.forms.services import current_form, spec_for
from kua.reports import choices
from kua.reports.assemble import INTERNAL
from kua.reports.forms import DownloadForm, FilterForm, RecommendationFormSet, TextsForm
from kua.reports.render import report_file, report_read
from kua.reports.renderers.html import render_html
from kua.reports.services import report_content, report_content_save
from kua.web.formtools import set_choices
from kua.web.types import AuthedRequest

DASHBOARD_SECTIONS = ("summary", "police", "medical", "crosstabs", "responses")


def _reader(request: AuthedRequest) -> User:
    user: User = request.user
    if not policy.may_report(user):
        raise PermissionDenied()
    return user


def _language() -> str:
    return (get_language() or "ru").split("-")[0]


def _filter_form(request: AuthedRequest, user: User) -> FilterForm:
    form = FilterForm(request.GET or None)
    spec = spec_for(current_form(user.org_id))
    set_choices(form, "district", [("", "—"), *choices.districts(spec, _language())])
    people = policy.people_who_enter(user.org_id)
    set_choices(form, "documenter", [("", "—")] + [(u.pk, u.get_full_name() or u.username) for u in people])
    return form


def _filters(form: FilterForm) -> Filters:
    if not form.is_bound or not form.is_valid():
        return Filters()
    data = form.cleaned_data
    return Filters(data["date_from"], data["date_to"], data["district"] or "", data["documenter"])


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    user: User = request.user
    if not policy.may_read_counts(user):
        raise PermissionDenied()
    form = _filter_form(request, user)
    data = report_read(
        actor=user,
        reading=AuditAction.DASHBOARD_READ,
        language=_language(),
        edition=INTERNAL,
        filters=_filters(form),
    )
    shown = replace(data, sections=tuple(s for s in data.sections if s.key in DASHBOARD_SECTIONS))
    return render(
        request, "reports/dashboard.html", {"form": form, "report": render_html(shown, standalone=False)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request: AuthedRequest) -> HttpResponse:
    user = _reader(request)
    form = DownloadForm(request.POST or None, initial={"language": _language(), "edition": "public"})
    if request.method == "POST" and form.is_valid():
        made = report_file(
            actor=user,
            language=form.cleaned_data["language"],
            edition=form.cleaned_data["edition"],
            fmt=form.cleaned_data["format"],
        )
        response = HttpResponse(made.content, content_type=made.content_type)
        response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        return response
    return render(request, "reports/report.html", {"form": form})


@login_required
def report_preview(request: AuthedRequest) -> HttpResponse:
    user = _reader(request)
    edition = "internal" if request.GET.get("edition") == "internal" else "public"
    data = report_read(actor=user, reading=AuditAction.REPORT_PREVIEW, language=_language(), edition=edition)
    return render(request, "reports/preview.html", {"report": render_html(data, standalone=False)})


def _recommendation_initial(content: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(item) for item in content.get("recommendations", [])]


@login_required
@require_http_methods(["GET", "POST"])
def report_texts(request: AuthedRequest, language: str) -> HttpResponse:
    user: User = request.user
    if not policy.may_edit_report_texts(user):
        raise PermissionDenied()
    if language not in ("ru", "kk", "en"):
        raise Http404()
    content, version = report_content(user.org_id, language)
    texts = TextsForm(request.POST or None, initial=content, prefix="t")
    recs = RecommendationFormSet(request.POST or None, initial=_recommendation_initial(content), prefix="r")
    spec = spec_for(current_form(user.org_id))
    choices.fill_recommendation_forms(recs, spec, language)
    if request.method == "POST" and texts.is_valid() and recs.is_valid():
        saved = {**texts.cleaned_data, "recommendations": choices.recommendations_of(recs)}
        report_content_save(actor=user, language=language, content=saved)
        messages.success(request, _("Saved as a new version."))
        return redirect("report_texts", language=language)
    context = {"texts": texts, "recs": recs, "language": language, "version": version}
    return render(request, "reports/texts.html", context)
