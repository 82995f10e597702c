"""The study's pages: progress for readers, set-up for the coordinator. Thin views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kua.accounts import policy
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.spec import FormSpec
from kua.studies import selectors
from kua.studies.forms import SiteForm, StudyForm
from kua.studies.labels import DISTRICT_FIELD, VENUE_FIELD, districts_by_region, field_choices
from kua.studies.models import Study
from kua.studies.services import study_save, study_site_add, study_site_remove
from kua.web.formtools import set_choices
from kua.web.types import AuthedRequest


def _language() -> str:
    return (get_language() or "ru").split("-")[0]


def _spec(request: AuthedRequest) -> FormSpec:
    return spec_for(current_form(request.user.org_id))


@login_required
def study_progress(request: AuthedRequest) -> HttpResponse:
    study = selectors.study_for_progress(request.user)
    progress = selectors.study_progress(study, _spec(request), _language()) if study else None
    context = {"study": study, "progress": progress, "can_manage": policy.may_manage_study(request.user)}
    return render(request, "studies/progress.html", context)


def _study_form(request: AuthedRequest, study: Study | None, spec: FormSpec, *, bound: bool) -> StudyForm:
    people = selectors.study_documenters(request.user.org_id)
    initial: dict[str, object] = {}
    if study is not None:
        initial = {"name": study.name, "starts_on": study.starts_on, "ends_on": study.ends_on}
        initial["districts"] = list(study.districts)
        initial |= {f"target_{t.documenter_id}": t.target for t in study.targets.all()}
    form = StudyForm(request.POST if bound else None, initial=initial, people=people)
    set_choices(form, "districts", districts_by_region(spec, _language()))
    return form


def _site_form(request: AuthedRequest, study: Study | None, spec: FormSpec, *, bound: bool) -> SiteForm:
    taken = {s.label.casefold() for s in study.sites.all()} if study else set()
    form = SiteForm(request.POST if bound else None, taken=taken, prefix="site")
    districts = dict(field_choices(spec, DISTRICT_FIELD, _language()))
    set_choices(form, "venue", field_choices(spec, VENUE_FIELD, _language()))
    set_choices(form, "district", [(c, districts.get(c, c)) for c in (study.districts if study else [])])
    return form


def _edit_page(
    request: AuthedRequest, study: Study | None, form: StudyForm, site_form: SiteForm
) -> HttpResponse:
    spec = _spec(request)
    districts = dict(field_choices(spec, DISTRICT_FIELD, _language()))
    venues = dict(field_choices(spec, VENUE_FIELD, _language()))
    sites = [
        (s, venues.get(s.venue, s.venue), districts.get(s.district, s.district))
        for s in (study.sites.all() if study else [])
    ]
    context = {
        "study": study,
        "form": form,
        "site_form": site_form,
        "sites": sites,
        "studies": selectors.studies_for_manager(request.user),
        "chosen": str(study.pk) if study else "new",
    }
    status = 400 if form.errors or site_form.errors else 200
    return render(request, "studies/edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def study_edit(request: AuthedRequest) -> HttpResponse:
    chosen = request.GET.get("study")
    study = selectors.study_for_manager(request.user, chosen)
    spec = _spec(request)
    form = _study_form(request, study, spec, bound=request.method == "POST")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = study_save(
            actor=request.user,
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            districts=data["districts"],
            targets=form.targets(),
            study=study,
            new=chosen == "new",
        )
        messages.success(request, _("The study is saved."))
        return _to_study(saved)
    return _edit_page(request, study, form, _site_form(request, study, spec, bound=False))


@login_required
@require_POST
def site_add(request: AuthedRequest) -> HttpResponse:
    study = selectors.study_for_manager(request.user, request.GET.get("study"))
    if study is None:
        messages.error(request, _("Save the study's period and districts first."))
        return redirect("study_edit")
    spec = _spec(request)
    form = _site_form(request, study, spec, bound=True)
    if form.is_valid():
        study_site_add(actor=request.user, study=study, **form.cleaned_data)
        messages.success(request, _("The site is added."))
        return _to_study(study)
    return _edit_page(request, study, _study_form(request, study, spec, bound=False), form)


@login_required
@require_POST
def site_remove(request: AuthedRequest, site_id: int) -> HttpResponse:
    site = selectors.site_for_manager(request.user, site_id)
    study = site.study
    study_site_remove(actor=request.user, site=site)
    messages.success(request, _("The site is removed."))
    return _to_study(study)


def _to_study(study: Study) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse('study_edit')}?study={study.pk}")
