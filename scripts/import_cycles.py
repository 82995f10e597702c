"""List the package-level import cycles among the kua.* apps and the function-local imports.

Run: .venv/bin/python scripts/import_cycles.py   (exit 1 when a cycle exists)

A package-level cycle: app A imports (anywhere in A) something of app B and B imports A,
directly or through other apps; imports under `if TYPE_CHECKING:` are left out when the contract
leaves them out (`exclude_type_checking_imports`), so both checks read the same graph.
Function-local imports: `import` statements inside a function body in kua/ outside kua/cli/
(the CLI loads command modules lazily on purpose).
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
KUA = ROOT / "kua"


def app_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def contract_ignores() -> set[tuple[str, str]]:
    """The imports the contract in pyproject.toml lets through, each with its reason there."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ignored: set[tuple[str, str]] = set()
    for contract in config.get("tool", {}).get("importlinter", {}).get("contracts", []):
        for line in contract.get("ignore_imports", []):
            importer, imported = (part.strip() for part in line.split("->"))
            ignored.add((importer, imported))
    return ignored


def excludes_type_checking() -> bool:
    """As the contract does: `exclude_type_checking_imports` in pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return bool(config.get("tool", {}).get("importlinter", {}).get("exclude_type_checking_imports", False))


def app_graph(ignored: set[tuple[str, str]]) -> dict[str, set[str]]:
    graph = grimp.build_graph(
        "kua",
        include_external_packages=False,
        exclude_type_checking_imports=excludes_type_checking(),
        cache_dir=None,
    )
    edges: dict[str, set[str]] = {}
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            if (importer, imported) in ignored:
                continue
            a, b = app_of(importer), app_of(imported)
            if a != b and a != "kua" and b != "kua":
                edges.setdefault(a, set()).add(b)
    return edges


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; returns the components with more than one app."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def function_local_imports() -> list[tuple[str, int, str]]:
    rows: list[tuple[str, int, str]] = []
    for path in sorted(KUA.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[1] == "cli" or "migrations" in rel.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    rows.append((str(rel), node.lineno, ast.unparse(node)))
    return sorted(set(rows))


def main() -> int:
    sys.path.insert(0, str(ROOT))
    ignored = contract_ignores()
    cycles = strongly_connected(app_graph(ignored))
    print(f"package cycles: {len(cycles)}")
    for importer, imported in sorted(ignored):
        print(f"  (not counted, an exception the contract lists: {importer} -> {imported})")
    for component in cycles:
        print("  {" + ", ".join(name.removeprefix("kua.") for name in component) + "}")
    local = function_local_imports()
    print(f"function-local imports outside kua/cli: {len(local)}")
    for rel, line, text in local:
        print(f"  {rel}:{line}: {text}")
    return 1 if cycles else 0


if __name__ == "__main__":
    raise SystemExit(main())
