"""Offline entry on a 360×740 phone: opened online, used with no network (reload included),
two interviews sealed on the phone with canaries that appear in no storage and nowhere in the
browser's profile on disk; sent once when the network returns, stored once after unseal."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.signals import request_started

from kua.accounts.models import User
from kua.interviews.models import Interview
from kua.interviews.services import interview_read
from kua.offline.keys import offline_key
from kua.offline.models import OfflineSubmission
from kua.vault.models import Vault
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, PASSWORD, valid_answers
from tests.e2e.conftest import ARGS, CHROMIUM
from tests.offline.sealing import seal

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CANARIES = ("KANAREIKA-one-4f1c9a", "KANAREIKA-two-8b2d7e")

STORAGE_DUMP = """async () => {
  const out = {local: {...localStorage}, session: {...sessionStorage}, cookie: document.cookie, caches: []};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) out.caches.push(await (await cache.match(request)).text());
  }
  out.idb = await new Promise((done) => {
    const opening = indexedDB.open("kua-offline", 1);
    opening.onsuccess = () => {
      const request = opening.result.transaction("entries").objectStore("entries").getAll();
      request.onsuccess = () => { opening.result.close(); done(request.result); };
    };
  });
  return JSON.stringify(out);
}"""

PUT_ENTRY = """(entry) => new Promise((done) => {
  const opening = indexedDB.open("kua-offline", 1);
  opening.onsuccess = () => {
    const tx = opening.result.transaction("entries", "readwrite");
    tx.objectStore("entries").put(entry);
    tx.oncomplete = () => { opening.result.close(); done(true); };
  };
})"""


@pytest.fixture
def phone_with_profile(tmp_path: Path, playwright_session: Any) -> Iterator[tuple[Any, Path]]:
    """A phone whose browser profile is a folder on disk (to be searched for canaries)."""
    profile = tmp_path / "profile"
    context = playwright_session.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        args=ARGS,
        viewport={"width": 360, "height": 740},
        locale="ru-RU",
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(20000)
    yield context, profile
    context.close()


@pytest.fixture
def server_hits() -> Iterator[list[str]]:
    """The paths the live server was asked for (to prove the offline page came from the phone)."""
    hits: list[str] = []

    def record(sender: object, environ: dict[str, Any], **kwargs: object) -> None:
        hits.append(str(environ.get("PATH_INFO", "")))

    request_started.connect(record, dispatch_uid="offline-e2e-hits")
    yield hits
    request_started.disconnect(dispatch_uid="offline-e2e-hits")


def _in_profile(profile: Path, needles: tuple[str, ...]) -> list[str]:
    found = []
    forms = [(n, n.encode("utf-8")) for n in needles] + [(n, n.encode("utf-16-le")) for n in needles]
    for root, _dirs, files in os.walk(profile):
        for name in files:
            path = Path(root) / name
            try:
                data = path.read_bytes()
            except OSError:
                continue
            found += [f"{needle} in {path}" for needle, raw in forms if raw in data]
    return found


def _fill(page: Any, canary: str, waiting: int) -> None:
    page.fill("#f-registered_on", "2026-11-02")
    for name in (
        "consent_statistics",
        "consent_anonymous_use",
        "consent_report_to_authorities",
        "consent_recorded",
    ):
        page.check(f'input[name="{name}"][value="yes"]')
    page.check('input[name="consent_public_name"][value="no"]')
    page.fill("#f-uic_mother_name", "Ай")
    page.fill("#f-uic_father_name", "Ер")
    page.fill("#f-uic_birth_year", "1994")
    page.check('input[name="sex"][value="female"]')
    page.fill("#f-age", "29")
    page.select_option("#f-citizenship", "KZ")
    page.check('input[name="key_population"][value="sex_worker"]')
    page.check('input[name="work_venue"][value="sauna"]')
    page.select_option("#f-residence_region", "zhetysu")
    page.select_option("#f-residence_district", "taldykorgan")
    page.check('input[name="rights_violated_6m"][value="no"]')
    page.check('input[name="police_knows_where_to_turn"][value="no"]')
    page.check('input[name="police_complained"][value="no"]')
    page.check('input[name="medical_knows_where_to_turn"][value="yes"]')
    page.check('input[name="medical_complained"][value="no"]')
    page.fill("#f-narrative", canary)
    if waiting == 1:  # a constraint of the compiled form, checked on the phone: before 2000 is refused
        page.fill("#f-registered_on", "1999-12-31")
        page.click("#off-form button[type=submit]")
        assert "2000" in str(page.text_content("#error-summary"))
        assert _waiting(page) == "0"
        page.fill("#f-registered_on", "2026-11-02")
    page.click("#off-form button[type=submit]")
    page.wait_for_function(
        "(n) => document.getElementById('off-waiting').textContent.trim() === String(n)", arg=waiting
    )
    assert "Сохранено" in str(page.text_content("#off-note"))


def _waiting(page: Any) -> str:
    return str(page.text_content("#off-waiting")).strip()


def _open_online(context: Any, base: str, bob: User) -> Any:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", bob.username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/offline/")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.errors = errors
    return page


@pytest.mark.parametrize("sealed", [True, False], ids=["sealed-server", "unsealed-server"])
def test_offline_entry_on_a_phone(
    live_server: Any,
    phone_with_profile: tuple[Any, Path],
    server_hits: list[str],
    bob: User,
    alice: User,
    vault: Vault,
    sealed: bool,
) -> None:
    context, profile = phone_with_profile
    base = live_server.url
    if not sealed:
        vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    page = _open_online(context, base, bob)

    # No network: the page reloads from the phone, and two interviews are saved sealed.
    context.set_offline(True)
    server_hits.clear()
    page.reload()
    page.wait_for_selector("#off-form")
    assert page.evaluate("navigator.onLine") is False
    for number, canary in enumerate(CANARIES, start=1):
        _fill(page, canary, number)
    assert _waiting(page) == "2"
    assert not [hit for hit in server_hits if hit.startswith("/offline")], server_hits
    dump = page.evaluate(STORAGE_DUMP)
    assert not [c for c in CANARIES if c in dump]
    assert len(json.loads(dump)["idb"]) == 2
    kept = json.loads(dump)["idb"][0]
    assert not _in_profile(profile, CANARIES)

    # The network returns: both are sent, once each; then a lost answer makes the phone resend one.
    context.set_offline(False)
    page.wait_for_function("() => document.getElementById('off-waiting').textContent.trim() === '0'")
    assert page.text_content("#off-last") != "никогда"
    page.evaluate(PUT_ENTRY, kept)
    with page.expect_response(lambda response: response.url.endswith("/offline/send/")) as resent:
        page.click("#off-send")
    assert resent.value.status == 200  # a success that stores nothing new
    page.wait_for_function("() => document.getElementById('off-waiting').textContent.trim() === '0'")
    assert OfflineSubmission.objects.count() == 2
    assert Interview.objects.count() == (0 if sealed else 2)
    if sealed:
        vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    interviews = Interview.objects.filter(documenter=bob)
    assert interviews.count() == 2
    narratives = sorted(interview_read(user=alice, interview=i).answers["narrative"] for i in interviews)
    assert narratives == sorted(CANARIES)

    if not sealed:
        _refused_stays_with_its_reason(page, bob)
    assert page.errors == []
    dump = page.evaluate(STORAGE_DUMP)
    context.close()
    assert not [c for c in CANARIES if c in dump]
    assert not _in_profile(profile, CANARIES)
    # The search reads the browser's storage files: what the page did store in clear is found.
    assert _in_profile(profile, ("kua-offline-last-sent",))


def _refused_stays_with_its_reason(page: Any, bob: User) -> None:
    """An entry the server refuses (no consent recorded: the validator says no) stays on the
    phone with the reason in her language; she can erase it after confirming."""
    answers = valid_answers(consent_recorded=None)
    entry = {"id": "e2e-refused-0001", "kind": "interview", "form_id": "violation_registration"}
    entry |= {"version": _version(bob), "answers": answers}
    envelope = seal(bytes(offline_key(bob.org_id).public_key), entry)
    page.evaluate(PUT_ENTRY, {"id": entry["id"], "owner": bob.pk, "envelope": envelope})
    with page.expect_response(lambda response: response.url.endswith("/offline/send/")) as refused:
        page.click("#off-send")
    assert refused.value.status == 422
    page.wait_for_selector("#off-refused li")
    assert "Сервер отклонил" in str(page.text_content("#off-refused"))
    assert _waiting(page) == "0"
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#off-erase")
    page.wait_for_function("() => document.querySelectorAll('#off-refused li').length === 0")
    assert Interview.objects.filter(documenter=bob).count() == 2


def _version(bob: User) -> str:
    from kua.questionnaires.selectors import current_form

    return current_form(bob.org_id).version
