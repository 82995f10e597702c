"""What a copy of the database tells about a record (issue 20, items 1 and 2).

A lawyer lists, opens and acts on a consented interview; the interview is then erased. A copy
of every table (read here column by column, as a thief with the file would) must not hold the
record's id in any form, and no audit row may name any record in clear or carry an action code
that says the respondent consented to the authorities or suffered a violation."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.db import connection
from django.test import Client
from django.urls import reverse

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.audit.services import audit_verify, read_reference
from kua.cases.models import CaseAction
from kua.interviews.models import Interview
from kua.interviews.services.erasure import interviews_erase
from kua.vault.models import Vault
from kua.vault.services import open_note
from tests.cases.conftest import entered
from tests.conftest import logged_in, valid_answers
from tests.odk.collect import Collect
from tests.odk.conftest import phone_of

ACTION = {"action_on": "2026-11-10", "action": "complaint_filed", "body": "prosecutor", "outcome": "pending"}
IMPLYING = ("complaint_filed", "prosecutor", "consent", "violation", "minor", "referred")


def forms_of(record: uuid.UUID) -> list[str]:
    """Every way a record id is written: hex, dashed, upper case, the 8 digits on screens."""
    return [record.hex, str(record), record.hex.upper(), str(record).upper(), record.hex[:8]]


def copy_cells() -> Iterator[tuple[str, str]]:
    """(table, cell as text) for every cell of every table of the database."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            for row in cursor.fetchall():
                for cell in row:
                    if isinstance(cell, memoryview | bytes):
                        yield table, bytes(cell).hex() + bytes(cell).decode("latin-1")
                    elif cell is not None:
                        yield table, str(cell)


def _lawyer_works_on(record: uuid.UUID, lena: User) -> None:
    client = logged_in(lena)
    assert client.get(reverse("interview_list")).status_code == 200
    assert client.get(reverse("interview_detail", args=[record])).status_code == 200
    assert client.get(reverse("case_list")).status_code == 200
    assert client.get(reverse("case_detail", args=[record])).status_code == 200
    assert client.post(reverse("case_action_new", args=[record]), ACTION).status_code == 302
    action = CaseAction.objects.get(case__record_id=record)
    outcome = reverse("case_action_outcome", args=[record, action.uuid])
    assert client.post(outcome, {"outcome": "positive"}).status_code == 302
    letter = {"body": "prosecutor", "language": "ru", "format": "docx"}
    assert client.get(reverse("case_letter", args=[record]), letter).status_code == 200


def test_no_audit_row_names_a_record_or_implies_a_consent(bob: User, lena: User, unsealed: Vault) -> None:
    consented = entered(bob).record_id
    silent = entered(bob, consent_report_to_authorities="no").record_id
    _lawyer_works_on(consented, lena)
    rows = list(AuditEvent.objects.values_list("action", "object_id", "detail"))
    assert {"interview.list", "interview.read", "case.read", "case.action_add", "case.letter"} <= {
        action for action, _o, _d in rows
    }
    for action, object_id, detail in rows:
        text = f"{object_id} {detail}"
        for record in (consented, silent):
            for form in forms_of(record):
                assert form not in text, (action, form)
        if action.split(".")[0] in {"interview", "case", "odk", "offline", "refusal"}:
            for word in IMPLYING:
                assert word not in text, (action, word)
    listed = [d for a, _o, d in rows if a == "interview.list"]
    assert listed and all(set(d) == {"shown"} for d in listed)  # a list read names no record
    assert audit_verify().ok


def test_each_action_has_its_own_reference(bob: User, lena: User, unsealed: Vault) -> None:
    """One reference per action: the row that created the interview cannot be joined to the rows
    about its case (which would say that this interview reported a violation)."""
    record = entered(bob).record_id
    _lawyer_works_on(record, lena)
    read = AuditEvent.objects.get(action="interview.read").object_id
    case_read = AuditEvent.objects.get(action="case.read").object_id
    created = AuditEvent.objects.get(action="interview.create").object_id
    assert read == read_reference(str(record))
    assert case_read == read_reference(str(record), "case.read")
    assert len({read, case_read, created}) == 3


def test_the_action_code_is_sealed_for_keyholders(bob: User, lena: User, unsealed: Vault) -> None:
    record = entered(bob).record_id
    _lawyer_works_on(record, lena)
    added = AuditEvent.objects.get(action="case.action_add")
    assert set(added.detail) == {"sealed"}
    assert open_note(bob.org_id, added.detail["sealed"]) == {"code": "complaint_filed"}


def test_an_erased_record_leaves_no_trace_in_a_copy(
    alice: User, bob: User, lena: User, unsealed: Vault
) -> None:
    record = entered(bob).record_id
    entered(bob, consent_report_to_authorities="no")
    _lawyer_works_on(record, lena)
    interviews_erase(actor=alice, interviews=[Interview.objects.get(uuid=record)])
    forms = forms_of(record)
    found = [(table, form) for table, cell in copy_cells() for form in forms if form in cell]
    assert found == []
    assert audit_verify().ok


SECURITY = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def documented_tables() -> set[str]:
    """The tables that docs/security.md's "What a copy of the database reveals" lists."""
    text = SECURITY.read_text(encoding="utf-8").split("## What a copy of the database reveals", 1)[1]
    section = text.split("\n## ", 1)[0]
    return {
        name
        for line in section.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`(\w+)`", line.split("|")[1])
    }


def test_every_table_is_in_the_document(db: object) -> None:
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    assert tables - documented_tables() == set()


def test_the_copy_after_the_scenario_reveals_no_more_than_the_document(
    alice: User, bob: User, lena: User, unsealed: Vault
) -> None:
    bob_phone: Collect = phone_of(bob)
    record = entered(bob).record_id
    _lawyer_works_on(record, lena)
    minor = bob_phone.submission(valid_answers(age="15", narrative="Кенарейка-несовершеннолетняя"))
    assert bob_phone.send(minor) == 201
    agent = "Canary-Agent/1.0"
    failed = Client(REMOTE_ADDR="203.0.113.66", HTTP_USER_AGENT=agent)
    failed.post(reverse("login"), {"username": "lena", "password": "a wrong password"})
    interviews_erase(actor=alice, interviews=[Interview.objects.get(uuid=record)])
    instance = uuid.UUID(minor.instance_id.removeprefix("uuid:"))
    canaries = [*forms_of(record), *forms_of(instance), "203.0.113.66", agent, "a wrong password"]
    canaries += ["Кенарейка", "Полицейские потребовали", "complaint_filed", "prosecutor", "referred"]
    # the questionnaire's own tables hold the words of its questions
    cells = [(table, cell) for table, cell in copy_cells() if not table.startswith("kua_forms_")]
    found = {(table, canary) for table, cell in cells for canary in canaries if canary in cell}
    assert found == set()
    assert audit_verify().ok
