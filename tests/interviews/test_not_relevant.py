"""Without JavaScript every follow-up is on the page: an answer to one that does not apply is
discarded (XForms semantics), the interview is saved, and the page names what was dropped."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from kua.accounts.models import User
from kua.interviews.models import Interview
from kua.interviews.selectors import open_payload
from kua.vault.models import Vault
from tests.conftest import logged_in, valid_answers

# police_complained = "no" in valid_answers(): the follow-ups below do not apply
NOT_APPLYING = {"police_complaint_accepted": "yes", "police_complaint_where": "в прокуратуру"}


def _post(user: User, answers: dict[str, Any], language: str = "ru") -> Any:
    client = logged_in(user)
    client.cookies["django_language"] = language
    return client.post(reverse("interview_new"), answers, follow=True)


def test_an_answer_to_a_follow_up_that_does_not_apply_is_dropped_and_named(
    bob: User, unsealed: Vault
) -> None:
    response = _post(bob, valid_answers(**NOT_APPLYING))
    assert response.status_code == 200
    assert response.redirect_chain, "the interview was refused instead of saved"
    body = response.content.decode()
    assert "должен остаться пустым" not in body
    assert "Не сохранены ответы на вопросы, которые при других ответах не задаются" in body
    assert "«Приняли ли вашу жалобу?»" in body
    assert "«Куда вы подали жалобу?»" in body
    answers = open_payload(Interview.objects.get()).answers
    assert "police_complaint_accepted" not in answers
    assert "police_complaint_where" not in answers
    assert answers["police_no_complaint_reason"] == "боялась"


def test_the_dropped_answers_are_named_in_her_language(bob: User) -> None:
    body = _post(bob, valid_answers(**NOT_APPLYING), language="en").content.decode()
    assert "“Was your complaint accepted?”" in body
    assert Interview.objects.count() == 1


def test_nothing_is_said_when_nothing_was_dropped(bob: User) -> None:
    body = _post(bob, valid_answers(), language="en").content.decode()
    assert Interview.objects.count() == 1
    assert "Not kept" not in body


def _block(body: str, name: str) -> str:
    return body.split(f'data-field="{name}"', 1)[1].split('data-field="', 1)[0]


def test_without_javascript_a_follow_up_says_when_it_applies_instead_of_a_red_star(bob: User) -> None:
    client = logged_in(bob)
    client.cookies["django_language"] = "ru"
    body = client.get(reverse("interview_new")).content.decode()
    follow_up = _block(body, "police_complaint_accepted")
    assert '<span class="req req-if" title=' in follow_up  # kua.css shows it only with the script
    assert '<span class="req" ' not in follow_up
    # the question it depends on, cut in the middle (its start and its end tell it apart)
    complained = "«Подавали ли вы за … или прокуратуру?»"
    assert f'<p class="only-if">только если {complained} — «Да»</p>' in follow_up
    # a question that always applies keeps its red star and says nothing more
    consent = _block(body, "consent_recorded")
    assert '<span class="req" title=' in consent and "only-if" not in consent
