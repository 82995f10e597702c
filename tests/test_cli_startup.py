"""`kua` loads each command's module by name, and `kua tables` imports only what counting needs."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from kua.cli import COMMANDS, _parser

# Libraries and modules that reading tables never uses (each costs start-up time).
NOT_FOR_TABLES = ("pyxform", "openpyxl", "docx", "reportlab", "waitress", "kua.interchange.importing",
                  "kua.interchange.exporting", "kua.reports.render",
                  "kua.reports.content.assemble", "kua.interviews.batch",
                  "kua.questionnaires.validator")  # fmt: skip

LOADED = """
import json, sys, django, importlib
django.setup()
from kua.cli import COMMANDS
importlib.import_module(COMMANDS["tables"])
print(json.dumps(sorted(sys.modules)))
"""


def test_tables_imports_no_form_spreadsheet_or_report_library() -> None:
    out = subprocess.run([sys.executable, "-c", LOADED], capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out))
    wrongly = [name for name in NOT_FOR_TABLES if any(m == name or m.startswith(name + ".") for m in loaded)]
    assert not wrongly, f"`kua tables` imports {wrongly}"
    assert "kua.reports.counting.tables_json" in loaded  # the check above looked at a real import


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_its_function(name: str) -> None:
    module = importlib.import_module(COMMANDS[name])
    assert callable(getattr(module, f"cmd_{name}"))


def _names(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    """Every command the parser knows, as COMMANDS spells it ("user add" is user_add); a
    command whose subcommand is optional (backup) is a command itself too."""
    found: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for word, sub in action.choices.items():
                name = prefix + word.replace("-", "_")
                deeper = _names(sub, name + "_")
                found |= deeper or {name}
                if deeper and not any(
                    isinstance(a, argparse._SubParsersAction) and a.required for a in sub._actions
                ):
                    found.add(name)
    return found


def test_every_command_of_the_parser_is_in_the_table() -> None:
    names = _names(_parser())
    assert {"tables", "user_add", "backup", "backup_verify", "audit_verify"} <= names
    assert names == set(COMMANDS)
