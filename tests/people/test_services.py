"""The people services refuse to leave the organisation without a coordinator or a keyholder."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kua.accounts.models import Organisation, User
from kua.accounts.roles import Role
from kua.accounts.services import user_create
from kua.audit.models import AuditEvent
from kua.people.services import PeopleError, user_disable, user_role_set, user_two_factor_reset


@pytest.fixture
def second_coordinator(org: Organisation) -> User:
    return user_create(organisation=org, username="clara", role=Role.COORDINATOR, password="x" * 20)


def test_the_last_coordinator_who_is_no_keyholder_is_kept(alice: User, second_coordinator: User) -> None:
    User.objects.filter(pk=alice.pk).update(role=Role.LAWYER)  # alice keeps her key, clara coordinates
    with pytest.raises(PeopleError, match="последний координатор"):
        user_disable(user=second_coordinator, actor=second_coordinator)
    with pytest.raises(PeopleError, match="последний координатор"):
        user_role_set(user=second_coordinator, role=Role.ANALYST, actor=second_coordinator)
    second_coordinator.refresh_from_db()
    assert second_coordinator.is_active and second_coordinator.role == Role.COORDINATOR
    assert not AuditEvent.objects.filter(action__in=["user.disable", "user.role"]).exists()


def test_a_disabled_person_is_logged_out_at_her_next_step(alice: User, bob: User) -> None:
    client = Client()
    client.force_login(bob)
    user_disable(user=bob, actor=alice)
    response = client.get(reverse("interview_new"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_reset_two_factor_removes_her_devices(alice: User, lena: User) -> None:
    TOTPDevice.objects.create(user=lena, name="authenticator", confirmed=True)
    user_two_factor_reset(user=lena, actor=alice)
    assert not TOTPDevice.objects.filter(user=lena).exists()
