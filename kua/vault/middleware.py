"""A request that needs the key while the vault is sealed gets the sealed page (503)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kua.vault.selectors import VaultSealed, may_open_vault


class SealedVaultMiddleware:
    """The sealed page, with "Open the vault" offered to a keyholder; other errors pass on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, VaultSealed):
            return None
        user = getattr(request, "user", None)
        may_open = user is not None and may_open_vault(user)
        return render(request, "sealed.html", {"may_open_vault": may_open}, status=503)
