"""The `kua` command's entry point ([project.scripts] in pyproject.toml, and `python -m kua`).

Loading Python, Django and the apps allocates some hundred thousand objects that live as long as
the process: the cyclic garbage collector's scans of them during start-up, when it is switched
on again and at exit find nothing. It is off from here, before even `kua.cli` imports Django's
ORM; `kua.cli.main` freezes what start-up loaded and switches it on before the command's work."""

from __future__ import annotations

import gc


def run() -> None:
    gc.disable()
    from kua.cli import run as run_command  # Django and the apps load here, with no scans

    run_command()
