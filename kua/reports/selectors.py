"""Reading the coordinator's report texts (the newest version per language) and the threshold.

The texts are per language; the suppression threshold is one per organisation (stored in
ReportSettings), so that every language's public edition hides the same cells.
"""

from __future__ import annotations

from typing import Any

from kua.reports.models import ReportContent, ReportSettings

DEFAULT_CROSSTABS = ["residence_district", "work_venue", "age_band", "citizenship"]
DEFAULT_THRESHOLD = 5
TEXT_KEYS = ("title", "period", "authors", "summary", "context", "conclusions")


def default_content() -> dict[str, Any]:
    return {
        **dict.fromkeys(TEXT_KEYS, ""),
        "threshold": DEFAULT_THRESHOLD,
        "crosstabs": list(DEFAULT_CROSSTABS),
        "recommendations": [],
    }


def report_threshold(organisation_id: int) -> int:
    """The organisation's one suppression threshold (the default until she sets one)."""
    saved = ReportSettings.objects.filter(organisation_id=organisation_id).values_list("threshold", flat=True)
    return next(iter(saved), DEFAULT_THRESHOLD)


def report_content(organisation_id: int, language: str) -> tuple[dict[str, Any], int]:
    """The newest version of the texts for this language (defaults where none), and its number.

    Its "threshold" is the organisation's, whatever an older version saved for the language."""
    latest = (
        ReportContent.objects.filter(organisation_id=organisation_id, language=language)
        .order_by("-version")
        .first()
    )
    content = default_content()
    if latest is not None:
        content.update(latest.content)
    content["threshold"] = report_threshold(organisation_id)
    return content, latest.version if latest is not None else 0
