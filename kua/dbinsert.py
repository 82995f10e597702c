"""Many rows of one model in one multi-row INSERT … RETURNING per slice (any model, any database).

Django's bulk_create spends more per row than the import's validation: it builds an SQL
compiler, checks every object and prepares every value through several layers. Here each
column's conversion is looked up once per model, values that are the same for every row
(the organisation, the batch, the data key, the time) are prepared once, and the database
returns the new primary keys. Callers stay inside their own transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

SLICE = 500  # rows per statement: SQLite allows 32,766 parameters, 500 × 11 columns is well below

# Internal types whose Python value is already what the database driver takes.
_AS_IS = frozenset(
    {
        "AutoField", "BigAutoField", "SmallAutoField", "CharField", "TextField", "BooleanField",
        "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
        "PositiveBigIntegerField", "PositiveSmallIntegerField",
    }
)  # fmt: skip

# Drivers that take `bytes` for a binary column as they take Django's wrapped value.
_BYTES_AS_IS = frozenset({"sqlite", "postgresql"})


def _preparer(field: Any) -> Callable[[Any], Any] | None:
    """How a column's value is made ready for the driver (None: it is ready as it is)."""
    if isinstance(field, models.ForeignKey):
        return _preparer(field.target_field)
    kind = field.get_internal_type()
    if kind in _AS_IS or (kind == "BinaryField" and connection.vendor in _BYTES_AS_IS):
        return None
    if kind == "UUIDField":
        return None if connection.features.has_native_uuid_field else _uuid_hex
    return lambda value: field.get_db_prep_save(value, connection)


def _uuid_hex(value: Any) -> Any:
    """What Django stores for a UUID where the database has no UUID type (32 hex digits)."""
    if value is None or isinstance(value, uuid.UUID):
        return value and value.hex
    return uuid.UUID(str(value)).hex


class Insert:
    """INSERT of the named fields of `model`; `fixed` names take one value for every row."""

    def __init__(
        self, model: type[models.Model], names: Sequence[str], fixed: dict[str, Any] | None = None
    ) -> None:
        meta = model._meta
        fixed = {**_constant_defaults(model, (*names, *(fixed or {}))), **(fixed or {})}
        self.model = model
        self.names = tuple(names)
        fields: list[Any] = [meta.get_field(name) for name in (*self.names, *fixed)]
        self.preparers = [_preparer(f) for f in fields[: len(self.names)]]
        constant = zip(fields[len(self.names) :], fixed.values(), strict=True)
        self.fixed = [_prepare(_preparer(f), value) for f, value in constant]
        quote = connection.ops.quote_name
        self.pk: Any = meta.pk
        columns = ", ".join(quote(f.column) for f in fields)
        self.head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608
        self.marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
        self.returning = f" RETURNING {quote(str(self.pk.column))}"

    def rows(self, rows: Sequence[Sequence[Any]]) -> list[Any]:
        """Insert `rows` (values in the order of `names`); their primary keys, in that order."""
        keys: list[Any] = []
        for start in range(0, len(rows), SLICE):
            keys.extend(self._slice(rows[start : start + SLICE]))
        return keys

    def _slice(self, part: Sequence[Sequence[Any]]) -> list[Any]:
        params: list[Any] = []
        preparers, fixed = self.preparers, self.fixed
        for row in part:
            params.extend(
                value if prepare is None else prepare(value)
                for prepare, value in zip(preparers, row, strict=True)
            )
            params.extend(fixed)
        sql = self.head + ", ".join([self.marks] * len(part)) + self.returning
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            keys = [row[0] for row in cursor.fetchall()]
        if len(keys) != len(part):
            raise RuntimeError("the database did not return one key per inserted row")
        # Both SQLite and PostgreSQL assign keys in the order of VALUES; RETURNING may list
        # them in another order, so they are sorted back (keys only grow).
        return sorted(keys)


def _constant_defaults(model: type[models.Model], named: Sequence[str]) -> dict[str, Any]:
    """The model's constant defaults of the fields not named (Django sets defaults in Python,
    not in the table). A field with a computed default (uuid4, now) must be named."""
    defaults: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.name in named or f.primary_key:
            continue
        if f.has_default() and callable(f.default):
            raise ValueError(f"{model.__name__}.{f.name} has a computed default: give its values")
        value = f.get_default()  # "" for a text field without a default, as Django's save
        if value is not None:
            defaults[f.name] = value
    return defaults


def _prepare(prepare: Callable[[Any], Any] | None, value: Any) -> Any:
    return value if prepare is None else prepare(value)


def insert_objects(objects: Iterable[models.Model]) -> None:
    """Insert unsaved model instances of one model (bulk_create without its overhead): every
    concrete field but the automatic key, `auto_now`/`auto_now_add` and defaults applied by
    `pre_save`; each object gets its primary key."""
    objects = list(objects)
    if not objects:
        return
    model = type(objects[0])
    fields = [
        f for f in model._meta.concrete_fields if not f.primary_key or not isinstance(f, models.AutoField)
    ]
    insert = Insert(model, [f.name for f in fields])
    rows = [[f.pre_save(obj, True) for f in fields] for obj in objects]  # type: ignore[no-untyped-call]
    for obj, key in zip(objects, insert.rows(rows), strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias
