"""The network's tables (network.md): the sums of the members' exact tables, the respondents,
and the unique people through the linkage tokens, with the overlap of every pair of members.

Bodies are opened with the hub's key (the vault must be open) and kept in memory while the key
is held, like the analytic view; the combined tables are kept per set of releases. Receiving
or expelling forgets the combined tables; a key drop forgets everything."""

from __future__ import annotations

import datetime
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

import orjson
from django.db.models import Count, Max

from kua.network.models import Hub, Received
from kua.network.selectors import counted_releases
from kua.vault import crypto
from kua.vault.selectors import VaultSealed, is_unsealed, vault_for
from kua.vault.services import KeyRing

_lock = threading.Lock()
_bodies: dict[int, dict[str, Any]] = {}  # Received pk -> opened body
_combined: dict[tuple[int, tuple[int, int], Any], dict[str, Any]] = {}


@dataclass(frozen=True)
class Opened:
    received: Received
    body: dict[str, Any]


def drop_with_key(sender: object = None, **kwargs: Any) -> None:
    with _lock:
        _bodies.clear()
        _combined.clear()


def forget(hub_id: int) -> None:
    with _lock:
        for key in [key for key in _combined if key[0] == hub_id]:
            del _combined[key]


def opened(hub: Hub, releases: list[Received]) -> list[Opened]:
    """The bodies of these releases. Raises VaultSealed."""
    ring = KeyRing(vault_for(hub.organisation_id))
    out = []
    for row in releases:
        body = _bodies.get(row.pk)
        if body is None:
            sealed = Received.objects.filter(pk=row.pk).values_list("body", flat=True).get()
            plain = crypto.decrypt_payload(
                ring.key(row.data_key_id), bytes(sealed), row.associated_data("body")
            )
            body = orjson.loads(zlib.decompress(plain))
            with _lock:
                _bodies[row.pk] = body
        out.append(Opened(row, body))
    return out


def received_version(hub: Hub) -> tuple[int, int]:
    """What the hub holds, in one query: a release received or dropped (by any process: the
    server, `kua network receive`) changes it. Releases are never changed in place."""
    found = Received.objects.filter(hub=hub).aggregate(n=Count("pk"), last=Max("pk"))
    return found["n"], found["last"] or 0


def network_tables(
    hub: Hub, date_from: datetime.date | None = None, date_to: datetime.date | None = None
) -> dict[str, Any]:
    """The `kua network tables --format json` object. Raises VaultSealed (also when another
    process sealed the vault since the tables were kept)."""
    if not is_unsealed(vault_for(hub.organisation_id)):
        raise VaultSealed()
    key = (hub.pk, received_version(hub), (date_from, date_to))
    cached = _combined.get(key)
    if cached is not None:
        return cached
    combined = combine(hub.organisation.name, opened(hub, counted_releases(hub, date_from, date_to)))
    with _lock:
        _combined[key] = combined
    return combined


def combine(network: str, bodies: list[Opened]) -> dict[str, Any]:
    tables = [item.body["tables"] for item in bodies]
    return {
        "network": network,
        "members": [_member_line(item) for item in bodies],
        "respondents": sum(t["respondents"] for t in tables),
        "people": people(bodies),
        "police": sum_counts(t["police"] for t in tables),
        "medical": sum_counts(t["medical"] for t in tables),
        "yn": {key: sum_yes_no(t["yn"][key] for t in tables) for key in ("police", "medical")},
    }


def _member_line(item: Opened) -> dict[str, Any]:
    row = item.received
    return {
        "organisation": row.member.name,
        "release_id": str(row.release_id),
        "created": row.created.isoformat().replace("+00:00", "Z"),
        "scope": {
            "from": row.scope_from.isoformat() if row.scope_from else None,
            "to": row.scope_to.isoformat() if row.scope_to else None,
        },
        "respondents": item.body["tables"]["respondents"],
    }


def sum_counts(tables: Any) -> dict[str, int]:
    total: Counter[str] = Counter()
    order: dict[str, None] = {}
    for table in tables:
        for code, n in table.items():
            order.setdefault(code)
            total[code] += n
    return {code: total[code] for code in order}


def sum_yes_no(tables: Any) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for table in tables:
        for question, answers in table.items():
            row = out.setdefault(question, {"yes": 0, "no": 0})
            row["yes"] += answers["yes"]
            row["no"] += answers["no"]
    return out


def people(bodies: list[Opened]) -> dict[str, Any]:
    """unique = distinct tokens across members + unlinked; overlap: distinct tokens each pair shares."""
    owners: dict[str, int] = {}
    names = [item.received.member.name for item in bodies]
    linked = unlinked = 0
    for index, item in enumerate(bodies):
        tokens = item.body["tokens"]
        linked += len(tokens)
        unlinked += item.body["unlinked"]
        bit = 1 << index
        for token in tokens:
            owners[token] = owners.get(token, 0) | bit
    overlap: Counter[str] = Counter()
    for mask in owners.values():
        if mask & (mask - 1):  # two members or more
            present = [i for i in range(len(bodies)) if mask >> i & 1]
            for a, i in enumerate(present):
                for j in present[a + 1 :]:
                    overlap["|".join(sorted((names[i], names[j])))] += 1
    return {
        "unique": len(owners) + unlinked,
        "linked": linked,
        "unlinked": unlinked,
        "overlap": dict(sorted(overlap.items())),
    }
