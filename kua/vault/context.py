"""`vault_open` for every page: the header offers «Seal now» only while the vault is open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kua.vault.models import Vault
from kua.vault.selectors import is_unsealed


def vault_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    organisation_id = getattr(user, "organisation_id", None)
    if user is None or not user.is_authenticated or organisation_id is None:
        return {}
    vault = Vault.objects.filter(organisation_id=organisation_id).first()
    return {"vault_open": vault is not None and is_unsealed(vault)}
