""" "What we did" in the report and the dashboard; suppression as for every table."""

from __future__ import annotations

import datetime

from django.urls import reverse

from kua.accounts.models import User
from kua.analytics.filters import Filters
from kua.cases.sealing import ActionFacts
from kua.cases.services import case_action_add, case_update
from kua.documents.data import ReportData, Table
from kua.reports.content.assemble import build_report
from kua.vault.models import Vault
from tests.cases.conftest import entered
from tests.conftest import TODAY, logged_in

OTHER_REGION, OTHER_DISTRICT = "almaty_region", "talgar"


def _table(data: ReportData, key: str) -> Table:
    return next(t for t in data.tables() if t.key == key)


def _cell(table: Table, row: str, column: int = 0) -> str:
    return next(r for r in table.rows if r.key == row).cells[column].text


def _build(alice: User, edition: str) -> ReportData:
    return build_report(
        organisation_id=alice.org_id, organisation_name="Ш", language="en", edition=edition, quotes=False
    )


def _cases(alice: User, bob: User, n: int) -> None:
    for i in range(n):
        case = entered(bob)
        facts = ActionFacts(
            datetime.date(2026, 11, 3 + i),
            "complaint_filed",
            body="prosecutor",
            outcome="positive",
            status="resolved_full" if i % 2 == 0 else "resolved_partial",
        )
        case_action_add(actor=alice, case=case, facts=facts, today=TODAY)


def test_internal_report_counts_cases_exactly(alice: User, bob: User, unsealed: Vault) -> None:
    _cases(alice, bob, 3)
    data = _build(alice, "internal")
    section = next(s for s in data.sections if s.key == "responses")
    assert section.title == "What we did"
    status = _table(data, "responses_status")
    assert (_cell(status, "resolved_full"), _cell(status, "resolved_partial"), _cell(status, "resolved")) == (
        "2",
        "1",
        "3",
    )
    assert _cell(status, "resolved", 1) == "100.0%"
    assert _cell(_table(data, "responses_actions"), "complaint_filed") == "3"
    assert _cell(_table(data, "responses_complaints"), "prosecutor", 1) == "3"  # column 1: positive
    assert section.paragraphs[0].startswith("3 cases of 1 clients")  # the same client code each time
    assert "2 (3 cases" in section.paragraphs[1]  # 1, 2 and 3 days


def test_public_report_hides_small_counts(alice: User, bob: User, unsealed: Vault) -> None:
    _cases(alice, bob, 3)
    data = _build(alice, "public")
    assert _cell(_table(data, "responses_actions"), "complaint_filed") == "<5"
    assert _cell(_table(data, "responses_status"), "resolved") == "<5"
    assert "not enough cases" in next(s for s in data.sections if s.key == "responses").paragraphs[1]


def test_dashboard_shows_what_we_did_and_follow_ups(alice: User, bob: User, unsealed: Vault) -> None:
    case = entered(bob)
    case_update(actor=alice, case=case, today=TODAY, next_follow_up=TODAY - datetime.timedelta(days=2))
    body = logged_in(alice).get(reverse("dashboard")).content.decode()
    assert 'id="section-responses"' in body
    assert 'class="card follow-ups"' in body and 'data-count="overdue">1<' in body


def test_analyst_dashboard_has_no_follow_up_block(alice: User, bob: User, ana: User, unsealed: Vault) -> None:
    entered(bob)
    body = logged_in(ana).get(reverse("dashboard")).content.decode()
    assert 'id="section-responses"' in body and "follow-ups" not in body


def test_the_report_filters_count_only_their_rows_cases(alice: User, bob: User, unsealed: Vault) -> None:
    """The responses section counts the cases of the rows the report's filters keep (region
    included), like every other table of the report."""
    entered(bob)
    entered(bob)
    other = entered(bob, residence_region=OTHER_REGION, residence_district=OTHER_DISTRICT)
    case_update(actor=alice, case=other, today=TODAY, status="unresolved")

    def status(filters: Filters) -> tuple[str, str]:
        data = build_report(
            organisation_id=alice.org_id,
            organisation_name="Ш",
            language="en",
            edition="internal",
            quotes=False,
            filters=filters,
        )
        table = _table(data, "responses_status")
        return _cell(table, "open"), _cell(table, "unresolved")

    assert status(Filters()) == ("2", "1")
    assert status(Filters(region=OTHER_REGION)) == ("0", "1")
    assert status(Filters(district=OTHER_DISTRICT)) == ("0", "1")


def test_what_we_did_says_one_sentence_when_there_is_nothing(alice: User, bob: User, unsealed: Vault) -> None:
    """Issue 21 item 11: no all-zero tables when no case was opened."""
    from kua.interviews.services import interview_create
    from kua.questionnaires.selectors import current_form
    from tests.cases.conftest import no_violation

    interview_create(actor=bob, form_version=current_form(bob.org_id), raw=no_violation(), today=TODAY)
    section = next(s for s in _build(alice, "internal").sections if s.key == "responses")
    assert section.tables == () and "No case was opened" in section.paragraphs[0]
