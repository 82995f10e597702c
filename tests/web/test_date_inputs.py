"""Every date input carries an ISO value in every language (issue 21, item 4): a Russian value
such as 05.12.2026 is discarded by the browser's date picker and the form then refused a date
that was filled in."""

from __future__ import annotations

import datetime
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

import kua
from kua.accounts.models import User
from kua.web.widgets import IsoDateInput
from tests.conftest import logged_in

DAY = datetime.date(2026, 12, 5)


def date_fields() -> list[tuple[str, forms.DateField]]:
    found = []
    for module in pkgutil.walk_packages(kua.__path__, "kua."):
        if not module.name.endswith(".forms"):
            continue
        for name, value in vars(importlib.import_module(module.name)).items():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.name
            ):
                for field_name, field in value.base_fields.items():  # type: ignore[attr-defined]
                    if isinstance(field, forms.DateField):
                        found.append((f"{module.name}.{name}.{field_name}", field))
    return found


def test_the_forms_have_date_fields() -> None:
    assert len(date_fields()) >= 10  # the search finds the forms (cases, studies, reports, ...)


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_every_date_field_renders_iso_and_saves_it_unchanged(language: str) -> None:
    with translation.override(language):
        for name, field in date_fields():
            assert isinstance(field.widget, IsoDateInput), name
            html = field.widget.render("d", DAY)
            assert 'type="date"' in html and 'value="2026-12-05"' in html, (name, html)
            assert field.clean(field.widget.format_value(DAY)) == DAY, name


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_refusal_page_round_trips_its_date(bob: User, language: str) -> None:
    client = logged_in(bob)
    client.cookies["django_language"] = language
    page = client.get(reverse("refusal_new"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    values = re.findall(r'<input type="date"[^>]*value="([^"]*)"', page)
    assert values and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) for v in values), values
