"""One organisation's rows of a database copy (`kua backup --org NAME`).

On a server with several organisations each backup holds one organisation and is encrypted to
that organisation's recovery key only. The copy is cut down table by table, from what SQLite
itself knows of the schema: a row goes when its `organisation_id` names another organisation
(or none: the operator's rows), then, until nothing changes, every row whose foreign key points
to a row that went. What is left is this organisation's rows and the tables that belong to no
one (Django's bookkeeping, the compiled questionnaires)."""

from __future__ import annotations

import sqlite3

# Tables that name no organisation and hold nobody's data.
SHARED = frozenset({"django_migrations", "django_content_type", "auth_permission", "kua_forms_compiledform"})


def _tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    return sorted(name for (name,) in rows)


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f'pragma table_info("{table}")')}


def _foreign_keys(db: sqlite3.Connection, table: str) -> list[tuple[str, str, str]]:
    """(column, parent table, parent column) of each foreign key."""
    return [(row[3], row[2], row[4] or "id") for row in db.execute(f'pragma foreign_key_list("{table}")')]


def keep_only(db: sqlite3.Connection, organisation_id: int) -> dict[str, int]:
    """Delete every row not of this organisation; returns the rows removed per table."""
    removed: dict[str, int] = {}
    db.execute("PRAGMA foreign_keys=OFF")  # the orphans are removed below, to a fixed point
    tables = [t for t in _tables(db) if t not in SHARED]
    for table in tables:
        if "organisation_id" in _columns(db, table):
            cursor = db.execute(
                f'delete from "{table}" where organisation_id is null or organisation_id != ?',  # noqa: S608
                (organisation_id,),
            )
            removed[table] = removed.get(table, 0) + cursor.rowcount
    db.execute('delete from "accounts_organisation" where id != ?', (organisation_id,))
    changed = True
    while changed:
        changed = False
        for table in tables:
            for column, parent, parent_column in _foreign_keys(db, table):
                cursor = db.execute(
                    f'delete from "{table}" where "{column}" is not null and "{column}" not in '  # noqa: S608
                    f'(select "{parent_column}" from "{parent}")'
                )
                if cursor.rowcount:
                    removed[table] = removed.get(table, 0) + cursor.rowcount
                    changed = True
    return removed
