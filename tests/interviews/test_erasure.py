"""Consent withdrawn: found by record id or by the UIC parts, erased with what was made from it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from kua.accounts.models import User
from kua.analytics import store
from kua.analytics.models import ColumnBlock
from kua.analytics.tables import summary_tables
from kua.audit.models import AuditEvent
from kua.audit.services import audit_verify
from kua.interviews import erasure, intake
from kua.interviews.models import Interview
from kua.interviews.services import interview_create
from kua.interviews.services.erasure import interviews_erase
from kua.questionnaires.selectors import current_form
from kua.vault.models import DataKey, Vault
from tests.conftest import valid_answers


def _enter(user: User, **answers: Any) -> Interview:
    version = current_form(user.org_id)
    return interview_create(
        actor=user, form_version=version, raw=valid_answers(**answers), today=timezone.localdate()
    )


def test_erase_by_record_id_removes_payload_key_blocks_and_counts(
    alice: User, bob: User, unsealed: Vault
) -> None:
    gone = _enter(bob, uic_mother_name="Зе", uic_father_name="Ка")
    _enter(bob)
    assert summary_tables(store.view_for(unsealed.organisation_id))["respondents"] == 2
    assert ColumnBlock.objects.exists()
    received: list[intake.Erased] = []
    installed = intake.steps()
    intake.configure([*installed, intake.Step("listener", on_erased=received.append)])
    try:
        found = erasure.records_by_id(alice.org_id, [str(gone.uuid)])
        assert interviews_erase(actor=alice, interviews=found) == 1
    finally:
        intake.configure(installed)
    assert not Interview.objects.filter(pk=gone.pk).exists()
    assert not DataKey.objects.filter(pk=gone.data_key_id).exists()
    assert received[0].interview_ids == [gone.pk] and received[0].record_ids == [gone.uuid]
    assert summary_tables(store.view_for(unsealed.organisation_id))["respondents"] == 1  # at once
    row = AuditEvent.objects.get(action="interview.erase")
    assert row.actor_id == alice.pk and row.detail == {"via": "web", "records": 1}
    assert str(gone.uuid) not in str(row.detail) + row.object_id
    assert audit_verify().ok


def test_find_by_client_code_from_the_uic_parts(alice: User, bob: User, unsealed: Vault) -> None:
    first = _enter(bob, uic_mother_name="Жа", uic_father_name="Ну", uic_birth_year="1990")
    again = _enter(bob, uic_mother_name="жа", uic_father_name="НУ", uic_birth_year="1990", age="36")
    _enter(bob, uic_mother_name="Жа", uic_father_name="Ну", uic_birth_year="1991")
    found = erasure.records_by_client_code(
        alice.org_id, mother="Жа", father="Ну", sex="female", birth_year=1990
    )
    assert {i.pk for i in found} == {first.pk, again.pk}


def test_another_organisation_erases_nothing(alice: User, bob: User, charlie: User, unsealed: Vault) -> None:
    mine = _enter(bob)
    assert erasure.records_by_id(charlie.org_id, [str(mine.uuid)]) == []
    with pytest.raises(erasure.NothingToErase):
        interviews_erase(actor=charlie, interviews=[mine])
    assert Interview.objects.filter(pk=mine.pk).exists()
