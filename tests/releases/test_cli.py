"""`kua release` and `kua budget` as a user runs them: exit codes, a file verified by another
instance, the report from a release, the signing key across `kua key rotate`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.test_cli import kua
from tests.test_cli_keys import add_interviews


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("releases")
    assert kua(data_dir, "init", "--org", "Шапагат", "--keyholder", "alice").returncode == 0
    add_interviews(data_dir, 12)
    return data_dir


def test_exit_codes(instance: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "r.json")
    bad = [
        ("release", "create", "--kind", "public", "--out", out),  # no method
        ("release", "create", "--kind", "public", "--method", "dp", "--out", out),  # no epsilon
        ("release", "create", "--kind", "public", "--method", "suppressed", "--epsilon", "1", "--out", out),
        ("release", "create", "--kind", "public", "--method", "dp", "--epsilon", "-1", "--out", out),
        (
            "release",
            "create",
            "--kind",
            "public",
            "--method",
            "suppressed",
            "--from",
            "2026-13-01",
            "--out",
            out,
        ),
        ("release", "create", "--kind", "public", "--method", "suppressed", "--study", "999", "--out", out),
        ("release", "create", "--kind", "public", "--method", "suppressed", "--region", "xx", "--out", out),
        ("release", "create", "--kind", "network", "--method", "dp", "--out", out),
    ]
    bad.append(("budget", "set", "--epsilon", "1", "--study", "999"))
    bad.append(("budget", "set", "--epsilon", "0"))
    for args in bad:
        result = kua(instance, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
    sealed = kua(
        instance,
        "release",
        "create",
        "--kind",
        "public",
        "--method",
        "suppressed",
        "--out",
        out,
        passphrase=None,
    )
    assert sealed.returncode == 3
    assert kua(instance, "release", "list", passphrase=None).returncode == 3
    network = kua(instance, "release", "create", "--kind", "network", "--out", out)
    assert network.returncode == 4 and "not a member of a network" in network.stderr
    no_budget = kua(
        instance, "release", "create", "--kind", "public", "--method", "dp", "--epsilon", "1", "--out", out
    )
    assert no_budget.returncode == 4 and not Path(out).exists()


def test_budget_release_list_and_refusal(instance: Path, tmp_path: Path) -> None:
    assert kua(instance, "budget", "set", "--epsilon", "1").returncode == 0
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    made = kua(
        instance,
        "release",
        "create",
        "--kind",
        "public",
        "--method",
        "dp",
        "--epsilon",
        "0.75",
        "--out",
        str(first),
    )
    assert made.returncode == 0, made.stderr
    over = kua(
        instance,
        "release",
        "create",
        "--kind",
        "public",
        "--method",
        "dp",
        "--epsilon",
        "0.5",
        "--out",
        str(second),
    )
    assert over.returncode == 4 and not second.exists()
    shown = json.loads(kua(instance, "budget", "show", "--format", "json").stdout)
    assert shown == {"budgets": [{"study": None, "epsilon": 1.0, "spent": 0.75, "left": 0.25}]}
    ledger = json.loads(kua(instance, "release", "list", "--format", "json").stdout)
    release_id = json.loads(first.read_text())["release_id"]
    assert release_id in [entry["release_id"] for entry in ledger]


def test_verify_a_file_from_another_instance_and_a_changed_one(instance: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert kua(other, "init", "--org", "Другая", "--keyholder", "zara").returncode == 0
    add_interviews(other, 3)
    made = tmp_path / "other.json"
    assert (
        kua(
            other, "release", "create", "--kind", "public", "--method", "suppressed", "--out", str(made)
        ).returncode
        == 0
    )
    shutil.rmtree(other)  # the maker is gone; the file stands alone
    checked = kua(instance, "release", "verify", str(made), passphrase=None)
    assert checked.returncode == 0, checked.stderr
    assert "Другая" in checked.stdout and "fingerprint" in checked.stdout
    changed = tmp_path / "changed.json"
    changed.write_text(made.read_text().replace('"respondents": 3', '"respondents": 30'))
    assert changed.read_text() != made.read_text()
    refused = kua(instance, "release", "verify", str(changed), passphrase=None)
    assert refused.returncode == 1 and "INVALID" in refused.stderr
    assert kua(instance, "release", "verify", str(tmp_path / "missing.json")).returncode == 2


def test_report_from_a_release_shows_its_numbers(instance: Path, tmp_path: Path) -> None:
    release = tmp_path / "s.json"
    assert (
        kua(
            instance, "release", "create", "--kind", "public", "--method", "suppressed", "--out", str(release)
        ).returncode
        == 0
    )
    document = json.loads(release.read_text())
    html = tmp_path / "r.html"
    made = kua(
        instance,
        "report",
        "--format",
        "html",
        "--lang",
        "en",
        "--out",
        str(html),
        "--release",
        str(release),
        passphrase=None,
    )
    assert made.returncode == 0, made.stderr
    text = html.read_text()
    assert f"Respondents counted: {document['tables']['respondents']}" in text
    assert document["release_id"][:8] in text and "counts below 5 hidden" in text
    assert (
        kua(
            instance,
            "report",
            "--format",
            "pdf",
            "--lang",
            "kk",
            "--out",
            str(tmp_path / "r.pdf"),
            "--release",
            str(release),
        ).returncode
        == 0
    )


def test_key_rotate_gives_a_new_signing_key_and_old_files_still_verify(
    instance: Path, tmp_path: Path
) -> None:
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    args = ("release", "create", "--kind", "public", "--method", "suppressed", "--out")
    assert kua(instance, *args, str(before)).returncode == 0
    rotated = kua(instance, "key", "rotate", "--recovery-file", str(tmp_path / "sheet.txt"))
    assert rotated.returncode == 0, rotated.stderr
    assert kua(instance, *args, str(after)).returncode == 0
    prints = [
        kua(instance, "release", "verify", str(f)).stdout.splitlines()[-1].strip() for f in (before, after)
    ]
    assert prints[0] != prints[1]
    listed = kua(instance, "release", "list").stdout
    assert "Signing key in use since" in listed and prints[1] in listed
    assert "Retired signing key" in listed and prints[0] in listed
