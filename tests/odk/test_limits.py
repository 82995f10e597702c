"""Collect's limits (issue 20, item 11): too many parts, a file over the upload limit, the
per-file and per-link quotas, nothing left behind by a failed submission, no token in a log."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from kua.accounts.models import User
from kua.odk.models import OdkPart, OdkSubmission
from kua.vault.models import Vault
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, valid_answers
from tests.odk.collect import Collect

pytestmark = pytest.mark.django_db


def _token(phone: Collect) -> str:
    return phone.path.strip("/").split("/")[-1]


def _post(phone: Collect, data: dict[str, object]) -> tuple[int, str]:
    response = phone.client.post(phone.path + "submission", data, HTTP_ACCEPT_LANGUAGE="en")
    return response.status_code, response.content.decode()


def test_two_thousand_parts_answer_413_and_no_log_line_holds_the_token(
    bob_phone: Collect, caplog: pytest.LogCaptureFixture
) -> None:
    data = bob_phone.submission(valid_answers()).post_data()
    for number in range(2000):
        data[f"p{number}"] = SimpleUploadedFile(f"p{number}.enc", b"x", "application/octet-stream")
    with caplog.at_level(logging.DEBUG):
        status, body = _post(bob_phone, data)
    assert status == 413 and "too many parts" in body
    assert _token(bob_phone) not in caplog.text
    assert all(_token(bob_phone) not in record.getMessage() for record in caplog.records)
    assert not OdkSubmission.objects.exists()


def test_a_60_mb_file_is_told_it_is_too_large(bob_phone: Collect, caplog: pytest.LogCaptureFixture) -> None:
    data = bob_phone.submission(valid_answers()).post_data()
    data["huge"] = SimpleUploadedFile("huge.jpg.enc", b"\0" * (60 * 1024 * 1024), "application/octet-stream")
    with caplog.at_level(logging.DEBUG):
        status, body = _post(bob_phone, data)
    assert status == 413 and "larger than 50 MB" in body and "xml_submission_file" not in body
    assert _token(bob_phone) not in caplog.text
    assert not OdkSubmission.objects.exists()


def test_a_45_mb_photograph_is_over_the_per_file_limit(bob_phone: Collect) -> None:
    submission = bob_phone.submission(valid_answers(), media={"injury.jpg": b"\xff" * (45 * 1024 * 1024)})
    status, body = _post(bob_phone, submission.post_data())
    assert status == 413 and "larger than 20 MB" in body
    assert not OdkSubmission.objects.exists() and not OdkPart.objects.exists()


@override_settings(ODK_LINK_DAILY_BYTES=60_000)
def test_a_link_has_a_24_hour_quota_and_a_replay_costs_nothing(bob_phone: Collect) -> None:
    first = bob_phone.submission(valid_answers(), media={"a.jpg": b"\xff" * 30_000})
    assert bob_phone.send(first) == 201
    assert bob_phone.send(first) == 201  # the same submission again: stored once, not counted twice
    second = bob_phone.submission(valid_answers(), media={"b.jpg": b"\xff" * 30_000})
    status, body = _post(bob_phone, second.post_data())
    assert status == 413 and "last 24 hours" in body
    assert OdkSubmission.objects.count() == 1


def test_a_failed_submission_leaves_no_photograph_behind(alice: User, bob_phone: Collect) -> None:
    submission = bob_phone.submission(valid_answers(age="ninety"), media={"injury.jpg": b"\xff" * 5000})
    assert bob_phone.send(submission) == 201
    assert OdkPart.objects.filter(name="injury.jpg.enc").exists()
    vault_unseal(vault=Vault.objects.get(organisation_id=alice.org_id), user=alice, passphrase=PASSPHRASE)
    assert OdkSubmission.objects.get().status == OdkSubmission.Status.FAILED
    assert not OdkPart.objects.exists()


def test_an_unexpected_error_is_a_500_whose_log_lines_hold_no_token(
    bob_phone: Collect, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kua.odk import views

    def broken(**kwargs: object) -> None:
        raise RuntimeError("a database error quoting " + bob_phone.path)

    monkeypatch.setattr(views, "odk_submission_receive", broken)
    with caplog.at_level(logging.DEBUG):
        status, _body = _post(bob_phone, bob_phone.submission(valid_answers()).post_data())
    assert status == 500 and caplog.records  # logged, without the token
    assert _token(bob_phone) not in caplog.text
