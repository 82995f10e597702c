"""A Collect submission follows the web's rule: an answer to a question that does not apply
with the other answers (an old form version, a hand-edited instance) is dropped, never a
failure that leaves the whole interview unstored."""

from __future__ import annotations

import pytest

from kua.accounts.models import User
from kua.interviews.services import interview_read
from kua.odk.models import OdkSubmission
from kua.vault.models import Vault
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, valid_answers
from tests.odk.collect import Collect

pytestmark = pytest.mark.django_db


def test_an_answer_that_does_not_apply_is_dropped_and_the_interview_stored(
    alice: User, bob_phone: Collect
) -> None:
    vault_unseal(vault=Vault.objects.get(organisation_id=alice.org_id), user=alice, passphrase=PASSPHRASE)
    # police_complained = "no": whether the complaint was accepted is not asked
    answers = valid_answers(police_complaint_accepted="yes", fine_amount="5000")
    assert bob_phone.send(bob_phone.submission(answers)) == 201
    stored = OdkSubmission.objects.get()
    assert stored.status == OdkSubmission.Status.STORED and stored.interview is not None
    kept = interview_read(user=alice, interview=stored.interview).answers
    assert "police_complaint_accepted" not in kept and "fine_amount" not in kept
    assert kept["police_no_complaint_reason"] == "боялась"
