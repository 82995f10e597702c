"""Short help pages, one per role: a seized phone, a withdrawn consent, backups."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from kua.accounts import policy
from kua.accounts.roles import Role
from kua.web.types import AuthedRequest


@login_required
@require_GET
def help_index(request: AuthedRequest) -> HttpResponse:
    roles = policy.help_roles(request.user)
    if not roles:
        raise PermissionDenied
    return redirect("help_role", role=roles[0])


@login_required
@require_GET
def help_page(request: AuthedRequest, role: str) -> HttpResponse:
    roles = policy.help_roles(request.user)
    if not roles:
        raise PermissionDenied
    if role not in roles:
        raise Http404
    others = [(other, Role(other).label) for other in roles if other != role]
    return render(request, f"help/{role}.html", {"role_label": Role(role).label, "others": others})
