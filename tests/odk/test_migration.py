"""Migration odk.0002 on rows an older version stored: the instanceID hashed, the manifest and
the outcome sealed, a referral made a failure in clear, what a failure left deleted."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kua.accounts.models import User
from kua.odk.models import OdkPart, OdkSubmission
from kua.odk.sealing import instance_ref, open_sealed, submission_key
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, valid_answers
from tests.odk.collect import Collect

OLD = [("odk", "0001_odk_keys_links_submissions")]
NEW = [("odk", "0002_submission_instance_ref_and_sealed_outcome")]


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_older_rows_are_hashed_sealed_and_cleaned(alice: User, bob: User, bob_phone: Collect) -> None:
    sent = {status: bob_phone.submission(valid_answers()) for status in ("pending", "referred")}
    old = _migrate(OLD)
    try:
        submission_model, part_model = old.get_model("odk", "OdkSubmission"), old.get_model("odk", "OdkPart")
        for status, submission in sent.items():
            row = submission_model.objects.create(
                organisation_id=alice.org_id, user_id=bob.pk, instance_id=submission.instance_id,
                form_id="violation_registration", digest="0" * 64, status=status,
                reason="minor" if status == "referred" else "",
            )  # fmt: skip
            part_model.objects.create(submission=row, name="xml_submission_file", data=submission.manifest)
            for name, data in submission.parts.items():
                part_model.objects.create(submission=row, name=name, data=data)
    finally:
        _migrate(NEW)
    vault_unseal(vault=Vault.objects.get(organisation_id=alice.org_id), user=alice, passphrase=PASSPHRASE)
    # Unsealing processed the pending one: it opened its sealed manifest and became an interview.
    refs = {status: instance_ref(alice.org_id, s.instance_id) for status, s in sent.items()}
    pending = OdkSubmission.objects.get(instance_ref=refs["pending"])
    assert pending.status == "stored" and pending.interview is not None
    referred = OdkSubmission.objects.get(
        instance_ref=instance_ref(alice.org_id, sent["referred"].instance_id)
    )
    outcome = open_sealed(referred, submission_key(vault_for(alice.org_id), referred))
    assert (referred.status, outcome.status, outcome.reason) == ("failed", "referred", "minor")
    assert not OdkPart.objects.filter(submission=referred).exists()
    assert not OdkPart.objects.filter(name="xml_submission_file").exists()
