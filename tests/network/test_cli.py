"""`kua network …` and `kua release … --kind network|send` as people run them: a hub and two
members, each its own instance (data directory, database, keys); the hub served by `kua serve`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.interchange.conftest import csv_bytes, flat_row
from tests.test_cli import ROOT, kua

SHARED = [("Ай", "Ер", 1990), ("Бо", "Ка", 1991)]


def _people(own: str, n: int) -> list[tuple[str, str, int]]:
    return SHARED + [(own, "Жа", 1980 + i) for i in range(n)]


def _import(data_dir: Path, tmp: Path, people: list[tuple[str, str, int]]) -> None:
    rows = [flat_row(uic_mother_name=m, uic_father_name=f, uic_birth_year=str(y)) for m, f, y in people]
    header = list(rows[0])
    path = tmp / f"{data_dir.name}.csv"
    path.write_bytes(csv_bytes(header, [[row.get(h, "") for h in header] for row in rows]))
    result = kua(data_dir, "import", str(path))
    assert result.returncode == 0, result.stderr


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("network")
    hub, a, b = tmp / "hub", tmp / "a", tmp / "b"
    ok(
        kua(
            hub,
            "init",
            "--org",
            "Сеть",
            "--keyholder",
            "hubby",
            "--hub",
            "--recovery-file",
            str(tmp / "sheet.txt"),
        )
    )
    ok(kua(a, "init", "--org", "Шапагат", "--keyholder", "anna"))
    ok(kua(b, "init", "--org", "Амелия", "--keyholder", "bota"))
    key = tmp / "linkage.json"
    ok(kua(a, "network", "linkage-key", "new", "--out", str(key)))
    for member, name in ((a, "Шапагат"), (b, "Амелия")):
        invitation, card = tmp / f"invite-{member.name}.json", tmp / f"card-{member.name}.json"
        ok(kua(hub, "network", "invite", name, "--out", str(invitation)))
        ok(
            kua(
                member, "network", "join", str(invitation), "--linkage-key-file", str(key), "--out", str(card)
            )
        )
        ok(kua(hub, "network", "admit", str(card), passphrase=None))
    _import(a, tmp, _people("Ра", 3))
    _import(b, tmp, _people("Ну", 2))
    releases = {}
    for member in (a, b):
        out = tmp / f"release-{member.name}.json"
        ok(kua(member, "release", "create", "--kind", "network", "--out", str(out)))
        releases[member.name] = out
    return {"tmp": tmp, "hub": hub, "a": a, "b": b, "key": key, "releases": releases}


def test_receive_count_and_report(net: dict[str, Any]) -> None:
    hub, files = net["hub"], net["releases"]
    received = ok(kua(hub, "network", "receive", str(files["a"]), str(files["b"]), passphrase=None))
    assert received.stdout.count("received release") == 2
    again = ok(kua(hub, "network", "receive", str(files["a"]), passphrase=None))
    assert "stored once" in again.stdout
    assert kua(hub, "network", "tables", "--format", "json", passphrase=None).returncode == 3
    tables = json.loads(ok(kua(hub, "network", "tables", "--format", "json")).stdout)
    own = [json.loads(ok(kua(net[m], "tables", "--format", "json")).stdout) for m in ("a", "b")]
    assert tables["respondents"] == sum(t["respondents"] for t in own) == 5 + 4
    assert tables["police"] == {code: sum(t["police"][code] for t in own) for code in own[0]["police"]}
    assert tables["people"] == {"unique": 7, "linked": 9, "unlinked": 0, "overlap": {"Амелия|Шапагат": 2}}
    members = json.loads(ok(kua(hub, "network", "members", "--format", "json", passphrase=None)).stdout)
    assert sorted(m["organisation"] for m in members["members"]) == ["Амелия", "Шапагат"]
    report = net["tmp"] / "network.pdf"
    ok(
        kua(
            hub,
            "network",
            "report",
            "--format",
            "pdf",
            "--lang",
            "kk",
            "--edition",
            "public",
            "--out",
            str(report),
        )
    )
    assert report.read_bytes()[:4] == b"%PDF"
    text = ok(kua(hub, "network", "tables", "--format", "text", language="ru")).stdout
    assert "Амелия & Шапагат: 2" in text


def test_refusals_and_their_exit_codes(net: dict[str, Any]) -> None:
    hub, tmp = net["hub"], net["tmp"]
    tampered = tmp / "tampered.json"
    raw = net["releases"]["a"].read_text(encoding="utf-8")
    document = json.loads(raw)
    body = document["sealed"]["body"]
    tampered.write_text(
        raw.replace(body, body[:30] + ("A" if body[30] != "A" else "B") + body[31:]), encoding="utf-8"
    )
    assert kua(hub, "network", "receive", str(tampered), passphrase=None).returncode == 1
    junk = tmp / "junk.json"
    junk.write_text("not json", encoding="utf-8")
    assert kua(hub, "network", "receive", str(junk), passphrase=None).returncode == 2
    card = tmp / "card-a.json"
    reused = kua(hub, "network", "admit", str(card), passphrase=None)
    assert reused.returncode == 1 and "used" in reused.stderr
    outsider = tmp / "outsider"
    ok(kua(outsider, "init", "--org", "Чужие", "--keyholder", "dora"))
    refused = kua(outsider, "release", "create", "--kind", "network", "--out", str(tmp / "x.json"))
    assert refused.returncode == 4 and "not a member" in refused.stderr
    assert kua(hub, "network", "tables", "--from", "2026-13-01", "--format", "json").returncode == 2


def test_the_hub_database_and_the_files_hold_no_client_code_and_no_uic(net: dict[str, Any]) -> None:
    export = net["tmp"] / "a-export.csv"
    ok(kua(net["a"], "export", "--format", "csv", "--out", str(export)))
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    column = lines[0].split(",").index("client_code")
    codes = {line.split(",")[column] for line in lines[1:]} - {""}
    assert len(codes) == 5
    uic = {"АЙ", "Ай", "Ер", "ЕР", "Ра", "Жа"}
    database = (net["hub"] / "kua.sqlite3").read_bytes()
    texts = [database.decode("utf-8", "ignore")] + [
        p.read_text(encoding="utf-8") for p in net["releases"].values()
    ]
    for text in texts:
        assert not [code for code in codes if code in text]
        assert not [part for part in uic if part in text]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_release_send_over_http_to_a_served_hub(net: dict[str, Any]) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KUA_")}
    env.update(KUA_DATA_DIR=str(net["hub"]), KUA_LANGUAGE="en")
    server = subprocess.Popen(
        [sys.executable, "-m", "kua.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port)
        out = net["tmp"] / "second.json"
        ok(kua(net["b"], "release", "create", "--kind", "network", "--from", "2026-01-01", "--out", str(out)))
        url = f"http://127.0.0.1:{port}"
        assert (
            "stored release"
            in ok(kua(net["b"], "release", "send", str(out), "--hub", url, passphrase=None)).stdout
        )
        assert (
            "stored once"
            in ok(kua(net["b"], "release", "send", str(out), "--hub", url, passphrase=None)).stdout
        )
        stranger = kua(net["a"], "release", "send", str(out), "--hub", url, passphrase=None)
        assert stranger.returncode == 1 and "token" in stranger.stderr
        plain = kua(net["b"], "release", "send", str(out), "--hub", "http://hub.example.org", passphrase=None)
        assert plain.returncode == 2 and "https" in plain.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait(port: int) -> None:
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("kua serve did not start")


def test_the_hub_publishes_the_network_counts(net: dict[str, Any]) -> None:
    hub, out = net["hub"], net["tmp"] / "public.json"
    ok(kua(hub, "network", "receive", *map(str, net["releases"].values()), passphrase=None))
    ok(kua(hub, "release", "create", "--kind", "public", "--method", "suppressed", "--out", str(out)))
    assert "Valid release" in ok(kua(net["a"], "release", "verify", str(out), passphrase=None)).stdout
    document = json.loads(out.read_text(encoding="utf-8"))
    tables = json.loads(ok(kua(hub, "network", "tables", "--format", "json")).stdout)
    assert document["organisation"] == "Сеть" and document["tables"]["respondents"] == tables["respondents"]


def test_the_hub_backs_up_and_restores_like_any_instance(net: dict[str, Any]) -> None:
    hub, tmp = net["hub"], net["tmp"]
    ok(kua(hub, "network", "receive", *map(str, net["releases"].values()), passphrase=None))
    backup, restored = tmp / "hub.kua", tmp / "restored"
    ok(kua(hub, "backup", "--out", str(backup), passphrase=None))
    sheet = {"KUA_RECOVERY_KEY_FILE": str(tmp / "sheet.txt")}
    ok(kua(restored, "restore", str(backup), "--keyholder", "hubby", extra_env=sheet))
    before = json.loads(ok(kua(hub, "network", "tables", "--format", "json")).stdout)
    after = json.loads(ok(kua(restored, "network", "tables", "--format", "json")).stdout)
    assert after == before and after["respondents"] > 0
