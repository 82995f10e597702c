"""Every interview gets its case row (issue 20, item 4): an interview stored before this version
that reported no violation gets a row with "no case" sealed inside, so that a copy of the
database no longer shows which interviews reported one by which have a case row.

Sealed to the organisation's public key under a fresh data key per organisation (no unseal
needed). The rows take their interview's time, as a case opened with its interview does. The
ledger is not written here: counting finds it short of the case rows and rebuilds it at the
next count (unsealed)."""

from __future__ import annotations

import json
from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery

# What kua.cases.sealing writes for "no case" (CaseState(opened="none")), version 1.
NO_CASE = {"v": 1, "status": "open", "status_on": None, "next_follow_up": None, "opened": "none"}


def _data_key(apps: Any, organisation_id: int) -> tuple[Any, bytes]:
    from kua.vault import crypto

    vault = apps.get_model("vault", "Vault").objects.get(organisation_id=organisation_id)
    public, epoch = vault.public_key, vault.epoch
    if vault.next_public_key is not None:
        public, epoch = vault.next_public_key, epoch + 1
    key = crypto.new_data_key()
    row = apps.get_model("vault", "DataKey").objects.create(
        vault=vault, sealed=crypto.seal_data_key(bytes(public), key), epoch=epoch
    )
    return row, key


def add_rows(apps: Any, schema_editor: Any) -> None:
    from kua.vault import crypto

    case_model = apps.get_model("cases", "Case")
    interview_model = apps.get_model("interviews", "Interview")
    missing = interview_model._base_manager.filter(case__isnull=True).order_by("organisation_id", "pk")
    plain = json.dumps(NO_CASE, ensure_ascii=False, separators=(",", ":")).encode()
    keys: dict[int, tuple[Any, bytes]] = {}
    batch = []
    for pk, organisation_id, record in missing.values_list("pk", "organisation_id", "uuid"):
        if organisation_id not in keys:
            keys[organisation_id] = _data_key(apps, organisation_id)
        key_row, key = keys[organisation_id]
        payload = crypto.encrypt_payload(key, plain, b"kua-case:payload:" + record.bytes)
        batch.append(
            case_model(
                organisation_id=organisation_id,
                interview_id=pk,
                record_id=record,
                data_key=key_row,
                payload=payload,
            )
        )
        if len(batch) >= 2000:
            _insert(case_model, interview_model, batch)
            batch = []
    _insert(case_model, interview_model, batch)


def _insert(case_model: Any, interview_model: Any, batch: list[Any]) -> None:
    """Insert the rows, then give them their interview's time (as a case opened with it has)."""
    created = case_model.objects.bulk_create(batch)
    interview_time = interview_model._base_manager.filter(pk=OuterRef("interview_id")).values("created_at")[
        :1
    ]
    case_model.objects.filter(interview_id__in=[row.interview_id for row in created]).update(
        created_at=Subquery(interview_time), updated_at=Subquery(interview_time)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_case_ledger"),
        ("interviews", "0006_refusal_reason_labels"),
        ("vault", "0003_fingerprint_key"),
    ]

    operations = [migrations.RunPython(add_rows, migrations.RunPython.noop)]
