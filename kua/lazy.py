"""Functions named by their dotted path and imported when first called.

What Django connects or installs at start-up (signal receivers in `AppConfig.ready()`, the steps
of the intake pipeline) then costs no import: a command that never stores, erases or unseals
never loads the Collect intake, the analytic view or the case ledger (issue 26)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from django.utils.module_loading import import_string


@cache
def resolve(path: str) -> Callable[..., Any]:
    """The function at `path` ("package.module.function"), imported on the first call."""
    function: Callable[..., Any] = import_string(path)
    return function


def receiver(path: str, *, only_if_imported: bool = False) -> Callable[..., Any]:
    """A signal receiver that calls the function at `path`. Connect it with `weak=False` (nothing
    else holds it) and a `dispatch_uid`. `only_if_imported`: a receiver that drops what its module
    keeps in memory has nothing to drop while the module was never imported, so it imports nothing."""
    module = path.rpartition(".")[0]

    def receive(sender: Any, **kwargs: Any) -> Any:
        if only_if_imported and module not in sys.modules:
            return None
        return resolve(path)(sender, **kwargs)

    receive.__qualname__ = receive.__name__ = f"receiver({path})"
    return receive
