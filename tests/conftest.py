"""Named test people: alice (coordinator, keyholder) and bob (documenter) in one
organisation, charlie (coordinator) in another; lena (lawyer) and ana (analyst) with alice."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.models import Organisation, User
from kua.accounts.roles import Role
from kua.accounts.selectors import totp_device
from kua.accounts.services import organisation_create, user_create
from kua.questionnaires.services import install_default_form
from kua.vault import state
from kua.vault.models import Vault
from kua.vault.services import vault_create, vault_unseal

PASSPHRASE = "correct horse battery staple"
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _sealed_between_tests() -> Iterator[None]:
    state.drop_all()
    yield
    state.drop_all()


def make_org(name: str, coordinator: str) -> tuple[Organisation, User]:
    organisation = organisation_create(name=name)
    boss = user_create(
        organisation=organisation, username=coordinator, role=Role.COORDINATOR, password=PASSWORD
    )
    TOTPDevice.objects.create(user=boss, name="phone", confirmed=True)
    vault_create(organisation=organisation, keyholder=boss, passphrase=PASSPHRASE)
    install_default_form(organisation=organisation, actor=boss)
    return organisation, boss


@pytest.fixture
def org(db: Any) -> Organisation:
    organisation, _ = make_org("Шапагат", "alice")
    return organisation


@pytest.fixture
def alice(org: Organisation) -> User:
    return User.objects.get(username="alice")


@pytest.fixture
def bob(org: Organisation) -> User:
    return user_create(organisation=org, username="bob", role=Role.DOCUMENTER, password=PASSWORD)


@pytest.fixture
def dana(org: Organisation) -> User:
    return user_create(organisation=org, username="dana", role=Role.DOCUMENTER, password=PASSWORD)


@pytest.fixture
def lena(org: Organisation) -> User:
    user = user_create(organisation=org, username="lena", role=Role.LAWYER, password=PASSWORD)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


@pytest.fixture
def ana(org: Organisation) -> User:
    return user_create(organisation=org, username="ana", role=Role.ANALYST, password=PASSWORD)


@pytest.fixture
def charlie(db: Any) -> User:
    _, user = make_org("Другая организация", "charlie")
    return user


@pytest.fixture
def vault(org: Organisation) -> Vault:
    return Vault.objects.get(organisation=org)


@pytest.fixture
def unsealed(vault: Vault, alice: User) -> Vault:
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    return vault


def logged_in(user: User) -> Client:
    """A client logged in as `user`, past the two-factor step where the role needs it."""
    client = Client()
    client.force_login(user)
    device = totp_device(user, confirmed=True)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


TODAY = datetime.date(2026, 11, 20)


def valid_answers(**overrides: Any) -> dict[str, Any]:
    """A complete, valid interview as a web form or a CSV row gives it."""
    answers: dict[str, Any] = {
        "registered_on": "2026-11-02",
        "consent_statistics": "yes",
        "consent_anonymous_use": "yes",
        "consent_public_name": "no",
        "consent_report_to_authorities": "yes",
        "consent_recorded": "yes",
        "uic_mother_name": "Ай",
        "uic_father_name": "Ер",
        "uic_birth_year": "1994",
        "sex": "female",
        "age": "32",
        "citizenship": "KZ",
        "has_id_document": "yes",
        "key_population": ["sex_worker"],
        "work_venue": ["sauna", "hotel"],
        "residence_region": "zhetysu",
        "residence_district": "taldykorgan",
        "rights_violated_6m": "yes",
        "police_violations": ["extortion", "humiliation"],
        "police_knows_where_to_turn": "no",
        "police_complained": "no",
        "police_no_complaint_reason": "боялась",
        "detentions_last_month": "2",
        "medical_knows_where_to_turn": "yes",
        "medical_complained": "no",
        "narrative": "Полицейские потребовали деньги.",
        "quote_allowed": "yes",
        "quote_pseudonym": "Асель",
    }
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


def complete_interview(**overrides: Any) -> dict[str, Any]:
    """Every section answered: `valid_answers` with the complaint, detention, fine and medical
    branches filled in, as the web form or a CSV row gives it."""
    every_section: dict[str, Any] = {
        "ethnicity": "kazakh",
        "has_id_document": "no",
        "no_id_reason": "паспорт забрали",
        "marital_status": "single",
        "education": "secondary",
        "key_population": "sex_worker plhiv",
        "criminal_record": "no",
        "sw_experience": "gt_3y",
        "residence_settlement": "Талдыкорган",
        "sw_punishable_home": "yes",
        "sw_punishment": "штраф",
        "police_violations": ["extortion", "passport_taken"],
        "police_violations_other": "",
        "police_knows_where_to_turn": "yes",
        "police_where_to_turn": "прокуратура",
        "police_complained": "yes",
        "police_complaint_where": "прокуратура",
        "police_complaint_accepted": "no",
        "police_complaint_rejected_reason": "не приняли",
        "police_measures_taken": "no",
        "officer_showed_id": "no",
        "after_detention": ["released_for_money"],
        "payments_to_police_day": "5000",
        "payments_to_police_week": "0",
        "payments_to_police_month": "20000.00",
        "raids_last_month": "1",
        "raid_basis": "жалоба соседей",
        "raid_timing": "ночью",
        "detention_grounds": "ст. 449 КоАП",
        "relatives_notified": "after_hours",
        "relatives_notified_hours": "12",
        "admin_protocol": "none",
        "held_where": "holding_cell",
        "taken_to_court": "yes",
        "taken_to_court_hours": "48",
        "fine_paid": "yes",
        "fine_amount": "15000",
        "fine_paid_to": "officer_in_hand",
        "medical_violations": ["forced_hiv_test"],
        "medical_knows_where_to_turn": "no",
        "medical_no_complaint_reason": "не знала куда",
        "police_no_complaint_reason": None,  # she complained: no reason for not complaining
    }
    return valid_answers(**{**every_section, **overrides})
