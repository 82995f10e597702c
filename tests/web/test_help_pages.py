"""A short help page per role, in three languages, linked from the navigation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kua.accounts.models import User
from tests.conftest import logged_in

HEADINGS = {
    "ru": ("Если телефон потерян или изъят", "Если респондент отзывает согласие", "Резервные копии"),
    "kk": ("Телефон жоғалса немесе тәркіленсе", "Респондент келісімін қайтарып алса", "Сақтық көшірмелер"),
    "en": ("When a phone is lost or seized", "When a respondent withdraws consent", "Backups"),
}
# One sentence of each role's own page, in Russian: the pages differ by role.
OWN = {
    "coordinator": "kua backup --out FILE",
    "documenter": "Отправляйте интервью, как только появится сеть",
    "lawyer": "Скачанные письма и материалы дел",
    "analyst": "Вы видите только числа",
}


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
@pytest.mark.parametrize("role", ["coordinator", "documenter", "lawyer", "analyst"])
def test_every_role_has_its_page_in_every_language(alice: User, role: str, language: str) -> None:
    client = logged_in(alice)
    client.cookies["django_language"] = language
    page = client.get(reverse("help_role", args=[role])).content.decode()
    for heading in HEADINGS[language]:
        assert f"<h2>{heading}</h2>" in page


@pytest.mark.parametrize("person", ["alice", "bob", "lena", "ana"])
def test_help_opens_on_her_own_roles_page(person: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(person)
    client = logged_in(user)
    client.cookies["django_language"] = "ru"
    response = client.get(reverse("help"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("help_role", args=[user.role])
    assert OWN[user.role] in page
    assert f'href="{reverse("help")}"' in page  # the navigation links to help


def test_only_the_coordinator_is_offered_the_audit_page(alice: User, bob: User) -> None:
    link = f'href="{reverse("audit_list")}"'
    assert link in logged_in(alice).get("/").content.decode()
    assert link not in logged_in(bob).get("/").content.decode()
