"""The form engine's tests need Django only for translation (no database).

With pytest-django and the project's settings module, Django is already set up; run
alone (``-p no:django`` and no DJANGO_SETTINGS_MODULE), minimal settings are made here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import django
import pytest
from django.apps import apps
from django.conf import settings


def _ensure_django() -> None:
    if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
        settings.configure(
            USE_I18N=True,
            LANGUAGE_CODE="en",
            INSTALLED_APPS=[],
            SECRET_KEY="kua-forms-tests",
        )
    if not apps.ready:
        django.setup()


_ensure_django()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in English; the catalogues translate them for users."""
    from django.utils import translation

    with translation.override("en"):
        yield
