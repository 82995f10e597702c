"""The report's numbers, consent rules and suppression, from data entered through the services."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kua.accounts.models import User
from kua.analytics import store
from kua.documents.data import ReportData, Table
from kua.interviews.services import interview_create, refusal_create
from kua.questionnaires.selectors import current_form
from kua.reports.content.assemble import _documenter_names, build_report
from kua.reports.quotes import ChosenQuote, quote_sources
from kua.reports.services import quote_selection_save, report_content_save
from kua.vault.models import Vault
from tests.conftest import valid_answers


def _enter(user: User, n: int = 1, **answers: Any) -> None:
    for _ in range(n):
        interview_create(
            actor=user,
            form_version=current_form(user.org_id),
            raw=valid_answers(**answers),
            today=timezone.localdate(),
        )


def _report(user: User, edition: str = "internal", language: str = "en", quotes: bool = True) -> ReportData:
    return build_report(
        organisation_id=user.org_id,
        organisation_name="Org",
        language=language,
        edition=edition,
        quotes=quotes,
    )


def _table(data: ReportData, key: str) -> Table:
    return next(t for t in data.tables() if t.key == key)


def _row(table: Table, key: str) -> list[str]:
    return [c.text for c in next(r for r in table.rows if r.key == key).cells]


def _population(bob: User) -> None:
    _enter(bob, 7)  # extortion + humiliation, complained no
    _enter(bob, 3, police_violations=["extortion", "robbery"])
    _enter(bob, 2, consent_statistics="no", police_violations=["gang_rape"])


def test_internal_edition_has_exact_counts(bob: User, unsealed: Vault) -> None:
    _population(bob)
    data = _report(bob)
    police = _table(data, "police_violations")
    assert _row(police, "extortion") == ["10", "100.0%"]
    assert _row(police, "humiliation") == ["7", "70.0%"]
    assert _row(police, "robbery") == ["3", "30.0%"]
    assert _row(police, "gang_rape") == ["0", "0.0%"]  # only reported without consent to be counted
    assert [r.key for r in police.rows][:3] == ["extortion", "humiliation", "robbery"]  # most frequent first
    assert "Internal" in data.edition_note


def test_public_edition_hides_small_cells_and_their_complements(bob: User, unsealed: Vault) -> None:
    _population(bob)
    data = _report(bob, "public")
    assert _row(_table(data, "police_violations"), "robbery") == ["<5", "—"]
    complaints = _table(data, "police_complaints")
    # complained: yes 0, no 10 → shown; knows where to turn: no 10 of 10 → shown
    assert _row(complaints, "complained") == ["0", "10", "10"]


def test_public_partition_with_one_small_part_hides_two(bob: User, unsealed: Vault) -> None:
    _enter(bob, 8)
    _enter(bob, 2, police_knows_where_to_turn="yes")
    data = _report(bob, "public")
    row = _row(_table(data, "police_complaints"), "knows_where_to_turn")
    assert row[0] == "<5" and row[1] == "x"  # 2 yes would follow from 8 no and 10 asked
    assert "2" not in row


def test_quotes_only_with_both_consents(bob: User, unsealed: Vault) -> None:
    _enter(bob, narrative="Quote me, please.", quote_pseudonym="Asel")
    _enter(bob, narrative="Do not quote me.", quote_allowed="no", quote_pseudonym=None)
    _enter(
        bob,
        narrative="No anonymous use.",
        consent_anonymous_use="no",
        quote_allowed=None,
        quote_pseudonym=None,
    )
    assert not next(s for s in _report(bob).sections if s.key == "voices").quotes  # none chosen yet
    available = quote_sources(store.view_for(bob.org_id))
    assert [q.text for q in available.values()] == ["Quote me, please."]
    alice = User.objects.get(username="alice")
    quote_selection_save(actor=alice, quotes=[ChosenQuote(key) for key in available])
    voices = next(s for s in _report(bob).sections if s.key == "voices")
    assert [q.text for q in voices.quotes] == ["Quote me, please."]
    assert voices.quotes[0].attribution == "Asel, 32"


def test_methodology_counts_refusals_and_migrants(bob: User, unsealed: Vault) -> None:
    _enter(bob, 5)
    today = timezone.localdate()
    refusal_create(actor=bob, refused_on=today, reason="fear_police", migrant=True)
    refusal_create(actor=bob, refused_on=today, reason="no_time", migrant=False)
    methodology = next(s for s in _report(bob).sections if s.key == "methodology")
    assert any("2 people declined" in p for p in methodology.paragraphs)
    refusals = next(t for t in methodology.tables if t.key == "refusals")
    rows = {r.label: r.cells[0].text for r in refusals.rows}
    assert (
        rows["fear of the police"] == "1"
        and rows["no time"] == "1"
        and rows["distrust of the organisation or the documenter"] == "0"
    )
    assert rows["Total"] == "2" and rows["of them, migrants"] == "1"


def test_recommendations_rest_on_findings(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, 6)
    report_content_save(
        actor=alice,
        language="en",
        content={
            "title": "Our report",
            "recommendations": [
                {
                    "agency": "police",
                    "text": "Investigate extortion.",
                    "findings": ["police_violations:extortion"],
                }
            ],
        },
    )
    data = _report(bob)
    assert data.title == "Our report"
    section = next(s for s in data.sections if s.key == "recommendations")
    (item,) = section.recommendations
    assert item.text == "Investigate extortion." and item.agency == "Regional police department"
    assert item.findings == ("Violations by police officers: Extorted money",)


def test_same_data_same_tables(bob: User, unsealed: Vault) -> None:
    _population(bob)
    first = [(t.key, [[c.text for c in r.cells] for r in t.rows]) for t in _report(bob).tables()]
    second = [(t.key, [[c.text for c in r.cells] for r in t.rows]) for t in _report(bob).tables()]
    assert first == second


def test_report_in_kazakh(bob: User, unsealed: Vault) -> None:
    _enter(bob, 3)
    data = _report(bob, language="kk")
    police = _table(data, "police_violations")
    assert any(ch in police.title for ch in "әғқңөұүһі")


def test_documenters_are_found_without_a_distinct_over_every_interview(
    alice: User, bob: User, unsealed: Vault
) -> None:
    """Who documented: an EXISTS probe per person, plus those with a target. A DISTINCT over
    every interview took 80 ms on PostgreSQL at 100,000 (issue 26)."""
    _enter(bob, 2)
    with CaptureQueriesContext(connection) as seen:
        names = _documenter_names(alice.org_id, public=False, planned={alice.pk})
    assert set(names) == {bob.pk, alice.pk}
    assert not any("DISTINCT" in q["sql"].upper() for q in seen.captured_queries)
    assert _documenter_names(alice.org_id, public=False, planned=set()).keys() == {bob.pk}
