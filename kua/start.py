"""The `kua` command's entry point ([project.scripts] in pyproject.toml).

Loading Python, Django and the apps allocates some hundred thousand objects and frees few, so the
cyclic garbage collector's scans in that time find nothing and cost about a sixth of start-up.
They are off until Django is set up: `kua.cli.main` switches them on before the command's work."""

from __future__ import annotations

import gc
import sys


def run() -> None:
    gc.disable()
    try:
        from kua.cli import main  # Django and the apps load here, with no collector scans

        code = main()
    finally:
        gc.enable()
    sys.exit(code)
