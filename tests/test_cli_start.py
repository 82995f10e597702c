"""Issue 26, item 3: the `kua` command loads Python and Django with the collector off, then
freezes what start-up loaded (never scanned again, nor at exit) and switches it on before the
command's own work; `kua import` keeps that start-up frozen."""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import django
import pytest

import kua.cli
from kua import start
from kua.cli import importing

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def collector() -> Iterator[None]:
    """The test process as it was: collector on, nothing frozen."""
    yield
    gc.enable()
    gc.unfreeze()


def test_the_kua_script_and_python_m_kua_start_from_kua_start() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["scripts"]["kua"] == "kua.start:run"
    assert "from kua.start import run" in (ROOT / "kua" / "__main__.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("entry", [start.run, kua.cli.run], ids=["kua script", "python -m kua.cli"])
def test_start_up_without_scans_the_work_with_them(
    entry: Callable[[], None], monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    seen: dict[str, object] = {}

    def setup() -> None:
        seen["setup"] = gc.isenabled()

    def handler(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
        def work(args: argparse.Namespace) -> int:
            seen["work"] = (gc.isenabled(), gc.get_freeze_count() > 0)
            return 0

        return work

    monkeypatch.setattr(django, "setup", setup)
    monkeypatch.setattr(kua.cli, "_handler", handler)
    monkeypatch.setattr(sys, "argv", ["kua", "seal"])
    with pytest.raises(SystemExit) as exited:
        entry()
    assert exited.value.code == 0
    assert seen == {"setup": False, "work": (True, True)}
    assert gc.isenabled()


def test_a_command_called_in_process_leaves_the_collector_alone(
    monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    monkeypatch.setattr(kua.cli, "_handler", lambda args: lambda args: 0)
    assert kua.cli.main(["seal"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.parametrize("frozen_at_start", [True, False])
def test_an_import_keeps_start_up_frozen(frozen_at_start: bool, collector: None) -> None:
    if frozen_at_start:
        gc.freeze()
    with importing._few_collections():
        assert gc.get_freeze_count() > 0
    assert (gc.get_freeze_count() > 0) is frozen_at_start


LOOKUPS = """
import gettext, json
domains = []
find = gettext.find
gettext.find = lambda domain, *args, **kwargs: domains.append(domain) or find(domain, *args, **kwargs)
from kua.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
print(json.dumps(domains))
"""


def test_building_the_parsers_looks_for_no_catalogue_but_kuas() -> None:
    """argparse's own words come from Kua's catalogue from the start: the standard library's
    gettext looked on disk for a catalogue at each of the ~170 words (≈20 ms of start-up)."""
    out = subprocess.run([sys.executable, "-c", LOOKUPS], capture_output=True, text=True, check=True).stdout
    domains = json.loads(out.strip().splitlines()[-1])
    assert "django" in domains
    assert set(domains) == {"django"} and len(domains) <= 3
