"""Counts checked against a small set computed by hand."""

from __future__ import annotations

import datetime

from django.utils import timezone

from kua.accounts.models import User
from kua.analytics import store
from kua.analytics.filters import Filters, base_mask
from kua.analytics.tables import summary_tables
from kua.interviews.services import interview_create
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from tests.conftest import valid_answers

NONE = {"police_violations": None, "detentions_last_month": None, "rights_violated_6m": "no"}


def _enter(user: User, **answers: object) -> None:
    interview_create(
        actor=user,
        form_version=current_form(user.organisation_id),
        raw=valid_answers(**answers),
        today=timezone.localdate(),
    )


def _fixture(bob: User) -> None:
    # 1: extortion + humiliation, complained no (the default answers)
    _enter(bob)
    # 2: extortion only, complained yes, accepted no, measures no
    _enter(
        bob,
        police_violations=["extortion"],
        police_complained="yes",
        police_no_complaint_reason=None,
        police_complaint_accepted="no",
        police_measures_taken="no",
        police_knows_where_to_turn="yes",
    )
    # 3: no police violation; medical humiliation
    _enter(bob, **NONE, medical_violations=["humiliation"])
    # 4: not counted: no consent to statistics (rape would otherwise show)
    _enter(bob, consent_statistics="no", police_violations=["rape"])


def test_counts_match_the_hand_computed_fixture(bob: User, unsealed: Vault) -> None:
    _fixture(bob)
    tables = summary_tables(store.view_for(bob.organisation_id))
    assert tables["respondents"] == 3
    assert tables["police"]["extortion"] == 2
    assert tables["police"]["humiliation"] == 1
    assert tables["police"]["rape"] == 0  # the only report has no consent to be counted
    assert tables["medical"]["humiliation"] == 1
    assert tables["yn"]["police"]["complained"] == {"yes": 1, "no": 2}
    # complaint_accepted applies only to the one who complained
    assert tables["yn"]["police"]["complaint_accepted"] == {"yes": 0, "no": 1}
    assert tables["yn"]["police"]["knows_where_to_turn"] == {"yes": 1, "no": 2}


def test_view_follows_new_entries_and_is_dropped_on_seal(bob: User, alice: User, unsealed: Vault) -> None:
    from django.db import transaction

    from kua.vault.services import vault_seal

    _fixture(bob)
    view = store.view_for(bob.organisation_id)
    assert view.live.bit_count() == 4  # rows of the view: each block is padded to 8 rows
    with transaction.atomic():  # on_commit runs when the test's outer block allows it
        pass
    vault_seal(vault=unsealed, actor=alice)
    assert bob.organisation_id not in store._views


def test_the_filters_keep_the_rows_they_name(bob: User, dana: User, unsealed: Vault) -> None:
    """The base mask: a documenter's rows, a district's, a date range's (and counted rows only)."""
    _enter(bob)
    _enter(bob, residence_region="almaty_region", residence_district="talgar")
    _enter(dana)
    _enter(dana, consent_statistics="no")
    view = store.view_for(bob.organisation_id)
    assert base_mask(view, Filters()).bit_count() == 3
    assert base_mask(view, Filters(documenter_id=bob.pk)).bit_count() == 2
    assert base_mask(view, Filters(documenter_id=dana.pk)).bit_count() == 1
    assert base_mask(view, Filters(documenter_id=dana.pk + 1000)) == 0
    assert base_mask(view, Filters(district="talgar")).bit_count() == 1
    far = datetime.date(2001, 1, 1)
    assert base_mask(view, Filters(date_from=far)).bit_count() == 3
    assert base_mask(view, Filters(date_to=far)) == 0
