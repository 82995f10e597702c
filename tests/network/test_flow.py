"""The network's "done when" (issue 24), in one test database: a hub and three members, each
its own organisation with its own vault, keys and release-signing key."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection

from kua.interviews.selectors import opened_interviews
from kua.network import files
from kua.network.counting import network_tables
from kua.network.files import Refused
from kua.network.models import Member, Received
from kua.network.report import network_report, network_report_data
from kua.network.services.hub import invitation_create, member_admit, member_expel, texts_set
from kua.network.services.member import network_join
from kua.network.services.receiving import release_receive
from kua.reports.counting.tables_json import tables_json
from kua.vault.models import Vault
from kua.vault.selectors import VaultSealed, private_key
from kua.vault.services import rotation
from tests.network.helpers import (
    Party,
    enter,
    join,
    loads,
    make_hub,
    make_member,
    new_linkage_key,
    person,
    release,
)

# Who is interviewed where (mother, father, birth year): shared by construction.
SHARED_ABC = ("Ай", "Ер", 1990)
SHARED_AB = [("Бо", "Ка", 1991), ("Ёл", "Йо", 1992)]  # "Ёл|Йо" is "ЕЛ|ИО" normalised
SHARED_BC = [("Га", "Да", 1993)]
KEYS = ("police", "medical", "yn")


def _people(names: list[tuple[str, str, int]], **answers: Any) -> list[dict[str, Any]]:
    return [person(m, f, y, **answers) for m, f, y in names]


def _only(prefix: str, n: int) -> list[tuple[str, str, int]]:
    return [(prefix, "Жа", 1970 + i) for i in range(n)]


@pytest.fixture
def network(db: Any) -> dict[str, Any]:
    hub, hub_row = make_hub("Сеть Казахстана", "hubby")
    a, b, c = make_member("Шапагат", "anna"), make_member("Амелия", "bota"), make_member("Сана", "cara")
    key = new_linkage_key()
    enter(a, _people(_only("Ра", 2)))  # stored before joining: unlinked
    for member in (a, b, c):
        join(hub, member, key)
    enter(a, _people([SHARED_ABC, *SHARED_AB, *_only("Ма", 4)]))
    enter(a, [person("Ёл", "Йо", 1992)])  # the same person twice at one member
    enter(b, _people([SHARED_ABC, ("БО", "КА", 1991), ("Ел", "Ио", 1992), *SHARED_BC, *_only("Ну", 3)]))
    enter(b, _people(_only("Ох", 2), police_violations=["robbery"], residence_region="almaty_region",
                     residence_district="talgar"))  # fmt: skip
    enter(c, _people([SHARED_ABC, *SHARED_BC, *_only("Пе", 5)]))
    enter(c, _people(_only("Со", 1), consent_statistics="no"))  # not counted anywhere
    return {"hub": hub, "hub_row": hub_row, "members": (a, b, c), "key": key}


def _receive(net: dict[str, Any], raw: bytes) -> Any:
    return release_receive(hub=net["hub_row"], raw=raw, actor=net["hub"].coordinator)


def _member_tables(member: Party) -> dict[str, Any]:
    member.unseal()
    return tables_json(actor=member.coordinator)


def test_network_tables_are_the_members_sums_and_people_are_exact(network: dict[str, Any]) -> None:
    a, b, c = network["members"]
    files_ = [release(member) for member in (a, b, c)]
    for raw in files_:  # the hub is sealed: receiving needs no passphrase
        assert _receive(network, raw).new
    with pytest.raises(VaultSealed):
        network_tables(network["hub_row"])
    network["hub"].unseal()
    tables = network_tables(network["hub_row"])
    own = [_member_tables(member) for member in (a, b, c)]
    assert tables["respondents"] == sum(t["respondents"] for t in own) == 10 + 9 + 7
    for key in ("police", "medical"):
        assert tables[key] == {code: sum(t[key][code] for t in own) for code in own[0][key]}
        for question, row in tables["yn"][key].items():
            assert row == {k: sum(t["yn"][key][question][k] for t in own) for k in ("yes", "no")}
    people = tables["people"]
    assert people["unlinked"] == 2  # a's two interviews from before joining
    assert people["linked"] == 8 + 9 + 7
    # distinct: ABC 1, AB 2, BC 1, a 4 alone, b 3 + 2, c 5 → 18; plus 2 unlinked
    assert people["unique"] == 18 + 2
    assert people["overlap"] == {"Амелия|Сана": 2, "Амелия|Шапагат": 3, "Сана|Шапагат": 1}
    assert [m["organisation"] for m in tables["members"]] == ["Амелия", "Сана", "Шапагат"]


def test_refusals_store_nothing(network: dict[str, Any]) -> None:
    a, _b, _c = network["members"]
    good = release(a)
    assert b'"respondents"' not in good  # the counts are sealed: none is in clear to change
    body = loads(good)["sealed"]["body"]
    flipped = ("B" if body[20] == "A" else "A").encode()
    changed = good.replace(body.encode(), body[:20].encode() + flipped + body[21:].encode())
    outsider_hub, _outsider_row = make_hub("Другая сеть", "other")
    stranger = make_member("Чужие", "dora")
    join(outsider_hub, stranger, new_linkage_key())
    enter(stranger, _people(_only("Ты", 2)))
    foreign = release(stranger)
    before = Received.objects.count()
    for raw in (changed, foreign):
        with pytest.raises(Refused):
            _receive(network, raw)
    with pytest.raises(files.BadFile):
        _receive(network, b"not a release")
    assert Received.objects.count() == before
    # a member that is not admitted (joined with an invitation the hub never admitted)
    lone = make_member("Непринятая", "ella")
    invitation = invitation_create(actor=network["hub"].coordinator, member_name="Непринятая")
    lone.unseal()
    network_join(actor=lone.coordinator, invitation=invitation, linkage_key=network["key"])
    enter(lone, _people(_only("Уу", 1)))
    with pytest.raises(Refused, match="not a member"):
        _receive(network, release(lone))
    assert Received.objects.count() == before


def test_a_reused_or_unknown_invitation_is_refused(network: dict[str, Any]) -> None:
    hub = network["hub"]
    first = make_member("Первая", "fay")
    card = join(hub, first, network["key"])
    with pytest.raises(Refused, match="used"):
        member_admit(actor=hub.coordinator, card=card)
    other_hub, _row = make_hub("Третья сеть", "gus")
    second = make_member("Вторая", "hana")
    other_card = join(other_hub, second, network["key"])
    with pytest.raises(Refused, match="another hub"):
        member_admit(actor=hub.coordinator, card=other_card)
    forged = other_card.replace(b'"hub_id": "', b'"hub_id": "x')
    with pytest.raises(Refused, match="signature"):
        member_admit(actor=hub.coordinator, card=forged)
    assert Member.objects.filter(name="Вторая").count() == 1  # only at the other hub


def test_replay_is_stored_once_and_a_newer_release_replaces_the_older(network: dict[str, Any]) -> None:
    a, b, _c = network["members"]
    first = release(a)
    assert _receive(network, first).new
    again = _receive(network, first)
    assert not again.new and Received.objects.filter(member__name="Шапагат").count() == 1
    enter(a, _people(_only("Ла", 3)))
    newer = release(a)
    assert _receive(network, newer).new
    network["hub"].unseal()
    tables = network_tables(network["hub_row"])
    assert tables["respondents"] == 10 + 3
    assert [m["release_id"] for m in tables["members"]] == [loads(newer)["release_id"]]
    assert Received.objects.filter(member__name="Шапагат").count() == 2  # both in the ledger
    year = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    scoped = release(b, date_from=year[0], date_to=year[1])
    assert _receive(network, scoped).new
    only_scope = network_tables(network["hub_row"], *year)
    assert [m["organisation"] for m in only_scope["members"]] == ["Амелия"]


def test_an_expelled_member_is_refused_and_her_releases_kept_or_dropped(network: dict[str, Any]) -> None:
    a, b, _c = network["members"]
    _receive(network, release(a))
    _receive(network, release(b))
    hub = network["hub"]
    member_expel(actor=hub.coordinator, member=Member.objects.get(name="Шапагат"), drop_releases=False)
    with pytest.raises(Refused, match="expelled"):
        _receive(network, release(a))
    member_expel(actor=hub.coordinator, member=Member.objects.get(name="Амелия"), drop_releases=True)
    hub.unseal()
    tables = network_tables(network["hub_row"])
    assert [m["organisation"] for m in tables["members"]] == ["Шапагат"]


def test_the_hub_holds_no_client_code_no_uic_and_no_token_in_clear(network: dict[str, Any]) -> None:
    members = network["members"]
    released = [release(member) for member in members]
    for raw in released:
        _receive(network, raw)
    secrets: set[str] = set()
    for member in members:
        for opened in opened_interviews(member.organisation.pk):
            secrets |= {opened.content.client_code or "", opened.content.token or ""}
    secrets.discard("")
    secrets |= {"АЙ|ЕР", "Ай", "Ер", "БО|КА"}
    hub_rows = _hub_side_text(network)
    for raw in released:
        text = raw.decode("utf-8")
        assert not [s for s in secrets if s in text]
    assert not [s for s in secrets if s in hub_rows]


def _hub_side_text(network: dict[str, Any]) -> str:
    """Every column of the hub's network tables and its audit rows, as text."""
    hub_org = network["hub"].organisation.pk
    parts = []
    with connection.cursor() as cursor:
        for table in ("network_hub", "network_invitation", "network_member", "network_received"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            parts += [repr(row) for row in cursor.fetchall()]
        cursor.execute("SELECT * FROM audit_auditevent WHERE organisation_id = %s", [hub_org])
        parts += [repr(row) for row in cursor.fetchall()]
    return "\n".join(parts)


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "xlsx"])
def test_the_network_report_in_every_format(network: dict[str, Any], fmt: str) -> None:
    for member in network["members"]:
        _receive(network, release(member))
    hub = network["hub"]
    texts_set(actor=hub.coordinator, recommendations="Министерству внутренних дел: …", threshold=5)
    hub.unseal()
    network["hub_row"].refresh_from_db()
    made = network_report(
        actor=hub.coordinator, hub=network["hub_row"], language="ru", edition="public", fmt=fmt
    )
    assert len(made.content) > 1000
    if fmt == "html":
        text = made.content.decode("utf-8")
        assert "Министерству внутренних дел" in text and "Амелия" in text


def test_the_public_report_hides_small_cells_with_their_complements(network: dict[str, Any]) -> None:
    for member in network["members"]:
        _receive(network, release(member))
    network["hub"].unseal()
    public = network_report_data(network["hub_row"], language="en", edition="public")
    internal = network_report_data(network["hub_row"], language="en", edition="internal")
    regions = next(t for t in public.tables() if t.key == "regions_by_member")
    exact = next(t for t in internal.tables() if t.key == "regions_by_member")
    hidden = [c for row in regions.rows for c in row.cells if c.suppressed]
    # Амелия's 2 respondents in Almaty region are below 5: hidden, and so is a complement in its row
    assert len(hidden) >= 4
    assert not any(c.suppressed for row in exact.rows for c in row.cells)
    for row in regions.rows:
        shown = [c.value for c in row.cells if not c.suppressed]
        assert all(v is None or v == 0 or v >= 5 for v in shown)


def test_after_the_hub_rotates_its_key_old_releases_count_and_members_renew(network: dict[str, Any]) -> None:
    a, b, _c = network["members"]
    _receive(network, release(a))
    hub = network["hub"]
    hub.unseal()
    before = network_tables(network["hub_row"])
    vault = Vault.objects.get(organisation=hub.organisation)
    rotation.key_rotate(
        vault=vault, actor=hub.coordinator, private=private_key(vault), deliver=lambda key: None
    )
    hub.unseal()
    assert network_tables(network["hub_row"])["people"] == before["people"]  # re-sealed, still readable
    with pytest.raises(Refused, match="no longer holds"):
        _receive(network, release(b))
    join(hub, b, network["key"])  # a new invitation for the same member renews her keys
    assert Member.objects.filter(hub=network["hub_row"], name="Амелия").count() == 1
    assert _receive(network, release(b)).new


def test_an_expelled_member_invited_again_is_admitted_again(network: dict[str, Any]) -> None:
    a, _b, _c = network["members"]
    hub = network["hub"]
    member_expel(actor=hub.coordinator, member=Member.objects.get(name="Шапагат"), drop_releases=True)
    with pytest.raises(Refused, match="expelled"):
        _receive(network, release(a))
    join(hub, a, network["key"])
    assert Member.objects.get(name="Шапагат").expelled_at is None
    assert _receive(network, release(a)).new
