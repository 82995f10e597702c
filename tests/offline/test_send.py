"""Entries sealed on a phone: kept sealed, stored once at unseal through the one validator."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from kua.accounts.models import User
from kua.analytics.models import ColumnBlock
from kua.audit.models import AuditEvent
from kua.cases.models import Case
from kua.interviews.models import Interview, Refusal
from kua.interviews.services import interview_read
from kua.offline import envelope
from kua.offline.keys import offline_private_key
from kua.offline.models import OfflineSubmission
from kua.offline.services.intake import INSTANCE_PREFIX, process_pending
from kua.vault.linkage import instance_key
from kua.vault.models import Vault
from kua.vault.services import open_note, vault_unseal
from tests.conftest import PASSPHRASE, logged_in, valid_answers
from tests.offline.sealing import interview_entry, refusal_entry, send

CANARY = "CANARY-offline-7f3a"
Status = OfflineSubmission.Status


def _unseal(vault: Vault, alice: User) -> None:
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)


def _database_text() -> str:
    """Every table's every row, as text: where a canary in clear would show."""
    out = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            out.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(out)


def test_sealed_server_keeps_it_sealed_and_stores_it_once_at_unseal(
    bob: User, alice: User, vault: Vault
) -> None:
    body = interview_entry(bob.org_id, valid_answers(narrative=CANARY))
    phone = logged_in(bob)
    first = send(phone, body)
    assert first.status_code == 201, first.content
    assert first.json() == {"status": "received"}
    assert send(phone, body).status_code == 200  # a resend: a success that stores nothing new
    submission = OfflineSubmission.objects.get()
    assert submission.status == Status.PENDING and Interview.objects.count() == 0
    text = _database_text()
    assert CANARY not in text and body["id"] not in text  # the client id only as a keyed hash

    _unseal(vault, alice)
    submission.refresh_from_db()
    assert submission.status == Status.STORED and submission.envelope is None
    interview = Interview.objects.get()
    assert interview.instance_id == instance_key(vault, INSTANCE_PREFIX + body["id"])
    assert interview_read(user=alice, interview=interview).answers["narrative"] == CANARY
    # The same storing path as every entry: its column block and its case (a police violation).
    assert ColumnBlock.objects.filter(organisation_id=bob.org_id).exists()
    assert Case.objects.filter(interview=interview).exists()
    assert send(phone, body).status_code == 200
    assert process_pending(vault) == 0 and Interview.objects.count() == 1


def test_unsealed_server_stores_it_on_arrival(bob: User, alice: User, vault: Vault) -> None:
    _unseal(vault, alice)
    assert send(logged_in(bob), interview_entry(bob.org_id, valid_answers())).status_code == 201
    assert Interview.objects.filter(documenter=bob).count() == 1
    assert AuditEvent.objects.filter(action="offline.store", actor_id=bob.pk).exists()


def test_same_id_other_bytes_is_a_conflict(bob: User) -> None:
    body = interview_entry(bob.org_id, valid_answers())
    phone = logged_in(bob)
    assert send(phone, body).status_code == 201
    other = interview_entry(bob.org_id, valid_answers(age="40"), client_id=body["id"])
    reply = send(phone, other)
    assert reply.status_code == 409 and reply.json()["reason"] == "conflict"
    assert OfflineSubmission.objects.count() == 1


def test_refused_answers_come_back_with_a_reason_in_her_language(
    bob: User, alice: User, vault: Vault
) -> None:
    _unseal(vault, alice)
    phone = logged_in(bob)
    phone.cookies["django_language"] = "en"
    reply = send(phone, interview_entry(bob.org_id, valid_answers(consent_recorded=None)))
    assert reply.status_code == 422
    assert reply.json()["reason"] == "invalid_answers"
    assert reply.json()["message"].startswith("The server refused some answers")
    failed = OfflineSubmission.objects.get()
    assert failed.status == Status.FAILED and failed.envelope  # kept sealed for the coordinator
    assert not Interview.objects.exists()


def test_a_minor_is_never_stored(bob: User, alice: User, vault: Vault) -> None:
    phone = logged_in(bob)
    assert (
        send(phone, interview_entry(bob.org_id, valid_answers(age="16", narrative=CANARY))).status_code == 201
    )
    sent = bytes(OfflineSubmission.objects.get().envelope)
    _unseal(vault, alice)
    submission = OfflineSubmission.objects.get()
    assert submission.status == Status.FAILED  # looks like any failure
    kept = bytes(submission.envelope)  # a decoy, as large as what the phone sent, like a failure's
    assert kept != sent and len(kept) == len(sent)
    assert json.loads(kept).keys() == json.loads(sent).keys()
    with pytest.raises(envelope.EnvelopeDamaged):  # it opens to nothing, not to her answers
        envelope.open_envelope(offline_private_key(vault), kept)
    assert not Interview.objects.exists()
    assert CANARY not in _database_text()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM offline_offlinesubmission")
        text = repr(cursor.fetchall())
        cursor.execute("SELECT action, detail FROM audit_auditevent WHERE action LIKE 'offline.%'")
        text += repr(cursor.fetchall())
    for word in ("referred", "minor", "refer"):  # the outcome is sealed (issue 20's rule for every channel)
        assert word not in text
    assert open_note(bob.org_id, submission.outcome) == {
        "outcome": "referred",
        "reason": "minor",
        "detail": {},
    }


def test_a_refusal_is_stored_at_unseal(bob: User, alice: User, vault: Vault) -> None:
    refusal = {
        "refused_on": "2026-11-02",
        "reason": "fear_police",
        "district": "",
        "venue": "",
        "migrant": "unknown",
    }
    assert send(logged_in(bob), refusal_entry(bob.org_id, refusal)).status_code == 201
    assert not Refusal.objects.exists()
    _unseal(vault, alice)
    stored = Refusal.objects.get()
    assert (stored.documenter, stored.reason, stored.refused_on) == (
        bob,
        "fear_police",
        datetime.date(2026, 11, 2),
    )


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"id": "x", "envelope": {}},
        {"id": "abcdefgh-1234", "envelope": {"v": 1, "key": "!!", "iv": "a", "data": "b"}},
    ],
)
def test_what_is_not_an_envelope_is_refused(bob: User, body: dict[str, Any]) -> None:
    reply = send(logged_in(bob), body)
    assert reply.status_code == 400 and reply.json()["reason"] == "unreadable"
    assert not OfflineSubmission.objects.exists()


def test_a_blocked_account_or_no_session_is_refused(bob: User) -> None:
    body = interview_entry(bob.org_id, valid_answers())
    phone = logged_in(bob)
    User.objects.filter(pk=bob.pk).update(is_active=False)  # "phone lost or seized"
    assert send(phone, body).status_code == 401
    assert phone.get("/offline/session/").status_code == 401
    assert send(Client(), body).status_code == 401
    assert not OfflineSubmission.objects.exists()


def test_an_idle_session_is_refused(bob: User, settings: Any) -> None:
    phone = logged_in(bob)
    assert phone.get("/offline/session/").status_code == 200
    settings.SESSION_IDLE_SECONDS = -1
    reply = send(phone, interview_entry(bob.org_id, valid_answers()))
    assert reply.status_code in (302, 401) and not OfflineSubmission.objects.exists()


def test_a_role_that_does_not_enter_is_refused(lena: User) -> None:
    reply = send(logged_in(lena), interview_entry(lena.org_id, valid_answers()))
    assert reply.status_code == 403 and reply.json()["reason"] == "forbidden"


def test_session_gives_a_csrf_token_that_sending_needs(bob: User) -> None:
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(bob)
    body = json.dumps(interview_entry(bob.org_id, valid_answers()))
    assert phone.post("/offline/send/", body, content_type="application/json").status_code == 403
    token = phone.get("/offline/session/").json()["csrf"]
    reply = phone.post(
        "/offline/send/", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert reply.status_code == 201


def test_the_coordinator_sees_what_is_not_stored_without_an_answer(
    bob: User, alice: User, vault: Vault
) -> None:
    _unseal(vault, alice)
    send(logged_in(bob), interview_entry(bob.org_id, valid_answers(consent_recorded=None, narrative=CANARY)))
    page = logged_in(alice).get("/offline/entries/")
    text = page.content.decode()
    assert page.status_code == 200 and "bob" in text and CANARY not in text
    assert logged_in(bob).get("/offline/entries/").status_code == 403
