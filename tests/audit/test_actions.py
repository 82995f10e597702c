"""Every audit action of the enumeration is written by some operation, naming who did it.

An action nobody writes fails here: add the operation that writes it to OPERATIONS.
"""

from __future__ import annotations

import argparse
import datetime
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.models import User
from kua.analytics.services import tables_read
from kua.audit.actions import AuditAction
from kua.audit.models import AuditEvent
from kua.audit.services import audit_record
from kua.cli.export import cmd_export
from kua.cli.maintain import cmd_maintain
from kua.cli.report import cmd_report
from kua.cli.tables import cmd_tables
from kua.interchange.importing import import_table
from kua.interviews.models import Interview
from kua.interviews.services import refusal_create
from kua.questionnaires.selectors import current_form
from kua.reports.selectors import report_content
from kua.reports.services import quote_selection_save, report_content_save
from kua.studies.services import study_save, study_site_add, study_site_remove
from kua.vault import crypto, recovery
from kua.vault import services as vault_services
from kua.vault.models import Vault
from tests.cases.audit_operations import case_operations
from tests.conftest import PASSPHRASE, PASSWORD, logged_in, make_org, valid_answers
from tests.interchange.conftest import csv_bytes
from tests.network.audit_operations import NETWORK_OPERATIONS
from tests.odk.audit_operations import ODK_OPERATIONS
from tests.offline.audit_operations import OFFLINE_OPERATIONS
from tests.releases.audit_operations import RELEASE_OPERATIONS

People = dict[str, User]
Operation = Callable[[People, Vault], str | None]  # returns the username of the expected actor


def _enter(people: People, vault: Vault) -> str:
    logged_in(people["bob"]).post(reverse("interview_new"), valid_answers())
    return "bob"


def _unseal(vault: Vault, people: People) -> None:
    if not vault_services.is_unsealed(vault):
        vault_services.vault_unseal(vault=vault, user=people["alice"], passphrase=PASSPHRASE)


def _login(people: People, vault: Vault) -> str:
    response = Client().post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
    return "bob"


def _enrol(people: People, vault: Vault) -> str:
    client = Client()
    client.force_login(people["ana"])
    client.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=people["ana"], confirmed=False)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    client.post(reverse("two_factor"), {"token": f"{totp.token():06d}"})
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    return "ana"


def _new_org(people: People, vault: Vault) -> None:
    make_org("Третья", "dora")


def _unseal_failed(people: People, vault: Vault) -> str:
    with pytest.raises(vault_services.WrongPassphrase):
        vault_services.vault_unseal(vault=vault, user=people["alice"], passphrase="not the passphrase")
    return "alice"


def _unseal_op(people: People, vault: Vault) -> str:
    _unseal(vault, people)
    return "alice"


def _seal(people: People, vault: Vault) -> str:
    _unseal(vault, people)
    assert logged_in(people["bob"]).post(reverse("vault_seal")).status_code == 302
    return "bob"


def _keyholder_add(people: People, vault: Vault) -> str:
    _unseal(vault, people)
    vault_services.keyholder_add(
        vault=vault, actor=people["alice"], user=people["lena"], passphrase=PASSPHRASE
    )
    return "alice"


def _keyholder_remove(people: People, vault: Vault) -> str:
    _keyholder_add(people, vault)
    vault_services.keyholder_remove(vault=vault, actor=people["alice"], user=people["lena"])
    return "alice"


def _passphrase_change(people: People, vault: Vault) -> str:
    _unseal(vault, people)
    vault_services.passphrase_change(vault=vault, user=people["alice"], old=PASSPHRASE, new=PASSPHRASE + " 2")
    return "alice"


def _import(people: People, vault: Vault) -> str:
    good = {k: " ".join(v) if isinstance(v, list) else v for k, v in valid_answers().items()}
    header = sorted(good)
    import_table(
        actor=people["alice"],
        form_version=current_form(vault.organisation_id),
        data=csv_bytes(header, [[good[h] for h in header]]),
        filename="old.csv",
        today=timezone.localdate(),
    )
    return "alice"


def _read(people: People, vault: Vault) -> str:
    _enter(people, vault)
    _unseal(vault, people)
    record = Interview.objects.get().uuid
    assert logged_in(people["alice"]).get(reverse("interview_detail", args=[record])).status_code == 200
    return "alice"


def _list(people: People, vault: Vault) -> str:
    _enter(people, vault)
    _unseal(vault, people)
    assert logged_in(people["alice"]).get(reverse("interview_list")).status_code == 200
    return "alice"


def _audit_page(people: People, vault: Vault) -> str:
    assert logged_in(people["alice"]).get(reverse("audit_list")).status_code == 200
    return "alice"


def _refusal(people: People, vault: Vault) -> str:
    refusal_create(actor=people["bob"], refused_on=datetime.date(2026, 11, 1), reason="no_time")
    return "bob"


def _export(people: People, vault: Vault) -> str:
    _unseal(vault, people)
    response = logged_in(people["lena"]).post(reverse("export"), {"format": "csv", "edition": "authorities"})
    b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return "lena"


def _report(people: People, vault: Vault) -> str:
    _unseal(vault, people)
    data = {"language": "en", "edition": "public", "format": "html", "despite_gaps": "on"}
    assert logged_in(people["ana"]).post(reverse("report"), data).status_code == 200
    return "ana"


def _study(people: People, vault: Vault) -> str:
    today = datetime.date(2026, 11, 1)
    alice = people["alice"]
    study = study_save(actor=alice, name="", starts_on=today, ends_on=today, districts=["tekeli"], targets={})
    site = study_site_add(actor=alice, study=study, label="S-1", venue="sauna", district="tekeli")
    study_site_remove(actor=alice, site=site)
    return "alice"


def _quotes(people: People, vault: Vault) -> str:
    _unseal(vault, people)
    client = logged_in(people["alice"])
    assert client.get(reverse("report_quotes")).status_code == 200
    quote_selection_save(actor=people["alice"], quotes=[])
    return "alice"


def _preview(people: People, vault: Vault) -> str:
    _unseal(vault, people)
    assert logged_in(people["ana"]).get(reverse("report_preview")).status_code == 200
    return "ana"


def _dashboard(people: People, vault: Vault) -> str:
    _unseal(vault, people)
    assert logged_in(people["lena"]).get(reverse("dashboard")).status_code == 200
    return "lena"


def _tables(people: People, vault: Vault) -> str:
    _unseal(vault, people)
    tables_read(actor=people["ana"])
    return "ana"


def _maintain(people: People, vault: Vault) -> str:
    os.environ["KUA_PASSPHRASE"] = PASSPHRASE
    try:
        cmd_maintain(argparse.Namespace())
    finally:
        del os.environ["KUA_PASSPHRASE"]
    return "alice"


def _texts(people: People, vault: Vault) -> str:
    content, _version = report_content(vault.organisation_id, "en")
    report_content_save(actor=people["alice"], language="en", content=content)
    return "alice"


def _threshold(people: People, vault: Vault) -> str:
    content, _version = report_content(vault.organisation_id, "kk")
    report_content_save(actor=people["alice"], language="kk", content={**content, "threshold": 9})
    return "alice"


def _rotate(people: People, vault: Vault) -> str:
    response = logged_in(people["alice"]).post(reverse("vault_rotate"), {"passphrase": PASSPHRASE})
    assert response.status_code == 200 and "KUA1-" in response.content.decode()
    return "alice"


def _restore(people: People, vault: Vault) -> str:
    key = recovery.RecoveryKey.generate()
    private = vault_services.open_private(vault=vault, user=people["alice"], passphrase=PASSPHRASE)
    Vault.objects.filter(pk=vault.pk).update(
        recovery_public=key.public, recovery_sealed=crypto.seal_data_key(key.public, private)
    )
    vault_services.vault_restore(user=people["alice"], key=key, passphrase=PASSPHRASE, made_at="")
    return "alice"


def _erase(people: People, vault: Vault) -> str:
    _enter(people, vault)
    _unseal(vault, people)  # the column blocks holding the record are rewritten without it
    record = Interview.objects.order_by("-pk").values_list("uuid", flat=True).first()
    data = {"records": str(record), "confirm": "on"}
    assert logged_in(people["alice"]).post(reverse("interview_erase_confirm"), data).status_code == 302
    return "alice"


def _people_change(change: str) -> Operation:
    def operation(people: People, vault: Vault) -> str:
        from kua.people import services as changes

        person, alice = people["bob"], people["alice"]
        if change == "role":
            changes.user_role_set(user=person, role="lawyer", actor=alice)
        else:
            getattr(changes, change)(user=person, actor=alice)
        return "alice"

    return operation


def _password_link(people: People, vault: Vault) -> str:
    from kua.people.services import password_link

    password_link(user=people["bob"], actor=people["alice"])
    return "alice"


def _password_set(people: People, vault: Vault) -> str:
    from django.contrib.auth.forms import SetPasswordForm

    from kua.accounts.services import password_set

    form = SetPasswordForm(
        people["bob"], {"new_password1": "a new long pass 42", "new_password2": "a new long pass 42"}
    )
    assert form.is_valid(), form.errors
    password_set(form=form)
    return "bob"


def _lockout(people: People, vault: Vault) -> str:
    from kua.people.services import phone_seized

    phone_seized(user=people["bob"], actor=people["alice"])
    return "alice"


OPERATIONS: dict[AuditAction, Operation] = {
    AuditAction.PASSWORD_RESET: _password_link,
    AuditAction.PASSWORD_SET: _password_set,
    AuditAction.USER_LOCKOUT: _lockout,
    AuditAction.USER_DISABLE: _people_change("user_disable"),
    AuditAction.USER_ENABLE: _people_change("user_enable"),
    AuditAction.USER_ROLE: _people_change("role"),
    AuditAction.TWO_FACTOR_RESET: _people_change("user_two_factor_reset"),
    AuditAction.ORGANISATION_CREATE: _new_org,
    AuditAction.USER_CREATE: _new_org,
    AuditAction.LOGIN: _login,
    AuditAction.TWO_FACTOR_ENROL: _enrol,
    AuditAction.VAULT_CREATE: _new_org,
    AuditAction.VAULT_UNSEAL: _unseal_op,
    AuditAction.VAULT_UNSEAL_FAILED: _unseal_failed,
    AuditAction.VAULT_SEAL: _seal,
    AuditAction.VAULT_KEYHOLDER_ADD: _keyholder_add,
    AuditAction.VAULT_KEYHOLDER_REMOVE: _keyholder_remove,
    AuditAction.VAULT_PASSPHRASE_CHANGE: _passphrase_change,
    AuditAction.VAULT_ROTATE_START: _rotate,
    AuditAction.VAULT_ROTATE: _rotate,
    AuditAction.VAULT_RESTORE: _restore,
    AuditAction.FORM_INSTALL: _new_org,
    AuditAction.INTERVIEW_CREATE: _enter,
    AuditAction.INTERVIEW_IMPORT: _import,
    AuditAction.INTERVIEW_READ: _read,
    AuditAction.INTERVIEW_LIST: _list,
    AuditAction.REFUSAL_CREATE: _refusal,
    AuditAction.INTERVIEW_ERASE: _erase,
    AuditAction.EXPORT: _export,
    AuditAction.REPORT: _report,
    AuditAction.REPORT_PREVIEW: _preview,
    AuditAction.DASHBOARD_READ: _dashboard,
    AuditAction.TABLES_READ: _tables,
    AuditAction.MAINTAIN: _maintain,
    AuditAction.REPORT_TEXTS_SAVE: _texts,
    AuditAction.REPORT_THRESHOLD_SAVE: _threshold,
}
OPERATIONS.update(
    {
        AuditAction.REPORT_QUOTES_SAVE: _quotes,
        AuditAction.REPORT_QUOTES_READ: _quotes,
        AuditAction.STUDY_SAVE: _study,
        AuditAction.STUDY_SITE_ADD: _study,
        AuditAction.STUDY_SITE_REMOVE: _study,
        AuditAction.AUDIT_LIST: _audit_page,
    }
)
OPERATIONS.update(case_operations(_import))
OPERATIONS.update(ODK_OPERATIONS)
OPERATIONS.update(RELEASE_OPERATIONS)
OPERATIONS.update(OFFLINE_OPERATIONS)
OPERATIONS.update(NETWORK_OPERATIONS)


@pytest.mark.parametrize("action", list(AuditAction), ids=lambda a: a.value)
def test_each_action_is_written_by_an_operation(
    action: AuditAction, alice: User, bob: User, lena: User, ana: User, vault: Vault
) -> None:
    operation = OPERATIONS.get(action)
    assert operation is not None, f"no operation writes {action.value}: add it to OPERATIONS"
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    expected_actor = operation({"alice": alice, "bob": bob, "lena": lena, "ana": ana}, vault)
    rows = AuditEvent.objects.filter(seq__gt=before, action=action.value)
    assert rows.exists(), f"the operation for {action.value} wrote no such row"
    if expected_actor is not None:
        actor = User.objects.get(username=expected_actor)
        assert rows.filter(actor_id=actor.pk).exists(), f"{action.value} does not name {expected_actor}"


def test_an_action_outside_the_enumeration_is_refused(db: None) -> None:
    with transaction.atomic(), pytest.raises(ValueError, match="not a valid AuditAction"):
        audit_record("made.up")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("command", "namespace", "action"),
    [
        (cmd_export, {"format": "csv", "edition": "full"}, AuditAction.EXPORT),
        (cmd_report, {"format": "html", "lang": "en", "edition": "public"}, AuditAction.REPORT),
        (cmd_tables, {"format": "json"}, AuditAction.TABLES_READ),
    ],
)
def test_command_line_names_who_unsealed(
    alice: User,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: Callable[[argparse.Namespace], int],
    namespace: dict[str, str],
    action: AuditAction,
) -> None:
    monkeypatch.setenv("KUA_PASSPHRASE", PASSPHRASE)
    assert command(argparse.Namespace(out=str(tmp_path / "out"), **namespace)) == 0
    row = AuditEvent.objects.filter(action=action.value).get()
    assert row.actor_id == alice.pk
