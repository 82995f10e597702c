"""A 405 is a translated page like 403/404/500, and keeps its Allow header."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kua.accounts.models import User
from tests.conftest import logged_in

TEXTS = {
    "ru": "Эта страница так не работает",
    "kk": "Бұл бет олай жұмыс істемейді",
    "en": "This page cannot do that",
}


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_a_link_to_a_button_gets_the_translated_page(bob: User, language: str) -> None:
    client = logged_in(bob)
    client.cookies["django_language"] = language
    response = client.get(reverse("vault_seal"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert TEXTS[language] in page
    assert "<nav" in page  # the site's own page, with its menu, not an empty body


def test_anonymous_visitor_gets_the_page_too(db: object) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="ru").get(reverse("offline_send"))
    assert response.status_code == 405
    assert TEXTS["ru"] in response.content.decode()
