"""Issue 22, item 7: the two import checks read the same graph. `scripts/import_cycles.py`
leaves out `if TYPE_CHECKING:` imports as the import-linter contract does, so it finds no
cycle where `lint-imports` finds none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_cycle_script_agrees_with_the_contract() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/import_cycles.py"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "package cycles: 0" in result.stdout
