"""Issue 22, item 2: one intake. Every entry path hands one typed event to one pipeline whose
steps and order are written in kua/intake/pipeline.py (not the order apps are installed in)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kua.accounts.models import User
from kua.analytics import blockstore
from kua.cases import chunks
from kua.demo import generate_answers
from kua.intake import pipeline
from kua.interviews import intake
from kua.interviews.services import BatchRow, interview_create, interviews_store_batch
from kua.questionnaires.selectors import current_form
from kua.vault.models import Vault
from tests.conftest import TODAY, valid_answers


@pytest.fixture
def events() -> Iterator[list[intake.Stored]]:
    seen: list[intake.Stored] = []
    installed = intake.steps()
    intake.configure([*installed, intake.Step("listener", on_stored=seen.append)])
    yield seen
    intake.configure(installed)


def test_the_pipeline_is_the_one_written_down() -> None:
    assert intake.steps() == pipeline.STEPS
    assert [step.name for step in intake.steps()] == ["collect", "offline", "blocks", "cases"]
    assert intake.chunk_hooks() == [("blocks", blockstore.fragment), ("cases", chunks.sealed_states)]


def test_web_entry_and_import_hand_one_typed_event_each(
    bob: User, vault: Vault, events: list[intake.Stored]
) -> None:
    version = current_form(bob.organisation_id)
    one = interview_create(actor=bob, form_version=version, raw=valid_answers(), today=TODAY)
    rows = [BatchRow(raw, bob) for raw in generate_answers(5, seed=4, today=TODAY)]
    result = interviews_store_batch(actor=bob, form_version=version, rows=rows, today=TODAY)
    assert all(isinstance(event, intake.Stored) for event in events)
    assert [i.pk for i in events[0].interviews] == [one.pk] and events[0].batch is None
    assert sum(len(event.interviews) for event in events[1:]) == result.stored
    assert all(event.organisation.pk == bob.organisation_id for event in events)
