"""Issue 22, item 7: only services write to the database.

A write path is one function in an app's `services.py` (or a module of its `services/` package)
that writes its audit row in the same transaction; views, selectors, CLI modules and helpers call
it. This test walks `kua/` with `ast` and fails when any other module writes: `.save()`,
`.delete()`, `.create()` / `.get_or_create()` / `.update_or_create()` / `.update()` on a manager
or a queryset, `.bulk_create()` / `.bulk_update()`, or a literal INSERT / UPDATE / DELETE given to
`.execute()`. Excepted: migrations, the projections (written on the write path, at unseal or by
`kua maintain`, see docs/architecture.md), the command line's bootstrap, and the framework
plumbing listed below, each with its reason.

What the walk cannot see: SQL built in a variable (`kua/dbinsert.py`'s multi-row INSERT, which
only services import: checked below; key rotation's UPDATE, in a service), and a `.save()` given
a positional argument or called on a call's result (a file format's writer: PIL, python-docx,
openpyxl)."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

KUA = Path(__file__).resolve().parent.parent / "kua"

# Projections of the sealed records: brought up to date on the write path, at unseal, or by
# `kua maintain` (item 1); never by a reader. Each says so in its docstring.
PROJECTIONS = {
    "analytics/blockstore.py": "the column blocks: written in the storing transaction, merged by maintain",
    "cases/ledger.py": "the case ledger: an entry per store or status change, merged by maintain",
    "questionnaires/cache.py": "the compiled form cache: written at form install, serve start and maintain",
}

# The command line's bootstrap and its copies: not a write path of the running site.
CLI_BOOTSTRAP = {
    "cli/demo.py": "kua demo: makes the demonstration organisation and its two-factor devices",
    "cli/backup.py": "kua backup: strips the backup's own SQLite copy, never the live database",
    "cli/backup_scope.py": "kua backup --organisation: deletes other organisations' rows in the copy",
}

# Framework plumbing: a Django or library hook that must write what the framework expects.
PLUMBING = {
    "accounts/sessions.py": "Django's session engine (SessionStore.delete): the framework's own table",
    "accounts/lockout.py": "django-axes' handler: blanks the details axes itself just stored",
}

ALLOWED = PROJECTIONS | CLI_BOOTSTRAP | PLUMBING

_MANAGER_ATTRS = {"objects", "all_objects", "_default_manager", "_base_manager"}
_QUERYSET_CALLS = {"filter", "exclude", "all", "select_for_update", "order_by", "select_related", "none"}
_MANAGER_WRITES = {
    "create", "get_or_create", "update_or_create", "update",
    "acreate", "aget_or_create", "aupdate_or_create", "aupdate",
}  # fmt: skip
_ALWAYS_WRITES = {"bulk_create", "bulk_update", "abulk_create", "abulk_update", "delete", "adelete"}
_SQL_WRITES = ("insert", "update", "delete", "replace")


def _is_queryset(node: ast.expr, querysets: set[str]) -> bool:
    """Whether `node` is (as far as the source shows) a manager or a queryset."""
    if isinstance(node, ast.Name):
        return node.id in querysets
    if isinstance(node, ast.Attribute):
        return node.attr in _MANAGER_ATTRS or _is_queryset(node.value, querysets)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in _QUERYSET_CALLS and _is_queryset(node.func.value, querysets)
    return False


def _querysets(tree: ast.AST) -> set[str]:
    """Names assigned a manager or a queryset somewhere in the module (`rows = M.objects`)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if isinstance(target, ast.Name) and _is_queryset(node.value, found):
            found.add(target.id)
    return found


def _literal_sql(node: ast.expr) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return ""


def _is_save(call: ast.Call, receiver: ast.expr) -> bool:
    if call.args or isinstance(receiver, ast.Call):  # a file writer's save(buffer), Writer(...).save()
        return False
    commit = next((k.value for k in call.keywords if k.arg == "commit"), None)
    return not (isinstance(commit, ast.Constant) and commit.value is False)  # ModelForm.save(commit=False)


def _write(call: ast.Call, querysets: set[str]) -> bool:
    if not isinstance(call.func, ast.Attribute):
        return False
    name, receiver = call.func.attr, call.func.value
    if name in {"save", "asave"}:
        return _is_save(call, receiver)
    if name in _ALWAYS_WRITES:
        return True
    if name in _MANAGER_WRITES:
        return _is_queryset(receiver, querysets)
    if name in {"execute", "executemany"} and call.args:
        return _literal_sql(call.args[0]).lstrip().lower().startswith(_SQL_WRITES)
    return False


def writes_in(source: str) -> list[str]:
    """Each write call in a module's source, as `line: call`."""
    tree = ast.parse(source)
    querysets = _querysets(tree)
    return [
        f"{node.lineno}: {ast.unparse(node.func)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and _write(node, querysets)
    ]


def _is_service(relative: Path) -> bool:
    return relative.name == "services.py" or "services" in relative.parts[:-1]


def _exempt(relative: Path) -> bool:
    return "migrations" in relative.parts or _is_service(relative) or relative.as_posix() in ALLOWED


def _writers() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(KUA.rglob("*.py")):
        relative = path.relative_to(KUA)
        if not _exempt(relative) and (writes := writes_in(path.read_text(encoding="utf-8"))):
            found[relative.as_posix()] = writes
    return found


def test_only_services_projections_and_bootstrap_write() -> None:
    assert _writers() == {}


def _imports_dbinsert(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        names = {alias.name for alias in node.names}
        return node.module == "kua.dbinsert" or (node.module == "kua" and "dbinsert" in names)
    return isinstance(node, ast.Import) and any(alias.name == "kua.dbinsert" for alias in node.names)


def test_the_multi_row_insert_is_imported_by_services_only() -> None:
    importers = [
        path.relative_to(KUA)
        for path in sorted(KUA.rglob("*.py"))
        if any(_imports_dbinsert(node) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))
    ]
    assert importers, "kua.dbinsert is imported by nobody: this check no longer checks anything"
    assert [p.as_posix() for p in importers if not _is_service(p)] == []


def _is_tail(first: ast.stmt, second: ast.stmt) -> bool:
    saved = first.value if isinstance(first, ast.Expr) else None
    audited = getattr(second, "value", None)
    if not (isinstance(saved, ast.Call) and isinstance(saved.func, ast.Attribute)):
        return False
    if saved.func.attr != "save" or not isinstance(audited, ast.Call):
        return False
    obj = next((k.value for k in audited.keywords if k.arg == "obj"), None)
    same = obj is not None and ast.unparse(obj) == ast.unparse(saved.func.value)
    return same and ast.unparse(audited.func).endswith("audit_record")


def _save_then_audit(source: str) -> list[str]:
    """`x.save(...)` followed at once by `audit_record(..., obj=x)`: what save_with_audit is for."""
    found = []
    for node in ast.walk(ast.parse(source)):
        blocks = [getattr(node, name, None) for name in ("body", "orelse", "finalbody")]
        for block in (b for b in blocks if isinstance(b, list)):
            found += [f"{a.lineno}: {ast.unparse(a)}" for a, b in itertools.pairwise(block) if _is_tail(a, b)]
    return found


def test_the_save_then_audit_tail_is_one_helper() -> None:
    """Item 7: the tail copied by hand is kua.audit.services.save_with_audit (itself excepted)."""
    found = {}
    for path in sorted(KUA.rglob("*.py")):
        relative = path.relative_to(KUA).as_posix()
        skipped = relative == "audit/services.py"
        if not skipped and (tails := _save_then_audit(path.read_text(encoding="utf-8"))):
            found[relative] = tails
    assert found == {}


def test_the_tail_walk_sees_the_tail() -> None:
    source = "def f(case, a):\n    case.save(update_fields=['x'])\n    audit_record(a, obj=case)\n"
    assert _save_then_audit(source) == ["2: case.save(update_fields=['x'])"]
    assert _save_then_audit(source.replace("obj=case", "obj=other")) == []


@pytest.mark.parametrize("relative", sorted(ALLOWED))
def test_every_exception_still_writes_and_exists(relative: str) -> None:
    """An allowed module that stopped writing (or went) leaves the list."""
    assert writes_in((KUA / relative).read_text(encoding="utf-8")), relative


@pytest.mark.parametrize("relative", sorted(PROJECTIONS))
def test_projections_say_so(relative: str) -> None:
    docstring = ast.get_docstring(ast.parse((KUA / relative).read_text(encoding="utf-8"))) or ""
    assert "projection" in docstring.lower(), relative


@pytest.mark.parametrize(
    "source",
    [
        "def f(case):\n    case.save()\n",
        "def f(case):\n    case.save(update_fields=['status'])\n",
        "def f(case):\n    case.delete()\n",
        "def f():\n    Case.objects.create(pk=1)\n",
        "def f():\n    Case.objects.filter(pk=1).update(status='x')\n",
        "def f():\n    rows = Case._default_manager\n    rows.create(pk=1)\n",
        "def f():\n    current = Key.objects.filter(active=True)\n    current.update(active=False)\n",
        "def f():\n    Part.objects.bulk_create([])\n",
        "def f():\n    Link.objects.update_or_create(user=1)\n",
        "def f(cursor):\n    cursor.execute('DELETE FROM cases_case WHERE id = %s', [1])\n",
        "def f(cursor, t):\n    cursor.execute(f'update {t} set x = 1')\n",
        "async def f(case):\n    await case.asave()\n",
    ],
)
def test_the_walk_sees_a_write(source: str) -> None:
    assert writes_in(source)


@pytest.mark.parametrize(
    "source",
    [
        "def f(d):\n    d.update({'a': 1})\n",
        "def f(image, out):\n    image.save(out, format='PNG')\n",
        "def f(wb, a):\n    Writer(wb, a).save()\n",
        "def f(form):\n    return form.save(commit=False)\n",
        "def f(cursor):\n    cursor.execute('select 1')\n",
        "def f(h, b):\n    h.update(b)\n",
    ],
)
def test_the_walk_ignores_what_is_not_a_write(source: str) -> None:
    assert writes_in(source) == []
