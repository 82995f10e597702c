"""Invariants every validation result keeps, checked by the property tests."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kua.questionnaires import expressions as ex
from kua.questionnaires.spec import FormSpec
from kua.questionnaires.validator import ERROR_CODES, IGNORED_CODES, validate

from .helpers import TODAY


def answers(spec: FormSpec) -> st.SearchStrategy[dict[Any, Any]]:
    plausible = ["", " ", "yes", "no", "0", "17", "18", "32", "-1", "1.5", "2026-11-02", "2027-01-01", "AB"]
    for fld in spec.fields:
        plausible += [c.name for c in fld.choices]
    text = st.one_of(st.sampled_from(sorted(set(plausible))), st.text(max_size=6))
    value = st.one_of(st.none(), text, st.lists(text, max_size=3), st.integers(-5, 100))
    names = st.one_of(st.sampled_from([f.name for f in spec.fields]), st.text(max_size=5))
    return st.dictionaries(names, value, max_size=len(spec.fields) + 2)


def _as_raw(clean: Mapping[str, object]) -> dict[str, Any]:
    return {k: v if isinstance(v, list | str) else str(v) for k, v in clean.items()}


def _relevant_after(spec: FormSpec, clean: Mapping[str, object], name: str) -> bool:
    """The field's relevance, recomputed from the clean answers (and calculations)."""
    values: dict[str, ex.Answer] = {}
    for fld in spec.fields:
        if fld.name == name:
            break
        if fld.kind == "calculate" and fld.calculation is not None:
            relevance = spec.effective_relevance(fld.name)
            if relevance is None or ex.truthy(
                ex.evaluate(relevance, ex.Env(values=values, today=TODAY.isoformat()))
            ):
                env = ex.Env(values=values, today=TODAY.isoformat())
                values[fld.name] = ex.to_string(ex.evaluate(fld.calculation, env))
        elif fld.name in clean:
            value = clean[fld.name]
            values[fld.name] = value if isinstance(value, list) else str(value)
    relevance = spec.effective_relevance(name)
    env = ex.Env(values=values, today=TODAY.isoformat())
    return relevance is None or ex.truthy(ex.evaluate(relevance, env))


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_invariants(spec: FormSpec, raw: dict[Any, Any]) -> None:
    result = validate(spec, raw, today=TODAY)
    for errors in result.errors.values():
        assert errors
        assert {e.code for e in errors} <= ERROR_CODES
        assert all(e.message for e in errors)
    assert {e.code for errors in result.ignored.values() for e in errors} <= IGNORED_CODES
    assert not set(result.clean) & set(result.errors)
    # a non-relevant non-empty answer is always discarded (never an error); a relevant one never is
    assert len(result.discarded) == len(set(result.discarded))
    for fld in spec.fields:
        given = raw.get(fld.name)
        empty = not str(given if not isinstance(given, list) else " ".join(map(str, given))).strip()
        if not fld.takes_answer or given is None or empty:
            assert fld.name not in result.discarded
            continue
        relevant = _relevant_after(spec, result.clean, fld.name)
        assert (fld.name in result.discarded) == (not relevant)
        if not relevant:
            assert fld.name not in result.errors
            assert fld.name not in result.clean
    # the clean answers validate again to themselves; only required answers that were
    # refused can be missing
    again = validate(spec, _as_raw(result.clean), today=TODAY)
    assert again.clean == result.clean
    assert {e.code for errors in again.errors.values() for e in errors} <= {"required"}
    if result.is_valid:
        assert again.is_valid
