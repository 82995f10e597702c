"""Signal receivers: they only hand over to a service."""

from __future__ import annotations

from typing import Any

from kua.cases.services import cases_open_for_stored


def open_cases_on_store(sender: Any, **kwargs: Any) -> None:
    cases_open_for_stored(
        organisation=kwargs["organisation"],
        interviews=kwargs["interviews"],
        answers=kwargs["answers"],
        batch=kwargs.get("batch"),
    )
