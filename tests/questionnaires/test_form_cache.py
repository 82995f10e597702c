"""The compiled form cache: the same FormSpec back from JSON, and no XLSForm parsing once cached."""

from __future__ import annotations

import json

import pytest

from kua.accounts.models import Organisation
from kua.questionnaires import cache, loader, selectors
from kua.questionnaires.models import CompiledForm
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.services import DEFAULT_FORM, form_cache_refresh


def test_the_shipped_form_round_trips_through_json() -> None:
    spec = loader.load_xlsform(DEFAULT_FORM.read_bytes(), DEFAULT_FORM.name)
    body = json.loads(json.dumps(cache.spec_to_json(spec)))
    again = cache.spec_from_json(body)
    assert again == spec
    assert again.field("age") == spec.field("age")
    assert [again.effective_relevance(f.name) for f in again.fields] == [
        spec.effective_relevance(f.name) for f in spec.fields
    ]


def test_installing_caches_and_later_reads_parse_nothing(
    org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = current_form(org.pk)
    assert CompiledForm.objects.filter(sha256=version.sha256, format=cache.FORMAT).exists()
    selectors._spec.cache_clear()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was parsed again")

    monkeypatch.setattr(loader, "load_xlsform", refuse)
    assert spec_for(version).form_id == "violation_registration"


def test_a_damaged_cache_entry_is_parsed_again(org: Organisation) -> None:
    version = current_form(org.pk)
    CompiledForm.objects.update(body={"broken": True})
    selectors._spec.cache_clear()
    assert spec_for(version).has_field("age")
    assert CompiledForm.objects.get().body == {"broken": True}  # a read writes nothing
    assert form_cache_refresh() == 1  # start-up and `kua maintain` compile it again
    assert cache.cached_spec(version.sha256) is not None
    assert form_cache_refresh() == 0
