"""The home page and error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kua.accounts import policy
from kua.vault.selectors import vault_status
from kua.web.types import AuthedRequest


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    status = vault_status(request.user)
    context = {"vault": status, "may_open_vault": policy.may_open_vault(is_keyholder=status.is_keyholder)}
    return render(request, "home.html", context)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
