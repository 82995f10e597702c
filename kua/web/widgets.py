"""Form widgets every app shares."""

from __future__ import annotations

from typing import Any

from django import forms


class IsoDateInput(forms.DateInput):
    """`<input type="date">`: the browser shows the date in the user's language, but its value is
    always ISO (YYYY-MM-DD); a localised value such as 05.12.2026 is discarded by the browser, and
    the form then said a filled-in date was missing."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
