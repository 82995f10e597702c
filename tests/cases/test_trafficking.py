"""Section 6 (form version 2): `none` exclusive, relevance, the note, the table; version 1 keeps its own."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from kua.accounts.models import User
from kua.analytics.store import view_for
from kua.analytics.trafficking import trafficking_table
from kua.cases.models import Case, ReferralService
from kua.interviews.models import Interview
from kua.interviews.services import InterviewInvalid, interview_create
from kua.questionnaires.models import FormVersion
from kua.questionnaires.selectors import current_form
from kua.questionnaires.services import DEFAULT_FORM, form_version_install, install_shipped_form_if_newer
from kua.vault.models import Vault
from tests.conftest import TODAY, logged_in, valid_answers


def _create(user: User, **overrides: object) -> Interview:
    raw = valid_answers(**overrides)
    return interview_create(actor=user, form_version=current_form(user.org_id), raw=raw, today=TODAY)


def test_shipped_form_is_version_2_with_section_6(alice: User) -> None:
    version = current_form(alice.org_id)
    assert version.version == "2"
    from kua.questionnaires.selectors import spec_for

    spec = spec_for(version)
    assert {c.name for c in spec.field("trafficking_indicators").choices} >= {"none", "debt_bondage"}


def test_none_is_exclusive(bob: User) -> None:
    with pytest.raises(InterviewInvalid) as invalid:
        _create(bob, trafficking_indicators=["none", "debt_bondage"])
    assert "trafficking_indicators" in invalid.value.errors


def test_referral_questions_only_when_an_indicator_is_present(bob: User) -> None:
    # Without an indicator the referral question does not apply: its answer is discarded
    # (XForms semantics, issue 21 item 7), never stored and never an error.
    dropped = _create(bob, trafficking_indicators=["none"], trafficking_referral_offered="yes")
    assert list(dropped.discarded) == ["trafficking_referral_offered"]
    _create(
        bob,
        trafficking_indicators=["debt_bondage"],
        trafficking_referral_offered="yes",
        trafficking_referral_accepted="no",
    )
    _create(bob)  # not screened: still valid
    assert Interview.objects.count() == 3


def test_trafficking_table_counts_consenting_screened(bob: User, unsealed: Vault) -> None:
    _create(bob, trafficking_indicators=["debt_bondage", "documents_withheld"])
    _create(bob, trafficking_indicators=["none"])
    _create(bob)
    _create(bob, trafficking_indicators=["forced_to_work"], consent_statistics="no")
    table = trafficking_table(view_for(bob.org_id))
    assert (table["screened"], table["any_indicator"]) == (2, 1)
    assert table["indicators"]["debt_bondage"] == 1 and table["indicators"]["forced_to_work"] == 0


def test_an_indicator_alone_opens_a_case(bob: User) -> None:
    interview = _create(
        bob,
        rights_violated_6m="no",
        police_violations=None,
        detentions_last_month=None,
        trafficking_indicators=["earnings_withheld"],
    )
    assert Case.objects.filter(interview=interview).exists()


def test_entry_form_shows_the_directory_anti_trafficking_service(bob: User) -> None:
    ReferralService.objects.create(
        organisation_id=bob.org_id, name="Родник", kind="anti_trafficking", phone="+7 700 000 00 00"
    )
    body = logged_in(bob).get(reverse("interview_new")).content.decode()
    note = body.split('data-field="trafficking_referral_note"', 1)[1].split('data-field="', 1)[0]
    assert "Родник" in note and "+7 700 000 00 00" in note


def _version_1() -> bytes:
    book = openpyxl.load_workbook(DEFAULT_FORM)
    book["settings"].cell(row=2, column=3).value = "1"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_existing_organisation_gets_version_2_and_old_interviews_keep_1(alice: User, bob: User) -> None:
    FormVersion.objects.filter(organisation_id=alice.org_id).delete()
    form_version_install(
        organisation=alice.organisation, actor=alice, workbook=_version_1(), filename="v1.xlsx"
    )
    old = _create(bob)
    assert install_shipped_form_if_newer(organisation=alice.organisation, actor=alice) is not None
    assert install_shipped_form_if_newer(organisation=alice.organisation, actor=alice) is None
    assert current_form(alice.org_id).version == "2"
    old.refresh_from_db()
    assert old.form_version.version == "1"
