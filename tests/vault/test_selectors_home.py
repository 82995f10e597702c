"""Issue 22, item 7: the vault's read helpers live in `vault/selectors.py`, and every module
imports them from there (services only writes)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ_HELPERS = ("vault_for", "is_unsealed", "private_key")


def test_read_helpers_are_imported_from_the_selectors() -> None:
    wrong = []
    for path in [*(ROOT / "kua").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        if path.name == "services.py" and path.parent.name == "vault":
            continue
        text = path.read_text(encoding="utf-8")
        for statement in re.findall(r"from kua\.vault\.services import \(?([^)\n]*(?:\n[^)]*)?)\)?", text):
            names = {n.strip().split(" as ")[0] for n in re.split(r"[,\s]+", statement) if n.strip()}
            if names & set(READ_HELPERS):
                wrong.append(f"{path.relative_to(ROOT)}: {sorted(names & set(READ_HELPERS))}")
    assert not wrong, wrong
