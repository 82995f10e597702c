"""Erasing a respondent's interviews, and what depended on them, in one transaction.

The payload rows go, their data keys when nothing else uses them, and (through the intake
pipeline's `Erased` event, in the same transaction) every derived copy: the encrypted analytic
snapshot, column blocks, cases (ON DELETE CASCADE), pending submissions. The ids are kept
sealed for the erasure list (`kua.interviews.erasure_list`). The audit row says that an erasure
happened, by whom and how many records: no content, no record id (the id would tie the erasure
to the row that recorded the interview's creation).
"""

from __future__ import annotations

import uuid

from django.db import DatabaseError, connection, transaction

from kua.accounts.models import Organisation, User
from kua.audit.actions import AuditAction
from kua.audit.services import audit_record
from kua.dbwrite import writer_turn
from kua.interviews import intake
from kua.interviews.erasure import NothingToErase
from kua.interviews.models import ErasedRecords, Interview
from kua.vault import crypto
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import data_keys_drop_unused, new_data_key


def interviews_erase(*, actor: User, interviews: list[Interview], via: str = "web") -> int:
    """Erase these interviews of the actor's organisation at once; returns how many."""
    organisation = Organisation.objects.get(pk=actor.org_id)
    ids = [int(i.pk) for i in interviews if i.organisation_id == organisation.pk]
    with writer_turn(), transaction.atomic():
        rows = list(Interview.objects.filter(pk__in=ids).values_list("pk", "uuid", "data_key_id"))
        if not rows:
            raise NothingToErase()
        intake.erased(
            intake.Erased(
                organisation=organisation,
                interview_ids=[pk for pk, _u, _k in rows],
                record_ids=[record for _p, record, _k in rows],
            )
        )
        Interview.objects.filter(pk__in=[pk for pk, _u, _k in rows]).delete()
        data_keys_drop_unused({key for _p, _u, key in rows})
        erasure_note(vault_for(organisation.pk), [record for _p, record, _k in rows])
        audit_record(
            AuditAction.INTERVIEW_ERASE,
            actor=actor,
            organisation_id=organisation.pk,
            via=via,
            records=len(rows),
        )
    _flush_freed_pages()
    return len(rows)


def _flush_freed_pages() -> None:
    """SQLite zeroes deleted content (secure_delete); the checkpoint moves it out of the WAL."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except DatabaseError:  # a reader holds the WAL: the next checkpoint moves it
        pass


def erasure_note(vault: Vault, record_ids: list[uuid.UUID]) -> None:
    """Keep the ids of one erasure, sealed (inside the erasure's transaction)."""
    data_key, key = new_data_key(vault)
    row = ErasedRecords(organisation_id=vault.organisation_id, data_key=data_key)
    row.sealed = crypto.encrypt_payload(
        key, b"".join(r.bytes for r in record_ids), row.associated_data("sealed")
    )
    row.save()
