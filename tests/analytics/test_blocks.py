"""Sealed column blocks: the format round-trips, forged or moved blocks are refused, and the
tables from blocks equal the tables from the row payloads."""

from __future__ import annotations

import datetime
import itertools
import math
import uuid
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kua.accounts.models import User
from kua.analytics import blockstore, store
from kua.analytics.blocks import (
    NUMBER_KINDS,
    Block,
    BlockInvalid,
    Builder,
    Column,
    Identity,
    columns_of,
    decode,
)
from kua.analytics.concat import view_of
from kua.analytics.dataset import Dataset, Row, build_view
from kua.analytics.models import ColumnBlock
from kua.analytics.tables import summary_tables
from kua.demo import generate_answers
from kua.interviews import intake
from kua.interviews.models import Interview
from kua.interviews.selectors import opened_interviews
from kua.interviews.services import BatchRow, interview_create, interviews_store_batch
from kua.questionnaires.loader import load_xlsform
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.services import DEFAULT_FORM
from kua.questionnaires.spec import FormSpec
from kua.vault import crypto
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import new_data_key
from tests.conftest import valid_answers

TODAY = datetime.date(2026, 11, 20)
IDENTITY = Identity(organisation=3, batch=7, form_version=2, block=uuid.UUID(int=5))


@pytest.fixture(scope="module")
def spec() -> FormSpec:
    return load_xlsform(DEFAULT_FORM.read_bytes(), DEFAULT_FORM.name)


def _rows_view(organisation_id: int) -> Dataset:
    """The view the old way: every row payload decrypted and decoded."""
    version = current_form(organisation_id)
    rows = (
        Row(o.documenter_id, o.content.answers, o.content.client_code)
        for o in opened_interviews(organisation_id)
    )
    return build_view(spec_for(version), rows)


def _import(user: User, count: int, seed: int = 3) -> None:
    rows = [BatchRow(raw, user) for raw in generate_answers(count, seed=seed, today=TODAY)]
    result = interviews_store_batch(
        actor=user, form_version=current_form(user.organisation_id), rows=rows, today=TODAY
    )
    assert result.stored > 0, result.rejected


def _same_view(a: Dataset, b: Dataset) -> None:
    """Same tables, and the same values on every live row (row order aside)."""
    assert summary_tables(a) == summary_tables(b)
    assert a.live.bit_count() == b.live.bit_count()
    for name in a.choice_fields:
        for code in a.choice_fields[name]:
            assert (a.mask(name, code) & a.live).bit_count() == (b.mask(name, code) & b.live).bit_count()
    for name in a.numeric_fields:
        left = sorted(v for i, v in enumerate(a.numbers[name]) if (a.live >> i) & 1 and not math.isnan(v))
        right = sorted(v for i, v in enumerate(b.numbers[name]) if (b.live >> i) & 1 and not math.isnan(v))
        assert left == right, name
    assert sorted(q[1:] for q in a.quotes) == sorted(q[1:] for q in b.quotes)


# --- the format ---------------------------------------------------------------------------


def test_block_round_trips(spec: FormSpec) -> None:
    builder = Builder(columns_of(spec))
    records = [uuid.uuid4() for _ in range(11)]
    for i, record in enumerate(records):
        answers = dict(valid_answers(), age=str(20 + i), narrative=f"story {i}", quote_allowed="yes")
        builder.add(record, 40 + i, answers, "ab" * 10 if i % 2 else None)
    block = decode(builder.encode(IDENTITY), IDENTITY)
    assert block.rows == 16  # padded to a multiple of 8
    assert int.from_bytes(block.parts.live, "little") == (1 << 11) - 1
    assert [r for _row, r in block.live_records()] == [r.bytes for r in records]
    assert list(block.documenters())[:11] == list(range(40, 51))
    assert block.client_code(1) == "ab" * 10 and block.client_code(0) is None
    assert [q[1] for q in block.parts.quote_list()] == [f"story {i}" for i in range(11)]
    again = decode(block.parts.encode(IDENTITY), IDENTITY)
    again.parts.quote_list()
    assert again.parts == block.parts


@pytest.mark.parametrize(
    "claimed",
    [
        Identity(4, 7, 2, IDENTITY.block),  # another organisation
        Identity(3, 8, 2, IDENTITY.block),  # another batch
        Identity(3, None, 2, IDENTITY.block),  # not a batch
        Identity(3, 7, 1, IDENTITY.block),  # another form version
        Identity(3, 7, 2, uuid.UUID(int=6)),  # another block
    ],
)
def test_a_header_naming_something_else_is_refused(spec: FormSpec, claimed: Identity) -> None:
    builder = Builder(columns_of(spec))
    builder.add(uuid.uuid4(), 1, valid_answers(), None)
    with pytest.raises(BlockInvalid, match="names another"):
        decode(builder.encode(claimed), IDENTITY)


def test_sizes_that_do_not_add_up_are_refused(spec: FormSpec) -> None:
    builder = Builder(columns_of(spec))
    builder.add(uuid.uuid4(), 1, valid_answers(), None)
    body = zlib.decompress(builder.encode(IDENTITY))
    with pytest.raises(BlockInvalid, match="sections"):
        decode(zlib.compress(body + b"\x00"), IDENTITY)
    with pytest.raises(BlockInvalid, match="magic"):
        decode(zlib.compress(b"PICKLE\x00\x01" + body[8:]), IDENTITY)
    with pytest.raises(BlockInvalid, match="decompress"):
        decode(body, IDENTITY)


# --- blocks in the database ----------------------------------------------------------------


def test_every_entry_path_writes_a_block_while_sealed(bob: User, vault: Vault) -> None:
    interview_create(
        actor=bob, form_version=current_form(bob.organisation_id), raw=valid_answers(), today=TODAY
    )
    _import(bob, 30)
    blocks = list(ColumnBlock.objects.order_by("pk"))
    assert [b.import_batch_id is None for b in blocks] == [True, False]
    assert [b.rows for b in blocks] == [1, Interview.objects.filter(import_batch__isnull=False).count()]
    assert all(b"consent" not in bytes(b.payload) for b in blocks)


def test_blocks_give_the_tables_of_the_row_payloads(bob: User, unsealed: Vault) -> None:
    _import(bob, 400)
    _import(bob, 57, seed=4)
    interview_create(
        actor=bob, form_version=current_form(bob.organisation_id), raw=valid_answers(), today=TODAY
    )
    _same_view(store.build(bob.organisation_id), _rows_view(bob.organisation_id))


def _forge(organisation_id: int, version_id: int, batch_id: int | None, claimed: Identity) -> ColumnBlock:
    """What anyone with the public key can write: a block sealed to it, for this row (the
    associated data fits), with the header `claimed`."""
    spec = spec_for(current_form(organisation_id))
    builder = Builder(columns_of(spec))
    builder.add(uuid.uuid4(), 1, valid_answers(police_violations=["rape"]), None)
    key_row, key = new_data_key(vault_for(organisation_id))
    record = ColumnBlock(
        uuid=claimed.block, organisation_id=organisation_id, import_batch_id=batch_id,
        form_version_id=version_id, data_key=key_row, rows=1,
    )  # fmt: skip
    record.payload = crypto.encrypt_payload(key, builder.encode(claimed), record.associated_data("payload"))
    record.save()
    return record


def test_a_block_moved_to_another_batch_does_not_open(bob: User, unsealed: Vault) -> None:
    _import(bob, 20)
    _import(bob, 5, seed=9)
    first, second = ColumnBlock.objects.order_by("pk")
    ColumnBlock.objects.filter(pk=second.pk).update(import_batch_id=first.import_batch_id)
    with pytest.raises(BlockInvalid, match="does not open"):
        blockstore.block_open(store.KeyRing(unsealed), ColumnBlock.objects.get(pk=second.pk))


@pytest.mark.parametrize("wrong", ["batch", "form", "organisation"])
def test_a_block_forged_with_the_public_key_but_a_wrong_header_is_refused(
    bob: User, unsealed: Vault, wrong: str
) -> None:
    _import(bob, 20)
    expected = summary_tables(_rows_view(bob.organisation_id))
    organisation_id, version_id = bob.organisation_id, current_form(bob.organisation_id).pk
    batch_id = ColumnBlock.objects.get().import_batch_id
    block = uuid.uuid4()
    claimed = {
        "batch": Identity(organisation_id, None, version_id, block),
        "form": Identity(organisation_id, batch_id, version_id + 1, block),
        "organisation": Identity(organisation_id + 1, batch_id, version_id, block),
    }[wrong]
    forged = _forge(organisation_id, version_id, batch_id, claimed)
    with pytest.raises(BlockInvalid, match="names another"):
        blockstore.block_open(store.KeyRing(unsealed), forged)
    # Left out of the view: the tables stay those of the stored interviews.
    assert summary_tables(store.build(organisation_id)) == expected


def test_erased_records_are_gone_from_every_block(bob: User, unsealed: Vault) -> None:
    _import(bob, 60)
    for _ in range(3):
        interview_create(
            actor=bob,
            form_version=current_form(bob.organisation_id),
            raw=valid_answers(narrative="ERASE-ME words", quote_allowed="yes"),
            today=TODAY,
        )
    store.build(bob.organisation_id)
    doomed = list(Interview.objects.order_by("-pk")[:3]) + list(Interview.objects.order_by("pk")[:5])
    ids, records = [i.pk for i in doomed], [i.uuid for i in doomed]
    Interview.objects.filter(pk__in=ids).delete()
    intake.erased(intake.Erased(organisation=bob.organisation, interview_ids=ids, record_ids=records))
    ring = store.KeyRing(unsealed)
    for record in ColumnBlock.objects.all():
        block = blockstore.block_open(ring, record)
        raw = b"".join([block.parts.records, *block.parts.sections])
        assert not any(r.bytes in raw for r in records)
        assert all("ERASE-ME" not in q[1] for q in block.parts.quote_list())
        assert b"ERASE-ME" not in zlib.decompress(block.parts.encode(block.identity))
        assert record.rows == int.from_bytes(block.parts.live, "little").bit_count()
    _same_view(store.build(bob.organisation_id), _rows_view(bob.organisation_id))


def test_interviews_without_blocks_are_read_from_their_payloads(bob: User, unsealed: Vault) -> None:
    _import(bob, 25)
    ColumnBlock.objects.all().delete()  # as in a database from before blocks existed
    view = store.build(bob.organisation_id)
    assert ColumnBlock.objects.count() == 0  # read into memory: a read writes nothing
    _same_view(view, _rows_view(bob.organisation_id))
    assert store.maintain(bob.organisation_id) == (1, 0)
    assert ColumnBlock.objects.count() == 1
    _same_view(store.build(bob.organisation_id), _rows_view(bob.organisation_id))


def test_small_blocks_are_merged_while_unsealed(bob: User, unsealed: Vault) -> None:
    for _ in range(blockstore.COMPACT_AFTER):
        interview_create(
            actor=bob, form_version=current_form(bob.organisation_id), raw=valid_answers(), today=TODAY
        )
    first = summary_tables(store.build(bob.organisation_id))
    assert ColumnBlock.objects.count() == blockstore.COMPACT_AFTER  # a read merges nothing
    assert store.maintain(bob.organisation_id) == (0, blockstore.COMPACT_AFTER)
    assert ColumnBlock.objects.count() == 1
    assert ColumnBlock.objects.get().rows == blockstore.COMPACT_AFTER
    assert summary_tables(store.build(bob.organisation_id)) == first


def test_the_view_follows_a_web_entry_at_once(
    bob: User, unsealed: Vault, django_capture_on_commit_callbacks: Any
) -> None:
    _import(bob, 10)
    before = store.view_for(bob.organisation_id).live.bit_count()
    with django_capture_on_commit_callbacks(execute=True):
        interview_create(
            actor=bob, form_version=current_form(bob.organisation_id), raw=valid_answers(), today=TODAY
        )
    assert store.view_for(bob.organisation_id).live.bit_count() == before + 1


# --- side by side form versions, and a random corpus ------------------------------------------


def test_form_versions_side_by_side(spec: FormSpec) -> None:
    columns = columns_of(spec)
    older = tuple(c for c in columns if c.name != "police_violations")
    newer = (*columns, Column("trafficking_signs", "select_multiple", ("debt", "documents_held")))
    old = Builder(older)
    old.add(uuid.uuid4(), 1, valid_answers(), None)
    new = Builder(newer)
    new.add(uuid.uuid4(), 1, dict(valid_answers(), trafficking_signs=["debt"]), None)
    blocks = [
        decode(old.encode(Identity(1, None, 1, uuid.UUID(int=1))), Identity(1, None, 1, uuid.UUID(int=1))),
        decode(new.encode(Identity(1, None, 2, uuid.UUID(int=2))), Identity(1, None, 2, uuid.UUID(int=2))),
    ]
    view = view_of(blocks, [b.parts.live for b in blocks])
    assert view.choice_fields["trafficking_signs"] == ("debt", "documents_held")
    assert view.mask("trafficking_signs", "debt").bit_count() == 1
    assert view.mask("trafficking_signs", "debt") >> 8 == 1  # the newer block's first row
    assert summary_tables(view)["police"]["extortion"] == 1  # the older version has no such question


def _answers_strategy(spec: FormSpec) -> st.SearchStrategy[dict[str, Any]]:
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for column in columns_of(spec):
        if column.kind == "select_one":
            parts[column.name] = st.none() | st.sampled_from(column.codes)
        elif column.kind == "select_multiple":
            parts[column.name] = st.none() | st.lists(st.sampled_from(column.codes), unique=True)
        elif column.kind in NUMBER_KINDS:
            parts[column.name] = st.none() | st.integers(0, 10**6).map(str)
        else:
            parts[column.name] = st.none() | st.dates(datetime.date(2020, 1, 1), TODAY).map(str)
    parts["narrative"] = st.none() | st.text(min_size=1, max_size=20)
    parts["quote_allowed"] = st.sampled_from(["yes", "no"])
    return st.fixed_dictionaries(parts)


def _blocks(columns: tuple[Column, ...], rows: list[Row], cuts: list[int]) -> list[Block]:
    edges = sorted({0, len(rows), *(c % (len(rows) + 1) for c in cuts)})
    blocks = []
    for n, (start, end) in enumerate(itertools.pairwise(edges)):
        builder = Builder(columns)
        for row in rows[start:end]:
            builder.add(uuid.uuid4(), row.documenter_id, row.answers, row.client_code)
        identity = Identity(1, n, 1, uuid.UUID(int=n))
        blocks.append(decode(builder.encode(identity), identity))
    return blocks


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_corpus_blocks_equal_rows(spec: FormSpec, data: st.DataObject) -> None:
    answers = data.draw(st.lists(_answers_strategy(spec), min_size=1, max_size=40))
    cuts = data.draw(st.lists(st.integers(0, 40), max_size=4))
    rows = [Row(1 + i % 3, a, None) for i, a in enumerate(answers)]
    blocks = _blocks(columns_of(spec), rows, cuts)
    from_blocks = view_of(blocks, [b.parts.live for b in blocks])
    _same_view(from_blocks, build_view(spec, rows))
