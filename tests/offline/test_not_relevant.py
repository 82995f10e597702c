"""An entry sealed on a phone follows the web's rule: an answer to a question that does not
apply with the other answers is dropped at unseal, never a refusal of the whole entry."""

from __future__ import annotations

from kua.accounts.models import User
from kua.interviews.models import Interview
from kua.interviews.services import interview_read
from kua.offline.models import OfflineSubmission
from kua.vault.models import Vault
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, logged_in, valid_answers
from tests.offline.sealing import interview_entry, send


def test_an_answer_that_does_not_apply_is_dropped_and_the_entry_stored(
    bob: User, alice: User, vault: Vault
) -> None:
    # police_complained = "no": whether the complaint was accepted is not asked
    body = interview_entry(bob.org_id, valid_answers(police_complaint_accepted="yes"))
    assert send(logged_in(bob), body).status_code == 201
    vault_unseal(vault=vault, user=alice, passphrase=PASSPHRASE)
    assert OfflineSubmission.objects.get().status == OfflineSubmission.Status.STORED
    kept = interview_read(user=alice, interview=Interview.objects.get()).answers
    assert "police_complaint_accepted" not in kept
    assert kept["police_complained"] == "no"
