from __future__ import annotations

import pytest
from django.test import Client

from kua.accounts.models import User
from kua.odk.services.links import odk_link_create
from tests.odk.collect import Collect

BASE = "http://testserver"


def phone_of(user: User) -> Collect:
    """Collect set up with a fresh link of `user`, the blank form downloaded."""
    url = odk_link_create(actor=None, user=user, base_url=BASE, via="cli")
    phone = Collect(Client(), url)
    phone.download()
    return phone


@pytest.fixture
def bob_phone(bob: User) -> Collect:
    return phone_of(bob)
