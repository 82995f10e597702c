"""The coordinator's People pages: thin views over `kua.people.services`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kua.accounts import policy
from kua.people import selectors, services
from kua.people.forms import PersonAddForm, RoleForm
from kua.web.types import AuthedRequest


def _allowed(request: AuthedRequest) -> None:
    if not policy.may_manage_people(request.user):
        raise PermissionDenied()


@login_required
@require_http_methods(["GET", "POST"])
def people_list(request: AuthedRequest) -> HttpResponse:
    _allowed(request)
    form = PersonAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_add(
                organisation=request.user.organisation,  # type: ignore[arg-type]
                username=data["username"],
                role=data["role"],
                display_name=data["display_name"],
                actor=request.user,
            )
        except services.PeopleError as error:
            form.add_error("username", str(error))
        else:
            link = services.password_link(user=person, actor=request.user)
            return _show_link(request, person.pk, link, added=True)
    people = selectors.people_of(request.user.org_id)
    return render(request, "people/list.html", {"people": people, "form": form})


@login_required
@require_http_methods(["GET"])
def person_detail(request: AuthedRequest, user_id: int) -> HttpResponse:
    _allowed(request)
    person = selectors.person_get(request.user.org_id, user_id)
    context = {"person": person, "role_form": RoleForm(initial={"role": person.user.role})}
    return render(request, "people/person.html", context)


def _show_link(request: AuthedRequest, user_id: int, link: str, *, added: bool) -> HttpResponse:
    person = selectors.person_get(request.user.org_id, user_id)
    context = {"person": person, "link": request.build_absolute_uri(link), "added": added}
    return render(request, "people/link.html", context)


def _role(request: AuthedRequest, person: selectors.Person) -> str:
    form = RoleForm(request.POST)
    if not form.is_valid():
        raise services.PeopleError(_("Choose one of the roles."))
    services.user_role_set(user=person.user, role=form.cleaned_data["role"], actor=request.user)
    return _("%(name)s has a new role.")


def _seized(request: AuthedRequest, person: selectors.Person) -> str:
    services.phone_seized(user=person.user, actor=request.user)
    return _(
        "%(name)s is locked out: her account is disabled, her open sessions are ended and her "
        "Collect link is revoked."
    )


def _simple(change: Callable[..., Any], done: Any) -> Callable[[AuthedRequest, selectors.Person], str]:
    def run(request: AuthedRequest, person: selectors.Person) -> str:
        change(user=person.user, actor=request.user)
        return str(done)

    return run


CHANGES: dict[str, Callable[[AuthedRequest, selectors.Person], str]] = {
    "disable": _simple(services.user_disable, gettext_lazy("%(name)s can no longer log in.")),
    "enable": _simple(services.user_enable, gettext_lazy("%(name)s can log in again.")),
    "reset-2fa": _simple(
        services.user_two_factor_reset,
        gettext_lazy("%(name)s enrols her authenticator again at her next login."),
    ),
    "role": _role,
    "seized": _seized,
}


@login_required
@require_POST
def person_change(request: AuthedRequest, user_id: int, change: str) -> HttpResponse:
    _allowed(request)
    person = selectors.person_get(request.user.org_id, user_id)
    if change == "password":
        return _show_link(
            request, user_id, services.password_link(user=person.user, actor=request.user), added=False
        )
    run = CHANGES.get(change)
    if run is None:
        raise Http404()
    try:
        done = run(request, person)
    except services.PeopleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"name": person.user.display_name})
    return redirect("person", user_id=user_id)
