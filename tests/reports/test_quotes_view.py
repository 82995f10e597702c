"""The quote chooser page and starting a language's texts from another's."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from kua.reports.models import QuoteSelection
from kua.reports.quotes import chosen_quotes
from kua.reports.services import report_content_save
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, logged_in, valid_answers

TEXTS = ("Первая история.", "Вторая история.", "Третья история.")


def _enter(user: User, **answers: Any) -> None:
    interview_create(
        actor=user,
        form_version=current_form(user.org_id),
        raw=valid_answers(**answers),
        today=timezone.localdate(),
    )


def _rows(n: int, keys: list[str], **fields: str) -> dict[str, str]:
    data = {
        "q-TOTAL_FORMS": str(n),
        "q-INITIAL_FORMS": str(n),
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "5000",
    }
    for i, key in enumerate(keys):
        data[f"q-{i}-key"] = key
    return {**data, **fields}


def test_coordinator_chooses_orders_and_translates(alice: User, bob: User, unsealed: Vault) -> None:
    for text in TEXTS:
        _enter(bob, narrative=text)
    _enter(bob, narrative="Нельзя цитировать.", quote_allowed="no", quote_pseudonym=None)
    client = logged_in(alice)
    page = client.get(reverse("report_quotes"))
    body = page.content.decode()
    assert page.status_code == 200 and all(t in body for t in TEXTS) and "Нельзя цитировать." not in body
    keys = [page.context["formset"].forms[i]["key"].value() for i in range(3)]
    form = _rows(3, keys, **{"q-0-include": "on", "q-0-order": "2", "q-2-include": "on", "q-2-order": "1",
                             "q-2-en": "Third story."})  # fmt: skip
    assert client.post(reverse("report_quotes"), form).status_code == 302
    chosen = chosen_quotes(alice.org_id)
    assert [c.key for c in chosen] == [keys[2], keys[0]]
    assert chosen[0].translations == {"ru": "", "kk": "", "en": "Third story."}
    saved = QuoteSelection.objects.get()
    assert b"Third story" not in bytes(saved.payload)  # sealed, like the answers
    event = AuditEvent.objects.get(action="report.quotes_save")
    assert event.detail == {"version": 1, "quotes": 2}
    assert AuditEvent.objects.filter(action="report.quotes_read").count() == 2  # every opening
    again = client.get(reverse("report_quotes")).content.decode()
    assert again.index("Третья история.") < again.index("Первая история.") < again.index("Вторая история.")


def test_quote_page_needs_the_vault_open(alice: User) -> None:
    assert logged_in(alice).get(reverse("report_quotes")).status_code == 503


@pytest.mark.parametrize("name", ["bob", "ana", "lena"])
def test_only_the_coordinator_chooses_quotes(name: str, request: Any, unsealed: Vault) -> None:
    assert logged_in(request.getfixturevalue(name)).get(reverse("report_quotes")).status_code == 404


def test_charlie_sees_none_of_alices_quotes(alice: User, bob: User, charlie: User, unsealed: Vault) -> None:
    _enter(bob, narrative=TEXTS[0])
    vault_unseal(vault=vault_for(charlie.org_id), user=charlie, passphrase=PASSPHRASE)
    body = logged_in(charlie).get(reverse("report_quotes")).content.decode()
    assert TEXTS[0] not in body


def test_texts_start_as_a_copy_of_another_language(alice: User) -> None:
    report_content_save(actor=alice, language="ru", content={"context": "Закон гласит…", "title": "Отчёт"})
    client = logged_in(alice)
    page = client.get(reverse("report_texts", args=["kk"]), {"from": "ru"}).content.decode()
    assert "Закон гласит…" in page and "Отчёт" in page
    assert (
        "Закон гласит…" not in client.get(reverse("report_texts", args=["kk"])).content.decode()
    )  # nothing saved


def test_many_quotes_come_in_pages(alice: User, bob: User, unsealed: Vault, monkeypatch: Any) -> None:
    monkeypatch.setattr("kua.reports.web.quote_forms.WINDOW", 2)
    monkeypatch.setattr("kua.reports.web.views_quotes.WINDOW", 2)
    for text in TEXTS:
        _enter(bob, narrative=text)
    client = logged_in(alice)
    first = client.get(reverse("report_quotes")).content.decode()
    assert TEXTS[0] in first and TEXTS[1] in first and TEXTS[2] not in first and "?start=2" in first
    second = client.get(reverse("report_quotes"), {"start": "2"})
    assert TEXTS[2] in second.content.decode() and TEXTS[0] not in second.content.decode()
    key = second.context["formset"].forms[0]["key"].value()
    posted = client.post(f"{reverse('report_quotes')}?start=2", _rows(1, [key], **{"q-0-include": "on"}))
    assert posted.status_code == 302 and posted["Location"].endswith("?start=2")
    assert TEXTS[2] in client.get(reverse("report_quotes")).content.decode()  # chosen: on every page
    assert client.get(reverse("report_quotes"), {"start": "-1x"}).status_code == 200
