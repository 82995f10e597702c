"""How an answer becomes a column value, the same in the view and in the column blocks."""

from __future__ import annotations

import datetime
import math
from typing import Any


def as_number(value: Any) -> float:
    """A number answer as float; NaN when unanswered or not a number."""
    try:
        return float(value) if value is not None else math.nan
    except (TypeError, ValueError):
        return math.nan


def as_ordinal(value: Any) -> int:
    """A date answer as its proleptic ordinal; 0 when unanswered or not a date."""
    try:
        return datetime.date.fromisoformat(str(value)).toordinal() if value else 0
    except ValueError:
        return 0
