"""Issue 26, item 3: start-up (django.setup() and `kua` itself) imports no heavy library and none
of the modules the apps' ready() used to pull in; the receivers are still connected at start-up
and the pipeline's steps resolve to their functions, in the written order."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest

from kua import lazy
from kua.intake import pipeline

# Libraries no command needs before its own work (each costs start-up time).
HEAVY = ("pyxform", "openpyxl", "docx", "reportlab", "opendp", "lxml", "PIL", "qrcode", "waitress")
# What ready() imported on main, only for a vault unsealed, an interview stored or erased.
NOT_AT_START = ("kua.odk.services", "kua.odk.crypto", "kua.offline.services", "kua.analytics.store",
                "kua.analytics.blockstore", "kua.cases.receivers", "kua.cases.index", "kua.cases.chunks",
                "kua.releases.services", "kua.network.counting", "kua.trail.references",
                "kua.accounts.otp_keys", "kua.interviews.services", "kua.questionnaires.spec")  # fmt: skip

STARTED = """
import json, sys, django
import kua.cli
django.setup()
from kua.vault.signals import key_dropped, key_rotated, vault_unsealed
signals = (("unsealed", vault_unsealed), ("dropped", key_dropped), ("rotated", key_rotated))
uids = {name: [str(r[0][0]) for r in signal.receivers] for name, signal in signals}
print(json.dumps({"modules": sorted(sys.modules), "uids": uids}))
"""


COMMAND_MODULES = """
import importlib, json, sys, django
django.setup()
from kua.cli import COMMANDS
for module in sorted(set(COMMANDS.values()) - {"kua.cli.serve"}):  # serve is waitress itself
    importlib.import_module(module)
print(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture(scope="module")
def started() -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", STARTED], capture_output=True, text=True, check=True).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if any(m == name or m.startswith(name + ".") for m in modules)]


def test_start_up_imports_no_heavy_library(started: dict[str, list[str]]) -> None:
    assert not _loaded(started["modules"], HEAVY)
    assert "kua.intake.pipeline" in started["modules"]  # the check looked at a real start-up


def test_no_command_imports_a_heavy_library_before_its_work() -> None:
    """A renderer's library is imported when a document is drawn (`kua report` caught FontMissing
    from a module that imported ReportLab and Pillow at its top)."""
    out = subprocess.run(
        [sys.executable, "-c", COMMAND_MODULES], capture_output=True, text=True, check=True
    ).stdout
    modules = json.loads(out)
    assert "kua.cli.report" in modules and "kua.documents.fonts" in modules
    assert not _loaded(modules, HEAVY)


def test_start_up_imports_no_intake_or_receiver_module(started: dict[str, list[str]]) -> None:
    assert not _loaded(started["modules"], NOT_AT_START)


def test_receivers_are_connected_at_start_up_in_the_apps_order(
    started: dict[str, dict[str, list[str]]],
) -> None:
    uids = started["uids"]
    # Collect and offline entries are stored at unseal before the analytic view builds.
    assert uids["unsealed"] == ["kua.odk.process_on_unseal", "kua.offline.process_on_unseal",
                                "kua.analytics.build_on_unseal", "cases.maintain_on_unseal"]  # fmt: skip
    assert uids["dropped"] == ["kua.analytics.drop_with_key", "kua.trail.forget_numbers",
                               "cases.index.drop_with_key", "kua.network.drop_with_key"]  # fmt: skip
    assert uids["rotated"] == ["kua.releases.rotate_signing_key"]


def test_every_step_of_the_pipeline_names_a_function() -> None:
    hooks = [h for s in pipeline.STEPS for h in (s.on_stored, s.on_erased, s.on_chunk) if h is not None]
    assert len(hooks) == 8 and all(isinstance(hook, str) for hook in hooks)
    assert all(callable(lazy.resolve(hook)) for hook in hooks)


def test_a_lazy_receiver_imports_its_module_when_the_signal_comes(monkeypatch: pytest.MonkeyPatch) -> None:
    heard: list[tuple[object, dict[str, object]]] = []
    module = types.ModuleType("kua_lazy_probe")
    module.hear = lambda sender, **kwargs: heard.append((sender, kwargs))  # type: ignore[attr-defined]
    dropping = lazy.receiver("kua_lazy_probe.hear", only_if_imported=True)
    assert dropping("sender", vault_id=1) is None and heard == []  # never imported: nothing to drop
    monkeypatch.setitem(sys.modules, "kua_lazy_probe", module)
    lazy.receiver("kua_lazy_probe.hear")("sender", vault_id=2)
    dropping("sender", vault_id=3)
    assert heard == [("sender", {"vault_id": 2}), ("sender", {"vault_id": 3})]
