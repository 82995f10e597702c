"""`kua maintain`: the projections brought up to date by hand.

The column blocks, the case ledger and the compiled form cache are projections of the sealed
records. They are refreshed on the write path and at a web unseal; a reader (`kua tables`, the
report, the dashboard) never writes them. What a sealed store left behind (small blocks, a
long ledger) is merged here, or at the next web unseal.
"""

from __future__ import annotations

import argparse

from django.db import transaction

from kua.analytics import store
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.cases.ledger import ledger_maintain
from kua.cli import EXIT_OK
from kua.cli.passphrase import unseal_from_environment
from kua.questionnaires.services import form_cache_refresh
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing


def cmd_maintain(args: argparse.Namespace) -> int:
    compiled = form_cache_refresh()
    actor = unseal_from_environment()
    organisation_id = actor.org_id
    written, merged = store.maintain(organisation_id)
    ledger = ledger_maintain(organisation_id, KeyRing(vault_for(organisation_id)))
    with transaction.atomic():
        audit_record(
            AuditAction.MAINTAIN,
            actor=actor,
            organisation_id=organisation_id,
            forms_compiled=compiled,
            blocks_written=written,
            blocks_merged=merged,
            ledger=ledger or "current",
        )
    print(
        f"forms compiled: {compiled}; blocks written: {written}; small blocks merged: {merged}; "
        f"case ledger: {ledger or 'current'}"
    )
    return EXIT_OK
