"""Importing documenters who are not users yet, on the web: the dry run lists the names; the
coordinator maps each to a person or creates her (no password, an audit row), then imports."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.interviews.models import Interview
from tests.conftest import logged_in
from tests.interchange.conftest import csv_bytes, flat_row


def _csv() -> bytes:
    header = ["documenter", *sorted(flat_row())]
    rows = [
        [name, *[flat_row(uic_birth_year=str(1990 + i))[h] for h in header[1:]]]
        for i, name in enumerate(("doc1", "doc1", "doc2", "bob"))
    ]
    return csv_bytes(header, rows)


def test_unknown_documenters_are_mapped_or_created_then_imported(alice: User, bob: User) -> None:
    client = logged_in(alice)
    upload = SimpleUploadedFile("model.csv", _csv(), content_type="text/csv")
    page = client.post(reverse("import_upload"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="unknown-documenters"' in page and ">doc1<" in page and ">doc2<" in page
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    before = AuditEvent.objects.filter(action="user.create").count()
    done = client.post(
        reverse("import_confirm"),
        {"token": token, "unknown_name": ["doc1", "doc2"], "map_0": "new", "map_1": str(bob.pk)},
    )
    assert done.status_code == 200
    doc1 = User.objects.get(username="doc1", organisation_id=alice.org_id)
    assert doc1.role == "documenter" and not doc1.has_usable_password()
    assert not User.objects.filter(username="doc2").exists()
    assert Interview.objects.filter(documenter=doc1).count() == 2
    assert Interview.objects.filter(documenter=bob).count() == 2  # doc2's row mapped to bob, and bob's own
    assert AuditEvent.objects.filter(action="user.create").count() == before + 1


def test_a_person_of_another_organisation_cannot_be_chosen(alice: User, bob: User, charlie: User) -> None:
    client = logged_in(alice)
    upload = SimpleUploadedFile("model.csv", _csv(), content_type="text/csv")
    page = client.post(reverse("import_upload"), {"file": upload}).content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    client.post(
        reverse("import_confirm"),
        {"token": token, "unknown_name": ["doc1", "doc2"], "map_0": str(charlie.pk), "map_1": ""},
    )
    assert not Interview.objects.filter(documenter=charlie).exists()
    assert Interview.objects.filter(documenter=bob).count() == 1
