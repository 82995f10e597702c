"""`kua tables --format json`, assembled in one place: the view's tables, trafficking, responses."""

from __future__ import annotations

from typing import Any

from kua.accounts.models import User
from kua.analytics.filters import Filters
from kua.analytics.services import tables_read
from kua.analytics.store import view_for
from kua.analytics.trafficking import trafficking_table
from kua.cases.counting import responses_table


def tables_json(*, actor: User, via: str = "cli", filters: Filters | None = None) -> dict[str, Any]:
    """The exact counts (tables_read checks the reader and records the read), plus the two
    blocks of shared/spec/cases.md."""
    tables = tables_read(actor=actor, via=via, filters=filters)
    tables["trafficking"] = trafficking_table(view_for(actor.org_id))
    tables["responses"] = responses_table(actor.org_id)
    return tables
