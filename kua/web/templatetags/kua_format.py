"""{{ day|kua_date }} and {{ sum|kua_amount }} in the page's language."""

from __future__ import annotations

import datetime

from django import template
from django.utils.translation import get_language

from kua.localformat import format_amount, format_date

register = template.Library()


def _language() -> str:
    return (get_language() or "ru").split("-")[0]


@register.filter
def kua_date(day: datetime.date | None) -> str:
    if isinstance(day, datetime.datetime):
        day = day.date()
    return format_date(day, _language())


@register.filter
def kua_amount(value: float | None) -> str:
    return "—" if value is None else format_amount(value, _language())
