"""Dashboard, report downloads, and the coordinator's report texts: thin views."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kua.accounts import policy
from kua.accounts.models import User
from kua.analytics.filters import Filters
from kua.audit.actions import AuditAction
from kua.documents.renderers.html import render_html
from kua.languages import LANGUAGE_NAMES, LANGUAGES
from kua.questionnaires.selectors import current_form, spec_for
from kua.reports.content.assemble import INTERNAL
from kua.reports.content.dashboard import dashboard_builder
from kua.reports.content.gaps import report_gaps
from kua.reports.render import report_file, report_read
from kua.reports.selectors import report_content
from kua.reports.services import report_content_save
from kua.reports.web import choices
from kua.reports.web.forms import DownloadForm, FilterForm, RecommendationFormSet, TextsForm
from kua.studies.labels import REGION_FIELD, district_regions, districts_by_region, field_choices
from kua.studies.scope import ScopeError, resolve_filters, study_choices
from kua.studies.selectors import study_of, study_progress
from kua.web.formtools import set_choices
from kua.web.types import AuthedRequest


def _reader(request: AuthedRequest) -> User:
    user: User = request.user
    if not policy.may_report(user):
        raise PermissionDenied()
    return user


def _language() -> str:
    return (get_language() or "ru").split("-")[0]


def _filter_form(request: AuthedRequest, user: User) -> FilterForm:
    spec = spec_for(current_form(user.org_id))
    form = FilterForm(request.GET or None, district_regions=district_regions(spec))
    _place_choices(form, spec)
    people = policy.people_who_enter(user.org_id)
    set_choices(form, "documenter", [("", "—")] + [(u.pk, u.display_name) for u in people])
    set_choices(form, "study", study_choices(user.org_id, _language()))
    return form


def _place_choices(form: DownloadForm | FilterForm, spec: Any) -> None:
    """Region and district, in her language: the report's scope as on the dashboard."""
    set_choices(form, "region", [("", "—"), *field_choices(spec, REGION_FIELD, _language())])
    set_choices(form, "district", [("", "—"), *districts_by_region(spec, _language())])


def _filters(form: FilterForm, user: User) -> Filters | None:
    """The filters asked for; None when they are not valid (the form then says why)."""
    if not form.is_bound:
        return Filters()
    if not form.is_valid():
        return None
    data = form.cleaned_data
    scope = _scope(form, user, data)
    return None if scope is None else replace(scope, documenter_id=data["documenter"])


def _scope(form: DownloadForm | FilterForm, user: User, data: dict[str, Any]) -> Filters | None:
    """The scope of the cleaned form through the one resolver; None with the form's error."""
    try:
        return resolve_filters(
            user.org_id,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            study_id=data.get("study"),
            region=data.get("region") or "",
            district=data.get("district") or "",
        )
    except ScopeError as error:
        form.add_error(None, str(error))
        return None


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    user: User = request.user
    if not policy.may_read_counts(user):
        raise PermissionDenied()
    form = _filter_form(request, user)
    filters = _filters(form, user)
    context: dict[str, Any] = {"form": form, "report": "", "progress": None, "followups": None}
    if filters is not None:
        data = report_read(
            actor=user,
            reading=AuditAction.DASHBOARD_READ,
            language=_language(),
            edition=INTERNAL,
            filters=filters,
            builder=dashboard_builder(filters.date_to or timezone.localdate(), filters.date_from),
        )
        context["report"] = render_html(data, standalone=False)
    study = study_of(user.org_id) if policy.may_see_study_progress(user) else None
    if study is not None:
        context["study"] = study
        context["progress"] = study_progress(study, spec_for(current_form(user.org_id)), _language())
    return render(request, "reports/dashboard.html", context, status=200 if filters is not None else 400)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: AuthedRequest) -> HttpResponse:
    user = _reader(request)
    gaps = report_gaps(user.org_id, spec_for(current_form(user.org_id)).default_language)
    initial = {"language": _language(), "edition": "public"}
    spec = spec_for(current_form(user.org_id))
    form = DownloadForm(
        request.POST or None, initial=initial, gaps=gaps, district_regions=district_regions(spec)
    )
    set_choices(form, "study", study_choices(user.org_id, _language()))
    _place_choices(form, spec)
    scope = _scope(form, user, form.cleaned_data) if request.method == "POST" and form.is_valid() else None
    if scope is not None:
        made = report_file(
            actor=user,
            language=form.cleaned_data["language"],
            edition=form.cleaned_data["edition"],
            fmt=form.cleaned_data["format"],
            filters=scope,
        )
        response = HttpResponse(made.content, content_type=made.content_type)
        response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
        return response
    context = {
        "form": form,
        "can_choose_quotes": policy.may_choose_quotes(user),
        "gaps": [(LANGUAGE_NAMES[code], missing) for code, missing in gaps.items()],
    }
    return render(request, "reports/report.html", context, status=400 if form.errors else 200)


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
    if language not in LANGUAGE_NAMES:
        raise Http404()
    content, version = report_content(user.org_id, language)
    source = request.GET.get("from", "")
    if request.method == "GET" and source in LANGUAGE_NAMES and source != language:
        content = report_content(user.org_id, source)[0]  # a start: translate, then save
        messages.info(request, _("Started from the texts in %(language)s: translate them, then save.")
                      % {"language": LANGUAGE_NAMES[source]})  # fmt: skip
    texts = TextsForm(request.POST or None, initial=content, prefix="t")
    recs = RecommendationFormSet(request.POST or None, initial=_recommendation_initial(content), prefix="r")
    spec = spec_for(current_form(user.org_id))
    choices.fill_recommendation_forms(recs, spec, language)
    if request.method == "POST" and texts.is_valid() and recs.is_valid():
        saved = {**texts.cleaned_data, "recommendations": choices.recommendations_of(recs)}
        report_content_save(actor=user, language=language, content=saved)
        messages.success(request, _("Saved as a new version."))
        return redirect("report_texts", language=language)
    others = [(code, name) for code, name in LANGUAGES if code != language]
    context = {"texts": texts, "recs": recs, "language": language, "version": version, "others": others}
    return render(request, "reports/texts.html", context)
