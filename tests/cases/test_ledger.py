"""The case ledger: many cases' statuses in one sealed entry, read by counting instead of
every case's own payload; the cases' payloads stay the record of truth."""

from __future__ import annotations

import uuid
import zlib
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kua.accounts.models import User
from kua.analytics import store
from kua.cases import codes, ledger
from kua.cases.counting import counted_cases, responses_table
from kua.cases.models import Case, CaseLedger
from kua.cases.sealing import ActionFacts, open_case
from kua.cases.services import case_action_add, case_key, case_update
from kua.interviews.services.erasure import interviews_erase
from kua.vault import crypto
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing, new_data_key, vault_seal, vault_unseal
from tests.cases.conftest import entered
from tests.conftest import PASSPHRASE, TODAY

ENTRY = uuid.UUID(int=7)
ITEMS = [(uuid.UUID(int=i).bytes, codes.STATUSES[i % len(codes.STATUSES)]) for i in range(1, 40)]


def _entries(organisation_id: int) -> list[list[ledger.Item]]:
    ring = KeyRing(vault_for(organisation_id))
    return [ledger._open(ring, e) for e in CaseLedger.objects.filter(organisation_id=organisation_id)]


def test_format_round_trips() -> None:
    raw = ledger.encode(3, ENTRY, ITEMS)
    assert ledger.decode(raw, 3, ENTRY) == ITEMS
    assert ledger.decode(ledger.encode(3, ENTRY, []), 3, ENTRY) == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-1],  # a status byte missing
        lambda raw: raw + b"\x00",  # one too many
        lambda raw: b"NOTALEDG" + raw[8:],
        lambda raw: raw[:-1] + bytes([len(ledger.STATUSES)]),  # a status the header does not name
        lambda raw: raw.replace(b'"rows":39', b'"rows":38'),
        lambda raw: raw.replace(b'"open"', b'"opened"'),
        lambda raw: raw.replace(b'"format":1', b'"format":2'),
    ],
)
def test_a_damaged_entry_is_refused(damage: object) -> None:
    raw = ledger.encode(3, ENTRY, ITEMS)
    with pytest.raises(ledger.LedgerInvalid):
        ledger.decode(damage(raw), 3, ENTRY)  # type: ignore[operator]


def test_an_entry_of_another_organisation_or_place_is_refused() -> None:
    raw = ledger.encode(3, ENTRY, ITEMS)
    with pytest.raises(ledger.LedgerInvalid):
        ledger.decode(raw, 4, ENTRY)
    with pytest.raises(ledger.LedgerInvalid):
        ledger.decode(raw, 3, uuid.UUID(int=8))


def test_opening_cases_writes_one_entry_and_counting_reads_only_the_ledger(
    alice: User, bob: User, unsealed: Vault, django_assert_max_num_queries: object
) -> None:
    first, second = entered(bob), entered(bob)
    items = [item for entry in _entries(alice.org_id) for item in entry]
    assert sorted(items) == sorted([(first.record_id.bytes, "open"), (second.record_id.bytes, "open")])
    Case.objects.filter(pk=first.pk).update(payload=b"not a case payload: counting must not open it")
    assert responses_table(alice.org_id)["status"]["open"] == 2


def test_a_status_change_is_appended_and_wins(alice: User, bob: User, unsealed: Vault) -> None:
    case = entered(bob)
    case_update(actor=alice, case=case, today=TODAY, status="in_progress")
    case_action_add(
        actor=alice,
        case=case,
        facts=ActionFacts(TODAY, "referral", service="shelter", status="resolved_full"),
        today=TODAY,
    )
    assert CaseLedger.objects.filter(organisation_id=alice.org_id).count() == 3
    assert responses_table(alice.org_id)["status"]["resolved_full"] == 1
    assert responses_table(alice.org_id)["status"]["open"] == 0


def test_a_missing_or_forged_ledger_is_rebuilt_from_the_cases(
    alice: User, bob: User, unsealed: Vault
) -> None:
    cases = [entered(bob) for _ in range(3)]
    case_update(actor=alice, case=cases[0], today=TODAY, status="unresolved")
    before = responses_table(alice.org_id)
    CaseLedger.objects.all().delete()
    assert responses_table(alice.org_id) == before  # read from the cases: a read writes nothing
    assert CaseLedger.objects.count() == 0
    ring = KeyRing(vault_for(alice.org_id))
    assert ledger.ledger_maintain(alice.org_id, ring) == "rebuilt"
    assert CaseLedger.objects.count() == 1  # rebuilt as one entry, on the maintenance path
    # Forged with the public key: right encryption, but a header naming another organisation.
    forged = CaseLedger(
        organisation_id=alice.org_id, rows=3, data_key=new_data_key(vault_for(alice.org_id))[0]
    )
    key = KeyRing(vault_for(alice.org_id)).key(forged.data_key_id)
    plain = ledger.encode(
        alice.org_id + 1, forged.uuid, [(c.record_id.bytes, "resolved_full") for c in cases]
    )
    forged.payload = crypto.encrypt_payload(key, zlib.compress(plain), forged.associated_data("payload"))
    forged.save()
    assert responses_table(alice.org_id) == before
    assert CaseLedger.objects.filter(pk=forged.pk).exists()  # a reader leaves it
    assert ledger.ledger_maintain(alice.org_id, ring) == "rebuilt"
    assert not CaseLedger.objects.filter(pk=forged.pk).exists()


def test_many_entries_are_merged_and_later_changes_still_win(
    alice: User, bob: User, unsealed: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger, "COMPACT_AFTER", 8)
    case = entered(bob)
    others = [entered(bob) for _ in range(3)]
    for i in range(ledger.COMPACT_AFTER):
        case_update(actor=alice, case=case, today=TODAY, status=("in_progress", "unresolved")[i % 2])
    assert CaseLedger.objects.count() > ledger.COMPACT_AFTER
    status = responses_table(alice.org_id)["status"]
    assert CaseLedger.objects.count() > ledger.COMPACT_AFTER  # a read merges nothing
    assert ledger.ledger_maintain(alice.org_id, KeyRing(vault_for(alice.org_id))) == "merged"
    assert CaseLedger.objects.count() == 1
    assert responses_table(alice.org_id)["status"] == status
    assert status["unresolved"] == 1 and status["open"] == len(others)
    case_update(actor=alice, case=case, today=TODAY, status="closed_by_respondent")
    assert responses_table(alice.org_id)["status"]["closed_by_respondent"] == 1


def test_erased_records_leave_the_ledger(alice: User, bob: User, unsealed: Vault) -> None:
    kept, erased = entered(bob), entered(bob)
    case_update(actor=alice, case=erased, today=TODAY, status="in_progress")
    interviews_erase(actor=alice, interviews=[erased.interview])
    records = {record for entry in _entries(alice.org_id) for record, _status in entry}
    assert records == {kept.record_id.bytes}


def test_cases_opened_while_sealed_are_in_the_ledger(alice: User, bob: User, unsealed: Vault) -> None:
    vault_seal(vault=unsealed, actor=alice)
    entered(bob)  # a web entry while sealed opens its case, sealed to the public key
    assert CaseLedger.objects.count() == 1
    vault_unseal(vault=unsealed, user=alice, passphrase=PASSPHRASE)
    assert responses_table(alice.org_id)["status"]["open"] == 1


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    consents=st.lists(st.booleans(), min_size=1, max_size=8),
    changes=st.lists(st.tuples(st.integers(0, 7), st.sampled_from(codes.STATUSES)), max_size=12),
    drop_ledger=st.booleans(),
)
def test_ledger_counts_equal_the_cases_own_payloads(
    alice: User,
    bob: User,
    unsealed: Vault,
    consents: list[bool],
    changes: list[tuple[int, str]],
    drop_ledger: bool,
) -> None:
    Case.objects.all().delete()
    CaseLedger.objects.all().delete()
    store.drop(alice.org_id)  # the view of an earlier example would not know the new entries
    cases = [entered(bob, consent_statistics="yes" if yes else "no") for yes in consents]
    for index, status in changes:
        if index < len(cases):
            case = Case.objects.get(pk=cases[index].pk)
            case_update(actor=alice, case=case, today=TODAY, status=status)
    if drop_ledger:  # an entry lost: the counts must still be the cases' own
        CaseLedger.objects.filter(
            pk=CaseLedger.objects.order_by("pk").values_list("pk", flat=True)[0]
        ).delete()
    truth: Counter[str] = Counter()
    for case, yes in zip(cases, consents, strict=True):
        if yes:
            fresh = Case.objects.get(pk=case.pk)
            truth[open_case(fresh, case_key(fresh)).status or "open"] += 1
    counted = counted_cases(alice.org_id).by_status
    assert {code: mask.bit_count() for code, mask in counted.items() if mask} == dict(truth)
