"""Issue 21 item 11: smaller things a newcomer hit, each checked on the page she saw."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from kua.accounts.models import User
from kua.interviews.models import Refusal
from kua.vault.models import Vault
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, logged_in


def _ru(user: User) -> Client:
    client = logged_in(user)
    client.cookies["django_language"] = "ru"
    return client


def test_the_refusal_form_chooses_no_reason_for_her(bob: User, vault: Vault) -> None:
    page = _ru(bob).get(reverse("refusal_new")).content.decode()
    select = re.search(r'<select name="reason".*?</select>', page, re.S)
    assert select and "selected" not in select.group(0).split("</option>", 1)[1]
    assert _ru(bob).post(reverse("refusal_new"), {"refused_on": "2026-11-20"}).status_code in (200, 400)
    assert not Refusal.objects.exists()  # without a reason nothing is saved


def test_people_are_shown_by_the_names_people_know(alice: User, bob: User, vault: Vault) -> None:
    User.objects.filter(pk=bob.pk).update(first_name="Бота")
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    from tests.conftest import valid_answers

    _ru(bob).post(reverse("interview_new"), valid_answers())
    listing = _ru(alice).get(reverse("interview_list")).content.decode()
    assert "Бота" in listing and ">bob<" not in listing


def test_the_login_box_is_styled_like_the_password_box() -> None:
    page = Client().get(reverse("login")).content.decode()
    assert re.search(r'<input id="id_username"[^>]*type="text"', page)


def test_seal_now_only_while_the_vault_is_open(alice: User, vault: Vault) -> None:
    browser = _ru(alice)
    assert 'class="seal-now"' not in browser.get(reverse("interview_list")).content.decode()
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert 'class="seal-now"' in browser.get(reverse("interview_list")).content.decode()


def test_the_web_report_takes_a_region_and_a_district(alice: User, bob: User, vault: Vault) -> None:
    """Issue 21 item 3 on the web: the report's scope has the dashboard's places too."""
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    browser = _ru(alice)
    page = browser.get(reverse("report")).content.decode()
    assert 'name="region"' in page and 'name="district"' in page and "Каратальский район" in page
    form = {"language": "ru", "edition": "internal", "format": "html", "despite_gaps": "on"}
    wrong = browser.post(reverse("report"), {**form, "region": "almaty_region", "district": "karatal"})
    assert wrong.status_code in (200, 400) and "Content-Disposition" not in wrong
    assert "не в выбранной области" in wrong.content.decode() or "не входит" in wrong.content.decode()
    made = browser.post(reverse("report"), {**form, "region": "zhetysu", "district": "karatal"})
    assert made.status_code == 200 and "attachment" in made["Content-Disposition"]


def test_district_pickers_are_grouped_by_region(alice: User, vault: Vault) -> None:
    """Issue 21 item 11: ~220 districts are found under their region; the study's picker is
    checkboxes (no Ctrl-click) with a search box added by its script."""
    browser = _ru(alice)
    study = browser.get(reverse("study_edit")).content.decode()
    assert 'type="checkbox" name="districts"' in study and '<select name="districts"' not in study
    assert "<label>Жетысуская область</label>" in study and "district-picker.js" in study
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    dashboard = browser.get(reverse("dashboard")).content.decode()
    assert '<optgroup label="Жетысуская область">' in dashboard


def test_imports_and_exports_show_progress_when_they_take_long(alice: User, vault: Vault) -> None:
    """Issue 21 item 11: a progress bar after two seconds of an import or an export."""
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    for name in ("import_upload", "export"):
        page = _ru(alice).get(reverse(name)).content.decode()
        assert "data-busy" in page and "<progress>" in page and "busy.js" in page, name
