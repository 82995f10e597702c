"""interviews.batch and interviews.services no longer import each other: both take the shared
piece (validating and preparing the content) from interviews.content."""

from __future__ import annotations

import ast
from pathlib import Path

import kua.interviews

PACKAGE = Path(kua.interviews.__file__).parent


def _imports(module: str) -> set[str]:
    """Every module that `module` imports, at any depth of its code."""
    path = PACKAGE / f"{module}.py"
    if not path.exists():  # a package (services/)
        path = PACKAGE / module / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_batch_and_content_do_not_import_services() -> None:
    for module in ("batch", "content", "payload"):
        assert "kua.interviews.services" not in _imports(module), module


def test_services_takes_the_content_rules_from_content() -> None:
    assert "kua.interviews.content" in _imports("services")
