"""What a copy of the database shows of Collect submissions (issue 20, item 3): no instanceID in
any form, nothing that tells a referral (a minor) from another failure, no reason, no field."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import override_settings

from kua.accounts.models import User
from kua.odk.models import OdkSubmission
from kua.odk.sealing import instance_ref
from kua.vault.models import Vault
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, valid_answers
from tests.odk.collect import Collect

pytestmark = pytest.mark.django_db


def _rows(table: str, where: str = "") -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} {where}")  # noqa: S608
        return [
            " ".join(bytes(v).decode("latin-1") if isinstance(v, bytes | memoryview) else str(v) for v in row)
            for row in cursor.fetchall()
        ]


def _copy() -> str:
    """Every row of every table, as text (what someone holding a copy can read)."""
    return "\n".join(row for table in connection.introspection.table_names() for row in _rows(table))


def _forms(instance_id: str) -> list[str]:
    value = uuid.UUID(instance_id.removeprefix("uuid:"))
    return [instance_id, str(value), value.hex, str(value).upper(), value.hex[:8]]


def test_a_copy_holds_no_instance_id_and_cannot_tell_a_minor(alice: User, bob_phone: Collect) -> None:
    adult = bob_phone.submission(valid_answers(), media={"injury.jpg": b"\xff\xd8 photo"})
    minor = bob_phone.submission(valid_answers(age="16"))
    refused = bob_phone.submission(valid_answers(age="ninety"))
    for submission in (adult, minor, refused):
        assert bob_phone.send(submission) == 201
    vault_unseal(vault=Vault.objects.get(organisation_id=alice.org_id), user=alice, passphrase=PASSPHRASE)
    copy = _copy()
    for submission in (adult, minor, refused):
        assert not [form for form in _forms(submission.instance_id) if form in copy]
    odk = "\n".join([*_rows("odk_odksubmission"), *_rows("odk_odkpart")])
    odk += "\n".join(_rows("audit_auditevent", "WHERE action LIKE 'odk.%'"))
    for word in ("minor", "referred", "refer", "invalid_answers", "age", "fields"):
        assert word not in odk, word
    statuses = sorted(OdkSubmission.objects.values_list("status", flat=True))
    assert statuses == ["failed", "failed", "stored"]  # the referral looks like the failure


def test_the_instance_key_is_not_in_the_database(bob: User) -> None:
    """The keyed hash changes with SECRET_KEY: the database alone cannot test a guessed id."""
    stored = instance_ref(bob.org_id, "uuid:0d5e4d3c-0000-4000-8000-000000000000")
    with override_settings(SECRET_KEY="another-" + "k" * 50):
        assert instance_ref(bob.org_id, "uuid:0d5e4d3c-0000-4000-8000-000000000000") != stored
    assert stored.startswith("o1:") and "0d5e4d3c" not in stored


def test_a_resubmission_is_still_recognised_by_its_keyed_hash(bob_phone: Collect) -> None:
    submission = bob_phone.submission(valid_answers())
    assert bob_phone.send(submission) == 201 and bob_phone.send(submission) == 201
    stored = OdkSubmission.objects.get()
    assert stored.instance_ref == instance_ref(stored.organisation_id, submission.instance_id)
