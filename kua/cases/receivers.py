"""Signal receivers: they only hand over to a service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kua.cases.chunks import Sealed, sealed_states
from kua.cases.ledger import ledger_forget
from kua.cases.services import cases_open_for_stored
from kua.vault.services import KeyRing, vault_for


def open_cases_on_store(sender: Any, **kwargs: Any) -> None:
    cases_open_for_stored(
        organisation=kwargs["organisation"],
        interviews=kwargs["interviews"],
        answers=kwargs["answers"],
        batch=kwargs.get("batch"),
        sealed=_from_workers(kwargs.get("chunk_results")),
        batch_key=kwargs.get("batch_key"),
    )


def _from_workers(results: Mapping[Any, list[Any]] | None) -> dict[bytes, Sealed] | None:
    """The states the import's workers sealed, over all chunks (None: they sealed none)."""
    chunks = (results or {}).get(sealed_states)
    if chunks is None:
        return None
    merged: dict[bytes, Sealed] = {}
    for states in chunks:
        merged.update(states)
    return merged


def forget_erased(sender: Any, **kwargs: Any) -> None:
    """Erased records leave the case ledger (inside the erasing transaction; needs the key)."""
    organisation_id = kwargs["organisation"].pk
    ledger_forget(organisation_id, kwargs["record_ids"], KeyRing(vault_for(organisation_id)))
