"""`kua tables --format json`, assembled in one place: the view's tables, trafficking, responses."""

from __future__ import annotations

from typing import Any

from kua.analytics.store import view_for
from kua.analytics.tables import summary_tables
from kua.analytics.trafficking import trafficking_table
from kua.cases.counting import responses_table


def tables_json(organisation_id: int) -> dict[str, Any]:
    view = view_for(organisation_id)
    tables = summary_tables(view)
    tables["trafficking"] = trafficking_table(view)
    tables["responses"] = responses_table(organisation_id)
    return tables
