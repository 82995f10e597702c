"""A new questionnaire takes effect: one current form per organisation, enforced by the
database, and entry uses the new one."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from kua.accounts.models import User
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import current_form
from tests.conftest import logged_in
from tests.questionnaires.test_upload_view import _upload, _workbook


def test_a_form_with_another_form_id_replaces_the_current_one(alice: User) -> None:
    body = _upload(alice, _workbook("${age} > 18", "2"))
    assert "is now in use" in body
    current = FormVersion.objects.filter(organisation_id=alice.org_id, is_current=True)
    assert list(current.values_list("form_id", flat=True)) == ["small_form"]
    assert current_form(alice.org_id).form_id == "small_form"
    entry = logged_in(alice).get(reverse("interview_new")).content.decode()
    assert 'name="note_text"' in entry and 'name="consent_statistics"' not in entry


def test_the_database_refuses_two_current_forms(alice: User) -> None:
    first = current_form(alice.org_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        FormVersion.objects.create(
            organisation_id=alice.org_id, form_id="other", version="1", workbook=b"", is_current=True
        )
    assert current_form(alice.org_id).pk == first.pk
