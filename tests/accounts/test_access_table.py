"""The access table: every URL of Kua × every person × sealed/unsealed. It is the specification.

Each row is one request (a URL case and a method); each column the status one person gets.
A cell "503|200" reads: 503 while alice's organisation is sealed, 200 once it is unsealed;
a single value is the same in both states. charlie is the coordinator of another
organisation, whose vault stays sealed: what he asks of alice's organisation does not exist
for him (404), and his own organisation's data is sealed to him (503).

Statuses: 200, 400 (a form with errors), 403 (a function this role may not use), 404 (no
such record, or one this person may not open), 405 (wrong method), 503 (the sealed page),
`302` a redirect, `login` a redirect to the login page.

Records: `rec-yes` is bob's interview whose respondent allowed taking it to the authorities,
`rec-no` bob's without that consent, `rec-alice` one alice entered (with that consent);
`bob-id` is bob's user id (not a keyholder).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kua.accounts.models import User
from kua.cases.models import ReferralService
from kua.interviews.models import Interview
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from kua.studies.services import study_save, study_site_add
from kua.vault.models import Vault
from kua.vault.selectors import is_unsealed
from kua.vault.services import vault_seal, vault_unseal
from tests.conftest import PASSPHRASE, logged_in, valid_answers

PEOPLE = ("alice", "bob", "lena", "ana", "charlie", "anonymous")

TABLE = """
# case                      method  alice     bob       lena      ana       charlie   anonymous
home                        GET     200       200       200       200       200       login
login                       GET     302       302       302       302       302       200
login                       POST    302       302       302       302       302       200
logout                      POST    login     login     login     login     login     login
two_factor                  GET     302       200       302       200       302       login
two_factor                  POST    302       200       302       200       302       login
set_language                POST    302       302       302       302       302       302
vault_unseal                GET     200       200       200       200       200       login
vault_unseal                POST    200       200       200       200       200       login
vault_seal                  GET     405       405       405       405       405       login
vault_seal                  POST    302       302       302       302       302       login
vault_keyholders            GET     200       403       403       403       200       login
vault_keyholders            POST    200       403       403       403       200       login
vault_keyholder_remove      POST    503|302   403       403       403       404       login
vault_passphrase            GET     200       200       200       200       200       login
people                      GET     200       403       403       403       200       login
people                      POST    200       403       403       403       200       login
person:bob-id               GET     200       403       403       403       404       login
person_change:bob-id        POST    302       403       403       403       404       login
password_set                GET     200       200       200       200       200       200
password_set                POST    200       200       200       200       200       200
vault_rotate                GET     200       403       403       403       200       login
vault_rotate                POST    200       403       403       403       200       login
interview_erase             GET     200       403       403       403       200       login
interview_erase             POST    200       403       403       403       200       login
interview_erase_confirm     POST    302       403       403       403       302       login
vault_passphrase            POST    200       200       200       200       200       login
interview_list              GET     200       200       503|200   403       200       login
interview_list:bad-dates    GET     200|400   200|400   503|400   403       200       login
interview_new               GET     200       200       403       403       200       login
interview_new               POST    400       400       403       403       400       login
refusal_new                 GET     200       200       403       403       200       login
refusal_new                 POST    200       200       403       403       200       login
interview_detail:rec-yes    GET     503|200   503|200   503|200   404       404       login
interview_detail:rec-no     GET     503|200   503|200   503|404   404       404       login
interview_detail:rec-alice  GET     503|200   404       503|200   404       404       login
import_upload               GET     200       403       403       403       200       login
import_upload               POST    200       403       403       403       200       login
import_confirm              POST    302       403       403       403       302       login
export                      GET     200       403       200       403       200       login
export:full                 POST    503|200   403       200       403       503       login
export:statistical          POST    503|200   403       200       403       503       login
export:authorities          POST    503|200   403       503|200   403       503       login
form_workbook               GET     200       404       404       404       404       login
form_upload                 GET     200       403       403       403       200       login
form_upload                 POST    200       403       403       403       200       login
dashboard                   GET     503|200   403       503|200   503|200   503       login
report                      GET     200       403       200       200       200       login
report:public               POST    503|200   403       503|200   503|200   503       login
report:internal             POST    503|200   403       503|200   503|200   503       login
report_preview              GET     503|200   403       503|200   503|200   503       login
report_preview:internal     GET     503|200   403       503|200   503|200   503       login
report_texts:ru             GET     200       403       403       403       200       login
report_texts:ru             POST    200       403       403       403       200       login
report_texts:xx             GET     404       403       403       403       404       login
report:unconfirmed          POST    400       403       400       400       400       login
report_quotes               GET     503|200   404       404       404       503       login
report_quotes               POST    503|400   404       404       404       503       login
study_progress              GET     200       404       404       200       200       login
study_edit                  GET     200       404       404       404       200       login
study_edit                  POST    400       404       404       404       400       login
study_site_add              POST    302       404       404       404       302       login
# study_site_remove: alice removes the site at her first request; at her second it is gone
study_site_remove           POST    302|404   404       404       404       404       login
case_list                   GET     503|200   503|200   503|200   403       200       login
case_detail:rec-yes         GET     503|200   503|200   503|200   404       404       login
case_detail:rec-no          GET     503|200   503|200   503|404   404       404       login
case_detail:rec-alice       GET     503|200   404       503|200   404       404       login
case_action_new:rec-yes     POST    503|400   503|404   503|400   404       404       login
case_update:rec-yes         POST    503|302   503|404   503|302   404       404       login
case_action_outcome:rec-yes POST    503|404   503|404   503|404   404       404       login
case_letter:rec-yes         GET     503|200   503|404   503|200   404       404       login
case_letter:rec-no          GET     503|404   503|404   503|404   404       404       login
case_open:rec-yes           POST    503|404   404       404       404       404       login
referral_directory          GET     200       200       200       403       200       login
referral_new                GET     200       403       403       403       200       login
referral_new                POST    400       403       403       403       400       login
referral_edit               GET     200       403       403       403       404       login
odk_home                    GET     200       200       403       403       200       login
odk_link:bob-id             POST    200       200       403       403       404       login
odk_link:alice-id           POST    200       404       403       403       404       login
odk_revoke:bob-id           POST    302       302       403       403       404       login
odk_submissions             GET     200       403       403       403       200       login
odk_media:rec-yes           GET     503|404   503|404   503|404   404       404       login
release_ledger              GET     503|200   403       403       403       503       login
release_new                 GET     200       403       403       403       200       login
release_new                 POST    400       403       403       403       400       login
release_new:preview         POST    503|200   403       403       403       503       login
release_budget              GET     200       403       403       403       200       login
release_budget              POST    400       403       403       403       400       login
release_report              GET     200       403       200       200       200       login
release_report              POST    400       403       400       400       400       login
odk_form_list:bad-token     GET     403       403       403       403       403       403
odk_form:bad-token          GET     403       403       403       403       403       403
odk_submission:bad-token    POST    403       403       403       403       403       403
offline_entry               GET     200       200       403       403       200       login
offline_worker              GET     200       200       200       200       200       200
offline_manifest            GET     200       200       200       200       200       200
offline_session             GET     200       200       403       403       200       401
# offline_send: the table posts a form, not an envelope (400); no session is 401, not a redirect
offline_send                POST    400       400       403       403       400       401
offline_send                GET     405       405       405       405       405       405
offline_submissions         GET     200       403       403       403       200       login
network_home                GET     200       403       403       403       200       login
network_report              GET     403       403       403       403       403       login
network_members             GET     403       403       403       403       403       login
network_invite              POST    403       403       403       403       403       login
network_admit               POST    403       403       403       403       403       login
network_expel               POST    403       403       403       403       403       login
network_receive             POST    403       403       403       403       403       login
network_publish             POST    403       403       403       403       403       login
network_texts               GET     403       403       403       403       403       login
network_texts               POST    403       403       403       403       403       login
network_join                POST    302       403       403       403       302       login
network_linkage_key         POST    200       403       403       403       200       login
network_release             POST    302       403       403       403       302       login
# the hub's endpoint: no session, a member's token (none here: refused)
network_releases_endpoint   POST    403       403       403       403       403       403
network_releases_endpoint   GET     405       405       405       405       405       405
audit_list                  GET     200       403       403       403       200       login
audit_list:bad-dates        GET     400       403       403       403       400       login
audit_list                  POST    405       405       405       405       405       login
help                        GET     302       302       302       302       302       login
help_role:coordinator       GET     200       200       200       200       200       login
help_role:analyst           GET     200       200       200       200       200       login
help_role:xx                GET     404       404       404       404       404       login
"""


@dataclass(frozen=True)
class Row:
    case: str
    method: str
    expected: dict[str, tuple[str, str]]  # person → (sealed, unsealed)

    @property
    def url_name(self) -> str:
        return self.case.split(":")[0]

    @property
    def variant(self) -> str:
        return self.case.partition(":")[2]

    def __str__(self) -> str:
        return f"{self.method} {self.case}"


def _parse(text: str) -> list[Row]:
    rows = []
    for line in text.strip().splitlines():
        if line.startswith("#"):
            continue
        case, method, *cells = line.split()
        assert len(cells) == len(PEOPLE), f"row {case} {method}: one cell per person"
        expected = {}
        for person, cell in zip(PEOPLE, cells, strict=True):
            sealed, _bar, unsealed = cell.partition("|")
            expected[person] = (sealed, unsealed or sealed)
        rows.append(Row(case, method, expected))
    return rows


ROWS = _parse(TABLE)


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, str]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.name or prefix + str(entry.pattern), prefix + str(entry.pattern)


def test_every_url_of_the_project_is_in_the_table() -> None:
    in_table = {row.url_name for row in ROWS}
    missing = [f"{name} ({route})" for name, route in _patterns(get_resolver()) if name not in in_table]
    assert not missing, f"URLs not in the access table: {missing}: add it to the table"


def test_every_url_has_its_get_or_post() -> None:
    methods: dict[str, set[str]] = {}
    for row in ROWS:
        methods.setdefault(row.url_name, set()).add(row.method)
    assert all(methods[name] & {"GET", "POST"} for name in methods)


@dataclass
class World:
    people: dict[str, User]
    vault: Vault
    records: dict[str, str]


@pytest.fixture
def world(alice: User, bob: User, lena: User, ana: User, charlie: User, vault: Vault) -> World:
    def enter(user: User, **answers: Any) -> str:
        interview = interview_create(
            actor=user,
            form_version=current_form(user.org_id),
            raw=valid_answers(**answers),
            today=timezone.localdate(),
        )
        return str(interview.uuid)

    records = {
        "rec-yes": enter(bob, consent_report_to_authorities="yes"),
        "rec-no": enter(bob, consent_report_to_authorities="no"),
        "rec-alice": enter(alice, consent_report_to_authorities="yes"),
    }
    people = {"alice": alice, "bob": bob, "lena": lena, "ana": ana, "charlie": charlie}
    return World(people, vault, records)


def _odk_path(name: str, variant: str, world: World) -> str:
    """Collect's pages (a person's id, a record's file) and, with an unknown token, its API."""
    if name in ("odk_link", "odk_revoke"):
        return reverse(name, args=[world.people[variant.removesuffix("-id")].pk])
    if name == "odk_media":
        return reverse(name, args=[world.records[variant], "1700000000001.jpg"])
    token = "A" * 43
    return reverse(name, args=[token, "violation_registration"] if name == "odk_form" else [token])


def _path(row: Row, world: World) -> str:
    name, variant = row.url_name, row.variant
    if name.startswith("odk_") and name != "odk_home" and name != "odk_submissions":
        return _odk_path(name, variant, world)
    if name == "interview_detail":
        return reverse(name, args=[world.records[variant]])
    if name == "case_action_outcome":
        return reverse(name, args=[world.records[variant], "00000000-0000-0000-0000-000000000000"])
    if name.startswith("case_") and variant:
        return reverse(name, args=[world.records[variant]])
    if name == "referral_edit":
        service = ReferralService.objects.get_or_create(
            organisation_id=world.people["alice"].org_id, name="Центр", kind="shelter"
        )[0]
        return reverse(name, args=[service.pk])
    if name == "vault_keyholder_remove":
        return reverse(name, args=[world.people["bob"].pk])
    if name == "person":
        return reverse(name, args=[world.people["bob"].pk])
    if name == "person_change":
        return reverse(name, args=[world.people["bob"].pk, "enable"])
    if name == "password_set":
        return reverse(name, args=["MQ", "not-a-token"])
    if name == "report_texts":
        return reverse(name, args=[variant])
    if name == "form_workbook":
        return reverse(name, args=[current_form(world.people["alice"].org_id).pk])
    if name == "study_site_remove":
        return reverse(name, args=[_site_of(world.people["alice"])])
    if name == "help_role":
        return reverse(name, args=[variant])
    if name == "network_expel":
        return reverse(name, args=[1])
    if name == "audit_list" and variant == "bad-dates":
        return reverse(name) + "?date_from=2026-11-02&date_to=2026-11-01"
    if name == "interview_list" and variant == "bad-dates":
        return reverse(name) + "?date_from=2026-11-02&date_to=2026-11-01"
    path = reverse(name)
    if name == "report_preview" and variant:
        path += f"?edition={variant}"
    return path


def _site_of(alice: User) -> int:
    study = study_save(
        actor=alice,
        name="",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        districts=[],
        targets={},
    )
    return study_site_add(actor=alice, study=study, label="S-1", venue="sauna", district="taldykorgan").pk


def _report_post(variant: str) -> dict[str, str]:
    """A download; the report page asks first when texts are missing ("unconfirmed": not confirmed)."""
    if variant == "unconfirmed":
        return {"language": "en", "edition": "public", "format": "html"}
    return {"language": "en", "edition": variant, "format": "html", "despite_gaps": "on"}


POST_DATA: dict[str, Callable[[str], dict[str, str]]] = {
    "export": lambda variant: {"format": "csv", "edition": variant},
    "report": _report_post,
    "set_language": lambda variant: {"language": "en", "next": "/"},
    "release_new": lambda variant: {"method": "suppressed", "action": "preview"} if variant else {},
}


def _client(person: str, world: World) -> Client:
    return Client() if person == "anonymous" else logged_in(world.people[person])


def _status(response: Any) -> str:
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("login")) else "302"
    return str(response.status_code)


def _state(world: World, sealed: bool) -> None:
    if sealed and is_unsealed(world.vault):
        vault_seal(vault=world.vault, actor=None, via="test")
    elif not sealed and not is_unsealed(world.vault):
        vault_unseal(vault=world.vault, user=world.people["alice"], passphrase=PASSPHRASE)


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_access(row: Row, world: World) -> None:
    path = _path(row, world)
    data = POST_DATA.get(row.url_name, lambda variant: {})(row.variant)
    wrong = []
    for sealed in (True, False):
        for person in PEOPLE:
            _state(world, sealed)
            client = _client(person, world)
            response = client.post(path, data) if row.method == "POST" else client.get(path)
            got, want = _status(response), row.expected[person][0 if sealed else 1]
            if got != want:
                wrong.append(f"{person} ({'sealed' if sealed else 'unsealed'}): got {got}, table says {want}")
    assert not wrong, f"{row.method} {path}:\n" + "\n".join(wrong)


def _without_tokens(page: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)


def test_records_refused_look_missing(world: World) -> None:
    """A refused record and a record that does not exist give the same page."""
    _state(world, sealed=False)
    lena = logged_in(world.people["lena"])
    refused = lena.get(reverse("interview_detail", args=[world.records["rec-no"]]))
    missing = lena.get(reverse("interview_detail", args=["00000000-0000-0000-0000-000000000000"]))
    assert refused.status_code == missing.status_code == 404
    refused_page = _without_tokens(refused.content).replace(world.records["rec-no"].encode(), b"ID")
    missing_page = _without_tokens(missing.content).replace(b"00000000-0000-0000-0000-000000000000", b"ID")
    assert refused_page == missing_page
    assert Interview.objects.count() == 3
