"""Sealed intake: Collect submissions become interviews at the next unseal, or are listed."""

from __future__ import annotations

import base64
import io
import json
import os
from contextlib import redirect_stdout

import pytest
from django.utils import timezone

from kua.accounts.models import User
from kua.analytics.store import view_for
from kua.analytics.tables import summary_tables
from kua.cli import main as kua_main
from kua.demo import generate_answers
from kua.interviews import erasure
from kua.interviews.models import Interview
from kua.interviews.services import interview_create
from kua.interviews.services.erasure import interviews_erase
from kua.odk.models import OdkPart, OdkSubmission
from kua.odk.sealing import Sealed, open_sealed, submission_key
from kua.questionnaires.selectors import current_form
from kua.vault.linkage import instance_key
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, valid_answers
from tests.odk.collect import Collect

pytestmark = pytest.mark.django_db
Status = OdkSubmission.Status


def _unseal(user: User) -> None:
    vault_unseal(vault=Vault.objects.get(organisation_id=user.org_id), user=user, passphrase=PASSPHRASE)


def _outcome(submission: OdkSubmission) -> Sealed:
    """What is sealed in the row (the vault must be unsealed)."""
    return open_sealed(submission, submission_key(vault_for(submission.organisation_id), submission))


def _kua_tables(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    monkeypatch.setenv("KUA_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("KUA_ANALYTICS_BUILD_ON_UNSEAL", "0")  # main() sets it; restored after
    out = io.StringIO()
    umask = os.umask(0o022)
    try:
        with redirect_stdout(out):
            code = kua_main(["tables", "--format", "json"])
    finally:
        os.umask(umask)
    assert code == 0
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def test_demo_interviews_sent_while_sealed_are_counted_exactly_after_unseal(
    alice: User, bob: User, bob_phone: Collect, charlie: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = timezone.localdate()
    demo = list(generate_answers(24, seed=13, today=today))
    for answers in demo:
        assert bob_phone.send(bob_phone.submission(answers)) == 201
    assert OdkSubmission.objects.filter(status=Status.PENDING).count() == 24
    assert not Interview.objects.filter(organisation=alice.organisation).exists()

    tables = _kua_tables(monkeypatch)  # unseals alice's vault: the submissions are stored first

    assert Interview.objects.filter(organisation=alice.organisation, documenter=bob).count() == 24
    assert OdkSubmission.objects.filter(status=Status.STORED).count() == 24
    assert tables["respondents"] == sum(a["consent_statistics"] == "yes" for a in demo) > 0
    # The same answers typed into the web form of another organisation give the same tables.
    version = current_form(charlie.org_id)
    for answers in demo:
        interview_create(actor=charlie, form_version=version, raw=answers, today=today)
    _unseal(charlie)
    assert summary_tables(view_for(charlie.org_id)) == {
        k: v for k, v in tables.items() if k not in ("responses", "trafficking")
    }


def test_a_submission_arriving_while_unsealed_is_stored_at_once(
    alice: User, bob: User, bob_phone: Collect
) -> None:
    _unseal(alice)
    submission = bob_phone.submission(valid_answers(), media={"injury.jpg": b"\xff\xd8 a photograph"})
    assert bob_phone.send(submission) == 201
    stored = OdkSubmission.objects.get()
    assert stored.status == Status.STORED and stored.interview is not None
    stored_as = instance_key(vault_for(bob.org_id), submission.instance_id)
    assert stored.interview.instance_id == stored_as and stored.interview.documenter == bob
    # The answers live in the interview's sealed payload now; the sealed photograph stays.
    assert set(stored.parts.values_list("name", flat=True)) == {"injury.jpg.enc"}
    assert bob_phone.send(submission) == 201
    assert Interview.objects.count() == 1


def test_erasing_an_interview_removes_what_the_phone_sent_with_it(
    alice: User, bob: User, bob_phone: Collect
) -> None:
    _unseal(alice)
    submission = bob_phone.submission(valid_answers(), media={"injury.jpg": b"\xff\xd8 a photograph"})
    assert bob_phone.send(submission) == 201
    interview = OdkSubmission.objects.get().interview
    assert interview is not None and OdkPart.objects.exists()
    found = erasure.records_by_id(alice.org_id, [str(interview.uuid)])
    interviews_erase(actor=alice, interviews=found)
    assert not OdkSubmission.objects.exists()
    assert not OdkPart.objects.exists()  # the sealed photograph and the manifest are gone too


def _tampered(phone: Collect) -> object:
    submission = phone.submission(valid_answers())
    data = bytearray(submission.parts["submission.xml.enc"])
    data[10] ^= 0x20
    submission.parts["submission.xml.enc"] = bytes(data)
    return submission


def _bad_signature(phone: Collect) -> object:
    submission = phone.submission(valid_answers())
    other = phone.submission(valid_answers(age="33"))
    start = other.manifest.index(b"<base64EncryptedElementSignature>")
    mine = submission.manifest.index(b"<base64EncryptedElementSignature>")
    submission.manifest = submission.manifest[:mine] + other.manifest[start:]
    return submission


def _old_version(phone: Collect) -> object:
    instance_id = "uuid:old-version"
    xml = phone.fill(valid_answers(), instance_id).replace(b'version="', b'version="0', 1)
    return phone.encrypt(xml, instance_id)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_tampered, "bad_signature"),
        (_bad_signature, "bad_signature"),
        (_old_version, "unknown_form_version"),
        (lambda phone: phone.submission(valid_answers(age="ninety")), "invalid_answers"),
    ],
)
def test_failures_stay_sealed_in_the_coordinators_list_with_the_reason(
    alice: User, bob_phone: Collect, make: object, reason: str
) -> None:
    assert bob_phone.send(make(bob_phone)) == 201  # type: ignore[operator]
    _unseal(alice)
    failed = OdkSubmission.objects.get()
    outcome = _outcome(failed)
    assert (failed.status, outcome.status, outcome.reason) == (Status.FAILED, "failed", reason)
    assert not failed.parts.exists()  # what a failed submission sent is deleted
    assert not Interview.objects.exists()
    if reason == "invalid_answers":
        assert list(outcome.detail["fields"]) == ["age"]


def test_a_minor_is_never_stored_and_her_ciphertext_is_deleted(alice: User, bob_phone: Collect) -> None:
    assert bob_phone.send(bob_phone.submission(valid_answers(age="16"))) == 201
    _unseal(alice)
    referred = OdkSubmission.objects.get()
    outcome = _outcome(referred)
    assert (referred.status, outcome.status, outcome.reason) == (Status.FAILED, "referred", "minor")
    assert not referred.parts.exists() and not Interview.objects.exists()


def test_a_submission_encrypted_to_another_organisation_fails_there(
    alice: User, bob_phone: Collect, charlie: User
) -> None:
    from tests.odk.conftest import phone_of

    charlie_phone = phone_of(charlie)
    assert charlie_phone.send(bob_phone.submission(valid_answers())) == 201
    _unseal(charlie)
    failed = OdkSubmission.objects.get()
    assert failed.organisation_id == charlie.org_id and _outcome(failed).reason == "damaged"
    assert not Interview.objects.exists()


def test_the_manifest_key_is_base64_of_an_oaep_block(bob_phone: Collect) -> None:
    submission = bob_phone.submission(valid_answers())
    start = submission.manifest.index(b"<base64EncryptedKey>") + len(b"<base64EncryptedKey>")
    end = submission.manifest.index(b"</base64EncryptedKey>")
    assert len(base64.b64decode(submission.manifest[start:end])) * 8 >= 2048


def test_media_are_shown_under_the_narratives_consent_rule(
    alice: User, bob: User, lena: User, charlie: User, bob_phone: Collect
) -> None:
    from tests.conftest import logged_in

    photo = b"\xff\xd8\xff\xe0 a photograph of an injury"
    _unseal(alice)
    allowed = bob_phone.submission(valid_answers(), media={"1700000000001.jpg": photo})
    refused = bob_phone.submission(
        valid_answers(consent_report_to_authorities="no"), media={"1700000000002.jpg": photo}
    )
    assert bob_phone.send(allowed) == 201 and bob_phone.send(refused) == 201
    vault = vault_for(alice.org_id)
    first = Interview.objects.get(instance_id=instance_key(vault, allowed.instance_id))
    second = Interview.objects.get(instance_id=instance_key(vault, refused.instance_id))
    detail = logged_in(alice).get(f"/interviews/{first.uuid}/").content.decode()
    assert "1700000000001.jpg" in detail
    response = logged_in(alice).get(f"/collect/media/{first.uuid}/1700000000001.jpg")
    assert response.status_code == 200 and response.content == photo
    assert response["Content-Type"] == "image/jpeg" and response["Cache-Control"] == "no-store"
    # The lawyer reads only what the respondent allowed to take to the authorities.
    assert logged_in(lena).get(f"/collect/media/{first.uuid}/1700000000001.jpg").status_code == 200
    assert logged_in(lena).get(f"/collect/media/{second.uuid}/1700000000002.jpg").status_code == 404
    assert logged_in(charlie).get(f"/collect/media/{first.uuid}/1700000000001.jpg").status_code == 404
    assert logged_in(alice).get(f"/collect/media/{first.uuid}/other.jpg").status_code == 404
