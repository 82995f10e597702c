"""The OpenRosa endpoints as Collect uses them, under /odk/<token>/."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from lxml import etree

from kua.accounts.models import User
from kua.interviews.models import Interview
from kua.odk.models import OdkLink, OdkSubmission
from kua.odk.sealing import instance_ref
from kua.odk.services.links import odk_link_create, odk_link_revoke
from tests.conftest import valid_answers
from tests.odk.collect import Collect
from tests.odk.conftest import BASE, phone_of

pytestmark = pytest.mark.django_db


def test_link_is_256_bits_and_stored_only_as_a_hash(bob: User) -> None:
    url = odk_link_create(actor=None, user=bob, base_url=BASE + "/", via="cli")
    token = re.fullmatch(r"http://testserver/odk/([A-Za-z0-9_-]{43})/", url).group(1)  # type: ignore[union-attr]
    stored = OdkLink.objects.get(user=bob).token_hash
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored


def test_form_list_names_the_current_form_with_the_md5_of_the_served_bytes(bob_phone: Collect) -> None:
    response = bob_phone.client.get(bob_phone.path + "formList")
    assert response["X-OpenRosa-Version"] == "1.0"
    root = etree.fromstring(response.content)
    assert root.tag == "{http://openrosa.org/xforms/xformsList}xforms"
    entry = bob_phone.form_list()[0]
    assert entry["formID"] == "violation_registration" and entry["version"]
    assert entry["hash"] == "md5:" + hashlib.md5(bob_phone.xform).hexdigest()  # noqa: S324


def test_the_xform_carries_a_2048_bit_or_larger_public_key(bob_phone: Collect) -> None:
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    assert b'<submission method="post" base64RsaPublicKey="' in bob_phone.xform
    key = load_der_public_key(bob_phone.public_key())
    assert key.key_size >= 2048  # type: ignore[union-attr]
    again = bob_phone.client.get(bob_phone.path + "forms/violation_registration/form.xml")
    assert again.content == bob_phone.xform and again["X-OpenRosa-Version"] == "1.0"


def test_head_submission_is_204_with_accepted_length(bob_phone: Collect) -> None:
    response = bob_phone.client.head(bob_phone.path + "submission")
    assert response.status_code == 204
    assert int(response["X-OpenRosa-Accept-Content-Length"]) > 1_000_000
    assert response["X-OpenRosa-Version"] == "1.0"


@pytest.mark.parametrize("path", ["formList", "submission", "forms/violation_registration/form.xml"])
def test_an_unknown_token_gets_403_and_nothing_else(db: object, path: str) -> None:
    response = Client().get(f"/odk/{'A' * 43}/{path}")
    assert response.status_code == 403 and response.content == b""


def test_a_revoked_token_is_refused(bob: User, bob_phone: Collect) -> None:
    submission = bob_phone.submission(valid_answers())
    odk_link_revoke(actor=None, user=bob)
    assert bob_phone.send(submission) == 403
    assert bob_phone.client.get(bob_phone.path + "formList").status_code == 403
    assert not OdkSubmission.objects.exists()


def test_a_new_link_ends_the_old_one(bob: User, bob_phone: Collect) -> None:
    odk_link_create(actor=None, user=bob, base_url=BASE)
    assert bob_phone.client.get(bob_phone.path + "formList").status_code == 403


def test_submission_while_sealed_is_201_and_stored_as_ciphertext(bob_phone: Collect) -> None:
    submission = bob_phone.submission(valid_answers(narrative="Уникальный рассказ"))
    response = bob_phone.client.post(bob_phone.path + "submission", submission.post_data())
    assert response.status_code == 201 and response["X-OpenRosa-Version"] == "1.0"
    assert b"submit_success" in response.content
    stored = OdkSubmission.objects.get()
    assert stored.status == "pending" and stored.instance_ref == instance_ref(
        stored.organisation_id, submission.instance_id
    )
    for part in stored.parts.all():
        assert "Уникальный".encode() not in bytes(part.data)
    assert not Interview.objects.exists()


def test_a_replay_is_stored_once_and_other_bytes_are_409(bob_phone: Collect) -> None:
    submission = bob_phone.submission(valid_answers())
    assert bob_phone.send(submission) == 201
    assert bob_phone.send(submission) == 201
    assert OdkSubmission.objects.count() == 1
    other = bob_phone.encrypt(
        bob_phone.fill(valid_answers(age="40"), submission.instance_id), submission.instance_id
    )
    response = bob_phone.client.post(bob_phone.path + "submission", other.post_data())
    assert response.status_code == 409 and b"instanceID" in response.content
    assert OdkSubmission.objects.count() == 1


def test_an_unencrypted_submission_is_refused_with_a_message(bob_phone: Collect) -> None:
    clear = bob_phone.fill(valid_answers(), "uuid:clear")
    data = {"xml_submission_file": _upload("submission.xml", clear)}
    response = bob_phone.client.post(bob_phone.path + "submission", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and b"encrypted" in response.content
    assert not OdkSubmission.objects.exists()


def test_a_missing_part_is_refused(bob_phone: Collect) -> None:
    submission = bob_phone.submission(valid_answers())
    submission.parts.clear()
    assert bob_phone.send(submission) == 400
    assert not OdkSubmission.objects.exists()


def test_charlies_token_cannot_submit_into_alices_organisation(
    alice: User, bob_phone: Collect, charlie: User
) -> None:
    charlie_phone = phone_of(charlie)
    # Encrypted to alice's organisation's key, sent with charlie's link.
    submission = bob_phone.submission(valid_answers())
    assert charlie_phone.send(submission) == 201
    assert not OdkSubmission.objects.filter(organisation=alice.organisation).exists()
    assert OdkSubmission.objects.get().organisation_id == charlie.org_id
    assert charlie_phone.public_key() != bob_phone.public_key()


def test_a_lawyer_cannot_have_a_link(lena: User) -> None:
    from kua.odk.links import LinkRefused

    with pytest.raises(LinkRefused):
        odk_link_create(actor=None, user=lena, base_url=BASE)


def _upload(name: str, data: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, "text/xml")


def test_no_token_reaches_the_log(bob_phone: Collect, caplog: pytest.LogCaptureFixture) -> None:
    token = bob_phone.path.split("/")[2]
    clear = bob_phone.fill(valid_answers(), "uuid:clear")
    with caplog.at_level("DEBUG"):
        bob_phone.client.post(bob_phone.path + "submission", {"xml_submission_file": _upload("s.xml", clear)})
        bob_phone.client.put(bob_phone.path + "submission")
        bob_phone.client.get(bob_phone.path + "forms/nothing/form.xml")
    assert all(token not in record.getMessage() for record in caplog.records)
