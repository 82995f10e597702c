"""Collect submissions keep no instanceID and no outcome in clear (issue 20, item 3).

The instanceID becomes a keyed hash under a key derived from SECRET_KEY; the manifest (which
names the instanceID), the outcome (stored, failed, referred), its reason and detail are sealed
under a fresh data key sealed to the organisation's public key (no unseal needed). A referral
becomes "failed" in clear, and what a failed or referred submission left is deleted."""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

MANIFEST_PART = "xml_submission_file"


def _data_key(apps: Any, organisation_id: int, cache: dict[int, tuple[int, bytes]]) -> tuple[int, bytes]:
    from kua.vault import crypto

    if organisation_id not in cache:
        vault = apps.get_model("vault", "Vault").objects.get(organisation_id=organisation_id)
        public, epoch = vault.public_key, vault.epoch
        if vault.next_public_key is not None:
            public, epoch = vault.next_public_key, epoch + 1
        key = crypto.new_data_key()
        row = apps.get_model("vault", "DataKey").objects.create(
            vault=vault, sealed=crypto.seal_data_key(bytes(public), key), epoch=epoch
        )
        cache[organisation_id] = (row.pk, key)
    return cache[organisation_id]


def seal_submissions(apps: Any, schema_editor: Any) -> None:
    from kua.odk.models import submission_associated_data
    from kua.odk.sealing import Sealed, instance_ref, seal_bytes

    submission_model = apps.get_model("odk", "OdkSubmission")
    part_model = apps.get_model("odk", "OdkPart")
    keys: dict[int, tuple[int, bytes]] = {}
    for row in submission_model.objects.filter(data_key__isnull=True).iterator():
        manifest = part_model.objects.filter(submission=row, name=MANIFEST_PART).first()
        key_id, key = _data_key(apps, row.organisation_id, keys)
        row.instance_ref = instance_ref(row.organisation_id, row.instance_ref)
        outcome = Sealed(bytes(manifest.data) if manifest else b"", row.status, row.reason, row.detail or {})
        row.sealed = seal_bytes(
            key, outcome, submission_associated_data("sealed", row.organisation_id, row.instance_ref)
        )
        row.data_key_id = key_id
        row.size = sum(
            len(bytes(data))
            for data in part_model.objects.filter(submission=row).values_list("data", flat=True)
        )
        if row.status in ("failed", "referred"):
            row.status = "failed"
            part_model.objects.filter(submission=row).delete()
        else:
            part_model.objects.filter(submission=row, name=MANIFEST_PART).delete()
        row.save(update_fields=["instance_ref", "sealed", "data_key", "size", "status"])


class Migration(migrations.Migration):
    dependencies = [
        ("odk", "0001_odk_keys_links_submissions"),
        ("vault", "0003_fingerprint_key"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="odksubmission", name="one_odk_instance_per_org"),
        migrations.RenameField(model_name="odksubmission", old_name="instance_id", new_name="instance_ref"),
        migrations.AddField(
            model_name="odksubmission",
            name="data_key",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="vault.datakey"
            ),
        ),
        migrations.AddField(model_name="odksubmission", name="sealed", field=models.BinaryField(default=b"")),
        migrations.AddField(
            model_name="odksubmission", name="size", field=models.PositiveBigIntegerField(default=0)
        ),
        migrations.RunPython(seal_submissions, migrations.RunPython.noop),
        migrations.RemoveField(model_name="odksubmission", name="reason"),
        migrations.RemoveField(model_name="odksubmission", name="detail"),
        migrations.AlterField(
            model_name="odksubmission",
            name="status",
            field=models.CharField(
                choices=[("pending", "waiting for unseal"), ("stored", "stored"), ("failed", "not stored")],
                default="pending",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="odksubmission",
            constraint=models.UniqueConstraint(
                fields=("organisation", "instance_ref"), name="one_odk_instance_per_org"
            ),
        ),
    ]
