"""Signal receivers: they only hand over to a service."""

from __future__ import annotations

from typing import Any

from kua.cases.ledger import ledger_forget
from kua.cases.services import cases_open_for_stored
from kua.vault.services import KeyRing, vault_for


def open_cases_on_store(sender: Any, **kwargs: Any) -> None:
    cases_open_for_stored(
        organisation=kwargs["organisation"],
        interviews=kwargs["interviews"],
        answers=kwargs["answers"],
        batch=kwargs.get("batch"),
    )


def forget_erased(sender: Any, **kwargs: Any) -> None:
    """Erased records leave the case ledger (inside the erasing transaction; needs the key)."""
    organisation_id = kwargs["organisation"].pk
    ledger_forget(organisation_id, kwargs["record_ids"], KeyRing(vault_for(organisation_id)))
