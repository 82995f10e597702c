"""The case ledger laid over the view's rows (kua/cases/ledger_rows.py) gives, row for row,
what the record-id join gives (the latest entry wins), and is used for the ledgers that
imports, status changes, erasures and merges write."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kua.accounts.models import User
from kua.analytics import store
from kua.cases import codes, counting, ledger, ledger_rows
from kua.cases.ledger import NO_CASE_STATUS, STATUSES, Parts
from kua.cases.models import Case
from kua.cases.sealing import open_case_state
from kua.cases.services import case_key, case_update
from kua.demo import generate_answers
from kua.interviews.models import Interview
from kua.interviews.services import BatchRow, interviews_store_batch
from kua.interviews.services.erasure import interviews_erase
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import KeyRing
from tests.conftest import TODAY

_VALUE = {NO_CASE_STATUS: 0, **{code: i + 1 for i, code in enumerate(codes.STATUSES)}}


def _parts(items: list[tuple[bytes, str]]) -> Parts:
    names = list(STATUSES)
    return b"".join(r for r, _ in items), bytes(names.index(s) for _, s in items), names


def _joined(entries: list[list[tuple[bytes, str]]], view: bytes) -> tuple[bytes, int]:
    found: dict[bytes, str] = {}
    for items in entries:
        found.update(items)
    rows = [view[i : i + 16] for i in range(0, len(view), 16)]
    return bytes(_VALUE.get(found.get(r, NO_CASE_STATUS), 0) for r in rows), len(found)


def _ledger(seed: int, blocks: int, updates: int, erased: int, merge: bool) -> tuple[list, bytes]:
    """A view of import blocks (padded to 8 rows with cleared records) and the entries an
    import, status changes, an erasure and a merge would write."""
    rng = random.Random(seed)
    view, entries = bytearray(), []
    for _ in range(blocks):
        items = [(rng.randbytes(16), rng.choice(STATUSES)) for _ in range(rng.randint(1, 40))]
        entries.append(items)
        view += b"".join(r for r, _ in items) + bytes(16 * (-len(items) % 8))
    live = [bytes(view[i : i + 16]) for i in range(0, len(view), 16) if view[i : i + 16] != bytes(16)]
    for _ in range(updates):
        entries.append([(rng.choice(live), rng.choice(codes.STATUSES))])
    for record in rng.sample(live, min(erased, len(live))):  # cleared in the view, gone from the ledger
        at = bytes(view).find(record)
        view[at : at + 16] = bytes(16)
        entries = [[item for item in items if item[0] != record] for items in entries]
        entries = [items for items in entries if items]
    if merge:  # `_merge`: one entry in the order the records first appeared
        found: dict[bytes, str] = {}
        for items in entries:
            found.update(items)
        entries = [list(found.items())]
        entries.append([(rng.randbytes(16), "open")])  # a case whose interview is not in the view
    return entries, bytes(view)


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    blocks=st.integers(1, 6),
    updates=st.integers(0, 12),
    erased=st.integers(0, 5),
    merge=st.booleans(),
)
def test_laid_statuses_equal_the_join(seed: int, blocks: int, updates: int, erased: int, merge: bool) -> None:
    entries, view = _ledger(seed, blocks, updates, erased, merge)
    expected, cases = _joined(entries, view)
    laid = ledger_rows.lay([_parts(items) for items in entries], view, cases)
    assert laid is not None  # every ledger Kua writes lies on the view
    assert laid.per_row == expected


def test_a_ledger_missing_a_case_is_not_laid() -> None:
    entries, view = _ledger(3, 3, 2, 1, False)
    cases = _joined(entries, view)[1]
    assert ledger_rows.lay([_parts(items) for items in entries], view, cases + 1) is None


def test_too_many_records_off_the_view_fall_back_to_the_join() -> None:
    entries, view = _ledger(5, 2, 0, 0, False)
    stray = [(bytes([1]) * 15 + bytes([i % 256]), "open") for i in range(ledger_rows.LATE_MAX + 1)]
    assert ledger_rows.lay([_parts(items) for items in [*entries, stray]], view, 0) is None


def test_a_later_import_entry_wins_over_an_earlier_entry_off_the_view() -> None:
    first, second = bytes([7]) * 16, bytes([8]) * 16
    view = first + second + bytes(16 * 6)
    entries = [[(second, "unresolved")], [(first, "open"), (second, "in_progress")]]
    laid = ledger_rows.lay([_parts(items) for items in entries], view, 2)
    assert laid is not None
    assert laid.per_row == _joined(entries, view)[0]
    assert laid.find([second, bytes(16)]) == {second: 1}


def test_ledgers_that_kua_writes_are_laid_without_the_join(
    alice: User, bob: User, unsealed: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two import batches, a status change, an erasure and a merge: counting lays every
    ledger over the view (the record-id join is never called) and counts what the cases'
    own payloads say."""
    for seed in (3, 4):
        rows = [BatchRow(raw, bob) for raw in generate_answers(30, seed=seed, today=TODAY)]
        interviews_store_batch(
            actor=bob, form_version=current_form(bob.organisation_id), rows=rows, today=TODAY
        )
    cases = list(Case.objects.order_by("pk"))
    case_update(actor=alice, case=cases[1], today=TODAY, status="in_progress")
    interviews_erase(actor=alice, interviews=[Interview.objects.get(pk=cases[2].interview_id)])
    ring = KeyRing(vault_for(alice.org_id))
    monkeypatch.setattr(counting, "case_statuses", _refuse)
    _counts_equal_the_cases(alice.org_id)
    assert ledger.ledger_maintain(alice.org_id, ring) == ""  # nothing to mend
    monkeypatch.setattr(ledger, "COMPACT_AFTER", 1)
    assert ledger.ledger_maintain(alice.org_id, ring) == "merged"
    store.drop(alice.org_id)
    _counts_equal_the_cases(alice.org_id)


def _refuse(*_args: object) -> None:
    raise AssertionError("the ledger should lie on the view")


def _counts_equal_the_cases(organisation_id: int) -> None:
    truth: Counter[str] = Counter()
    view = store.view_for(organisation_id)
    counted_records = {
        view.records[16 * row : 16 * row + 16] for row in range(view.size) if view.counted >> row & 1
    }
    for case in Case.objects.filter(organisation_id=organisation_id):
        state = open_case_state(case.record_id, bytes(case.payload), case_key(case))
        if state.is_case and case.record_id.bytes in counted_records:
            truth[state.status or "open"] += 1
    found = counting.counted_cases(organisation_id).by_status
    assert {code: mask.bit_count() for code, mask in found.items() if mask} == dict(truth)
    assert sum(truth.values()) > 0
