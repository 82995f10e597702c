"""One analytic view per organisation, built on unseal, kept current, dropped on seal."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from kua.analytics.snapshot import snapshot_drop, snapshot_load, snapshot_save
from kua.analytics.view import AnalyticView, Row, build_view
from kua.forms.services import current_form, spec_for
from kua.interviews.models import Interview
from kua.interviews.selectors import opened_interviews
from kua.interviews.signals import interviews_erased
from kua.vault import hooks
from kua.vault.services import private_key, vault_for

_lock = threading.Lock()
_views: dict[int, AnalyticView] = {}  # by organisation id
_vault_of: dict[int, int] = {}  # organisation id → vault id, to drop views with keys
_building: dict[int, threading.Event] = {}


def rows_of(organisation_id: int, *, after: int = 0) -> Iterator[Row]:
    """Interviews of the organisation with an id above `after`, decrypted (needs unsealed)."""
    for opened in opened_interviews(organisation_id, after=after):
        yield Row(opened.documenter_id, opened.content.answers, opened.content.client_code, opened.id)


# Past this many new interviews, rebuilding is cheaper than appending to a snapshot row by row.
APPEND_LIMIT = 5000


def build(organisation_id: int) -> AnalyticView:
    """From the encrypted snapshot plus newer interviews, or from every interview."""
    vault = vault_for(organisation_id)
    private_key(vault)  # refuse early, and clearly, when sealed
    version = current_form(organisation_id)
    view = snapshot_load(vault, version.sha256)
    if view is not None:
        newer = Interview.objects.filter(organisation_id=organisation_id, id__gt=view.max_id).count()
        if newer <= APPEND_LIMIT:
            for row in rows_of(organisation_id, after=view.max_id):
                view.append(row)
            if newer:
                snapshot_save(vault, view, version.sha256)
            return view
    view = build_view(spec_for(version), rows_of(organisation_id))
    snapshot_save(vault, view, version.sha256)
    return view


def view_for(organisation_id: int) -> AnalyticView:
    """The organisation's view; built now if it is not in memory (raises VaultSealed)."""
    private_key(vault_for(organisation_id))
    with _lock:
        view = _views.get(organisation_id)
        event = _building.get(organisation_id)
    if view is not None:
        return view
    if event is not None:
        event.wait()
        with _lock:
            if organisation_id in _views:
                return _views[organisation_id]
    view = build(organisation_id)
    _keep(organisation_id, view)
    return view


def _keep(organisation_id: int, view: AnalyticView) -> None:
    with _lock:
        _views[organisation_id] = view
        _vault_of[organisation_id] = vault_for(organisation_id).pk


def drop(organisation_id: int) -> None:
    with _lock:
        _views.pop(organisation_id, None)


def add_row(organisation_id: int, row: Row) -> None:
    with _lock:
        view = _views.get(organisation_id)
        if view is not None:
            view.append(row)


def invalidate(organisation_id: int) -> None:
    """After a batch write: rebuilt at the next use (cheaper than appending row by row)."""
    drop(organisation_id)


def _build_in_background(vault: object) -> None:
    from django.conf import settings

    if not settings.ANALYTICS_BUILD_ON_UNSEAL:
        return
    organisation_id = vault.organisation_id  # type: ignore[attr-defined]
    event = threading.Event()
    with _lock:
        if organisation_id in _views or organisation_id in _building:
            return
        _building[organisation_id] = event

    def work() -> None:
        try:
            _keep(organisation_id, build(organisation_id))
        except Exception:  # the next request builds it and reports the error itself
            import logging

            logging.getLogger("kua.analytics").warning("background build failed")
        finally:
            with _lock:
                _building.pop(organisation_id, None)
            event.set()

    threading.Thread(target=work, name="kua-analytics-build", daemon=True).start()


def _drop_with_key(vault_id: int) -> None:
    """No decrypted answers stay in memory once the key is gone (seal, idle, restart)."""
    with _lock:
        for organisation_id in [o for o, v in _vault_of.items() if v == vault_id]:
            _views.pop(organisation_id, None)
            _vault_of.pop(organisation_id, None)


def _forget_erased(sender: object, organisation: Any, **kwargs: Any) -> None:
    """Erased interviews leave the snapshot now and the view at commit (rebuilt from rows)."""
    snapshot_drop(organisation.pk)
    drop(organisation.pk)  # now, and again at commit (a build may have read the rows meanwhile)
    transaction.on_commit(lambda: drop(organisation.pk))


def connect() -> None:
    hooks.on_unsealed(_build_in_background)
    hooks.on_key_dropped(_drop_with_key)
    interviews_erased.connect(_forget_erased, dispatch_uid="analytics-forget-erased")
