"""Run by tests/bench/network_bench.py in a fresh instance (KUA_DATA_DIR, and the database of
KUA_DATABASE_URL_FILE if set): a hub with MEMBERS members that each sent MONTHS monthly releases
of RESPONDENTS respondents (their linkage tokens overlapping with neighbouring members), all
received through the hub's real receiving path; then times `network_tables` cold and warm.
Prints one JSON object."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import random
import secrets
import statistics
import sys
import time
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kua.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from kua.accounts.roles import Role  # noqa: E402
from kua.accounts.services import organisation_create, user_create  # noqa: E402
from kua.analytics.tables import YES_NO_ROWS  # noqa: E402
from kua.network import counting  # noqa: E402
from kua.network.models import Invitation, Member, Membership, Received  # noqa: E402
from kua.network.services.hub import hub_create  # noqa: E402
from kua.network.services.member import sealed_body  # noqa: E402
from kua.network.services.receiving import release_receive  # noqa: E402
from kua.questionnaires.selectors import current_form, spec_for  # noqa: E402
from kua.questionnaires.services import install_default_form  # noqa: E402
from kua.releases import fileformat, signing  # noqa: E402
from kua.studies.labels import REGION_FIELD, field_choices  # noqa: E402
from kua.vault.models import Vault  # noqa: E402
from kua.vault.services import vault_create, vault_unseal  # noqa: E402

MEMBERS = int(os.environ.get("BENCH_NETWORK_MEMBERS", "50"))
MONTHS = int(os.environ.get("BENCH_NETWORK_MONTHS", "12"))
RESPONDENTS = int(os.environ.get("BENCH_NETWORK_RESPONDENTS", "10000"))
PASSPHRASE = os.environ["KUA_PASSPHRASE"]


def _shape(organisation_id: int) -> tuple[dict[str, list[str]], list[str]]:
    spec = spec_for(current_form(organisation_id))
    lists = {
        key: [code for code, _l in field_choices(spec, f"{key}_violations", "en")]
        for key in ("police", "medical")
    }
    return lists, [code for code, _l in field_choices(spec, REGION_FIELD, "en")]


def _tables(rng: random.Random, lists: dict[str, list[str]], n: int) -> dict[str, object]:
    return {
        "respondents": n,
        **{key: {code: rng.randrange(n // 4) for code in codes} for key, codes in lists.items()},
        "yn": {
            key: {row: {"yes": rng.randrange(n // 2), "no": rng.randrange(n // 2)} for row in YES_NO_ROWS}
            for key in lists
        },
    }


def _content(
    rng: random.Random, lists: dict[str, list[str]], regions: list[str], tokens: list[str]
) -> dict[str, object]:
    n = len(tokens)
    shares = {code: n // len(regions[:5]) for code in regions[:5]}
    return {
        "tables": _tables(rng, lists, n),
        "regions": {code: _tables(rng, lists, share) for code, share in shares.items()},
        "tokens": sorted(tokens),
        "unlinked": 0,
    }


def _tokens(key: bytes, index: int) -> list[str]:
    """Member i counts people i*8000 … i*8000+9999: 2,000 shared with each neighbour."""
    start = index * (RESPONDENTS * 4 // 5)
    return [
        hmac.new(key, str(p).encode(), hashlib.sha256).hexdigest() for p in range(start, start + RESPONDENTS)
    ]


def build() -> tuple[object, float]:
    call_command("migrate", verbosity=0)
    organisation = organisation_create(name="Network bench hub")
    boss = user_create(organisation=organisation, username="hubby", role=Role.COORDINATOR, password=None)
    vault_create(organisation=organisation, keyholder=boss, passphrase=PASSPHRASE)
    install_default_form(organisation=organisation, actor=boss)
    hub = hub_create(organisation=organisation, actor=boss)
    public = bytes(Vault.objects.get(organisation=organisation).public_key)
    lists, regions = _shape(organisation.pk)
    rng, key = random.Random(7), secrets.token_bytes(32)
    started = time.perf_counter()
    for index in range(MEMBERS):
        seed = signing.new_seed()
        invitation = Invitation.objects.create(
            hub=hub, member_name=f"Member {index:02d}", secret_hash=secrets.token_hex(32)
        )
        Member.objects.create(
            hub=hub,
            invitation=invitation,
            name=invitation.member_name,
            signing_key=signing.public_of(seed),
            send_token_hash=secrets.token_hex(32),
        )
        membership = Membership(hub_id=hub.hub_id, hub_public_key=public)
        tokens = _tokens(key, index)
        for month in range(1, MONTHS + 1):
            first = datetime.date(2026, month, 1)
            last = (first + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
            release_id = str(uuid.uuid4())
            created = f"2026-{month:02d}-28T12:00:{index % 60:02d}Z"
            body = sealed_body(membership, release_id, _content(rng, lists, regions, tokens))
            document = fileformat.document(
                kind=fileformat.NETWORK,
                release_id=release_id,
                organisation=invitation.member_name,
                created=created,
                scope={"from": first.isoformat(), "to": last.isoformat(), "study": None, "region": None},
                body=body,
            )
            release_receive(hub=hub, raw=fileformat.dumps(signing.sign(document, seed)), actor=boss)
    return hub, time.perf_counter() - started


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    hub, build_seconds = build()
    vault_unseal(
        vault=Vault.objects.get(organisation_id=hub.organisation_id),
        user=hub.organisation.users.get(),
        passphrase=PASSPHRASE,
    )
    cold, warm, month = [], [], []
    for _ in range(3):
        counting.drop_with_key()
        cold.append(_timed(lambda: counting.network_tables(hub)))
    for _ in range(20):
        warm.append(_timed(lambda: counting.network_tables(hub)))
    june = (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
    for _ in range(3):
        counting.drop_with_key()
        month.append(_timed(lambda: counting.network_tables(hub, *june)))
    tables = counting.network_tables(hub)
    with connection.cursor() as cursor:
        cursor.execute("SELECT SUM(LENGTH(body)) FROM network_received")
        body_bytes = int(cursor.fetchone()[0])
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "members": MEMBERS,
                "months": MONTHS,
                "respondents": RESPONDENTS,
                "releases": Received.objects.count(),
                "build_seconds": build_seconds,
                "cold_s": statistics.median(cold),
                "warm_ms": 1000 * statistics.median(warm),
                "month_cold_s": statistics.median(month),
                "body_bytes_per_release": body_bytes // Received.objects.count(),
                "unique": tables["people"]["unique"],
                "linked": tables["people"]["linked"],
                "pairs": len(tables["people"]["overlap"]),
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
