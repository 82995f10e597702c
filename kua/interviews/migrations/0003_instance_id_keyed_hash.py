"""Replace the clear instance ids of imported records by their keyed hash."""

from typing import Any

from django.db import migrations

from kua.vault.crypto import INSTANCE_KEY_PREFIX, instance_key_of


def hash_instance_ids(apps: Any, schema_editor: Any) -> None:
    Interview = apps.get_model("interviews", "Interview")
    Vault = apps.get_model("vault", "Vault")
    keys = {v.organisation_id: bytes(v.linkage_key) for v in Vault.objects.all()}
    clear = Interview.objects.exclude(instance_id="").exclude(instance_id__startswith=INSTANCE_KEY_PREFIX)
    for pk, organisation_id, instance_id in clear.values_list("pk", "organisation_id", "instance_id"):
        stored = instance_key_of(keys[organisation_id], instance_id)
        Interview.objects.filter(pk=pk).update(instance_id=stored)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0002_refusal"), ("vault", "0001_initial")]

    operations = [migrations.RunPython(hash_instance_ids, migrations.RunPython.noop)]
