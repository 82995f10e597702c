"""The network on the web: the hub's coordinator and analyst, a member's coordinator, and the
endpoint members send releases to."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kua.accounts.roles import Role
from kua.accounts.services import user_create
from kua.audit.models import AuditEvent
from kua.network.models import Member, Membership, Received
from tests.conftest import PASSWORD
from tests.conftest import logged_in as logged_in_as
from tests.network.helpers import enter, make_hub, make_member, person


def logged_in(user: Any) -> Client:
    """Her pages in English (the tests read their messages)."""
    client = logged_in_as(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")


@pytest.fixture
def parties(db: Any) -> dict[str, Any]:
    hub, _row = make_hub("Сеть", "hubby")
    member = make_member("Шапагат", "anna")
    analyst = user_create(
        organisation=hub.organisation, username="hana", role=Role.ANALYST, password=PASSWORD
    )
    return {"hub": hub, "member": member, "analyst": analyst}


def _post_release(content: bytes, token: str) -> Any:
    """What `kua release send` does: the file, with the member's send token."""
    api = Client(HTTP_ACCEPT_LANGUAGE="en")
    return api.post(
        "/network/releases/", content, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def _join_on_the_web(parties: dict[str, Any]) -> Client:
    hub, member = parties["hub"], parties["member"]
    hub_client = logged_in(hub.coordinator)
    invitation = hub_client.post("/network/members/invite/", {"member_name": "Шапагат"})
    assert invitation.status_code == 200 and invitation["Content-Disposition"].startswith("attachment")
    member.unseal()
    member_client = logged_in(member.coordinator)
    made_key = member_client.post("/network/linkage-key/")
    assert made_key.status_code == 200 and b"kua-network-linkage-key/1" in made_key.content
    card = member_client.post(
        "/network/join/",
        {
            "invitation": _upload("i.json", invitation.content),
            "linkage_key": _upload("k.json", made_key.content),
        },
    )
    assert card.status_code == 200, card.content[:300]
    admitted = hub_client.post(
        "/network/members/admit/", {"card": _upload("c.json", card.content)}, follow=True
    )
    assert "Шапагат" in admitted.content.decode()
    assert Member.objects.filter(name="Шапагат", expelled_at__isnull=True).exists()
    return member_client


def test_join_send_and_count_on_the_web(parties: dict[str, Any]) -> None:
    member_client = _join_on_the_web(parties)
    enter(parties["member"], [person("Ай", "Ер", 1990), person("Бо", "Ка", 1991)])
    made = member_client.post("/network/release/", {"hub_url": ""})
    assert made.status_code == 200 and json.loads(made.content)["kind"] == "network"
    token = Membership.objects.get().send_token
    sent, again, wrong = (_post_release(made.content, t) for t in (token, token, "not-the-token"))
    assert sent.status_code == 201 and sent.json()["status"] == "stored"
    assert again.status_code == 200 and again.json()["status"] == "already"
    assert wrong.status_code == 403 and "token" in wrong.json()["error"]
    assert Received.objects.count() == 1
    hub_client = logged_in(parties["hub"].coordinator)
    sealed = hub_client.get("/network/")
    assert sealed.status_code == 200 and "sealed" in sealed.content.decode()
    parties["hub"].unseal()
    page = hub_client.get("/network/").content.decode()
    assert "Шапагат" in page and 'id="network-people"' in page
    assert AuditEvent.objects.filter(action="dashboard.read", actor_id=parties["hub"].coordinator.pk).exists()
    report = hub_client.get("/network/report/", {"language": "ru", "edition": "public", "format": "docx"})
    assert report.status_code == 200 and report["Content-Disposition"].startswith("attachment")


def test_the_hub_analyst_sees_counts_only(parties: dict[str, Any]) -> None:
    client = logged_in(parties["analyst"])
    assert client.get("/network/").status_code == 200
    assert client.get("/network/members/").status_code == 403
    assert client.get("/network/texts/").status_code == 403
    assert client.post("/network/members/invite/", {"member_name": "X"}).status_code == 403


def test_expel_receive_by_hand_and_texts(parties: dict[str, Any]) -> None:
    member_client = _join_on_the_web(parties)
    enter(parties["member"], [person("Ай", "Ер", 1990)])
    made = member_client.post("/network/release/", {"hub_url": ""}).content
    hub_client = logged_in(parties["hub"].coordinator)
    received = hub_client.post("/network/members/receive/", {"release": _upload("r.json", made)}, follow=True)
    assert "Шапагат" in received.content.decode() and Received.objects.count() == 1
    member = Member.objects.get()
    hub_client.post(f"/network/members/{member.pk}/expel/", {"drop_releases": "on"})
    assert Received.objects.count() == 0
    refused = hub_client.post("/network/members/receive/", {"release": _upload("r.json", made)}, follow=True)
    assert "expelled" in refused.content.decode() and Received.objects.count() == 0
    saved = hub_client.post("/network/texts/", {"recommendations": "Министерству…", "threshold": "7"})
    assert saved.status_code == 302
    bad = hub_client.post("/network/texts/", {"recommendations": "", "threshold": "1"})
    assert bad.status_code == 400


def test_the_hub_publishes_the_network_counts_as_a_public_release(parties: dict[str, Any]) -> None:
    member_client = _join_on_the_web(parties)
    enter(parties["member"], [person("Ай", "Ер", 1990)] * 6)
    made = member_client.post("/network/release/", {"hub_url": ""}).content
    hub_client = logged_in(parties["hub"].coordinator)
    hub_client.post("/network/members/receive/", {"release": _upload("r.json", made)})
    parties["hub"].unseal()
    published = hub_client.post("/network/publish/", {"method": "suppressed"})
    assert published.status_code == 200
    document = json.loads(published.content)
    assert document["kind"] == "public" and document["organisation"] == "Сеть"
    assert document["tables"]["respondents"] == 6 and document["method"]["threshold"] == 5
    no_budget = hub_client.post("/network/publish/", {"method": "dp", "epsilon": "1"}, follow=True)
    assert "budget" in no_budget.content.decode()
