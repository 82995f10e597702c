"""Intake steps and signal receivers: they only hand over to a service."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import connection

from kua.cases.chunks import Sealed
from kua.cases.ledger import ledger_forget, ledger_maintain
from kua.cases.services import cases_open_for_stored
from kua.interviews.intake import Erased, Stored
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing

log = logging.getLogger("kua.cases")


def open_cases_on_store(event: Stored) -> None:
    """Intake step "cases": every stored interview's case row, in the storing transaction."""
    cases_open_for_stored(
        organisation=event.organisation,
        interviews=event.interviews,
        answers=event.answers,
        batch=event.batch,
        sealed=_from_workers(event.chunk_results),
        batch_key=event.batch_key,
    )


def _from_workers(results: Mapping[str, list[Any]] | None) -> dict[bytes, Sealed] | None:
    """The states the import's workers sealed, over all chunks (None: they sealed none)."""
    chunks = (results or {}).get("cases")
    if chunks is None:
        return None
    merged: dict[bytes, Sealed] = {}
    for states in chunks:
        merged.update(states)
    return merged


def forget_erased(event: Erased) -> None:
    """Erased records leave the case ledger (inside the erasing transaction; needs the key)."""
    organisation_id = event.organisation.pk
    ledger_forget(organisation_id, event.record_ids, KeyRing(vault_for(organisation_id)))


def maintain_on_unseal(sender: object, *, vault: Vault, **kwargs: object) -> None:
    """A web unseal brings the case ledger up to date (in the background, like the analytic
    view); the command line's unseal is for reading and writes nothing (`kua maintain` does)."""
    if not settings.ANALYTICS_BUILD_ON_UNSEAL:
        return
    organisation_id = vault.organisation_id

    def work() -> None:
        try:
            ledger_maintain(organisation_id, KeyRing(vault_for(organisation_id)))
        except Exception:  # the next write path or `kua maintain` tries again
            log.warning("the case ledger was not brought up to date at unseal")
        finally:
            connection.close()

    threading.Thread(target=work, name="kua-cases-maintain", daemon=True).start()
