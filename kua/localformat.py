"""Dates and amounts as a reader of each language expects them, in reports and pages alike.

ru and kk: 01.12.2026. en: 1 Dec 2026 (day, month, year: never the ambiguous 12/01/2026).
Numbers are grouped by threes with a narrow no-break space in every language (40 000),
amounts carry the tenge sign after a no-break space (40 000 ₸).
"""

from __future__ import annotations

import datetime

GROUP = "\u202f"  # narrow no-break space, as in the Russian and Kazakh typographic norm
NBSP = "\u00a0"
TENGE = "₸"
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(day: datetime.date | None, language: str) -> str:
    if day is None:
        return "—"
    if language == "en":
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day:%d.%m.%Y}"


def format_month(day: datetime.date, language: str) -> str:
    """12.2026 in ru and kk, Dec 2026 in en."""
    if language == "en":
        return f"{EN_MONTHS[day.month - 1]} {day.year}"
    return f"{day:%m.%Y}"


def format_period(first: datetime.date, last: datetime.date, language: str) -> str:
    return f"{format_date(first, language)} – {format_date(last, language)}"


def group_thousands(value: int) -> str:
    return f"{value:,}".replace(",", GROUP)


def format_amount(value: float, language: str) -> str:
    """A sum of money in tenge, rounded to whole tenge: 40 000 ₸."""
    return f"{group_thousands(round(value))}{NBSP}{TENGE}"
