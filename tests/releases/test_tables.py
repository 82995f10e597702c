"""What a release holds: the public report's cells (suppressed), or noise with the stated
error (DP): coverage and mean error over many releases, counts clamped to whole numbers >= 0."""

from __future__ import annotations

import datetime
import math

import pytest

from kua.accounts.models import User
from kua.analytics.filters import Filters
from kua.analytics.store import view_for
from kua.documents.data import ReportData, Table
from kua.releases import dp
from kua.releases.tables import dp_tables, exact_tables, flatten, sensitivity
from kua.reports.content.assemble import build_report
from kua.studies.models import Study
from kua.vault.models import Vault
from tests.releases.helpers import make, population


def _table(data: ReportData, key: str) -> Table:
    return next(t for t in data.tables() if t.key == key)


def _shown(cell_text: str, value: int | None) -> int | None:
    return None if cell_text in ("<5", "x") else value


def test_suppressed_release_equals_the_public_reports_cells(bob: User, alice: User, unsealed: Vault) -> None:
    population(bob)
    made, _files = make(alice)
    tables = made.document["tables"]
    report = build_report(
        organisation_id=alice.org_id, organisation_name="O", language="en", edition="public", quotes=False
    )
    for key in ("police", "medical"):
        violations = _table(report, f"{key}_violations")
        assert {row.key: _shown(row.cells[0].text, row.cells[0].value) for row in violations.rows} == tables[
            key
        ]
        complaints = _table(report, f"{key}_complaints")
        for row in complaints.rows:
            yes, no = (_shown(c.text, c.value) for c in row.cells[:2])
            assert tables["yn"][key][row.key] == {"yes": yes, "no": no}
    assert tables["police"]["rape"] is None and tables["police"]["robbery"] is None  # 2 and 3: hidden
    assert (
        tables["police"]["extortion"] == 12 and tables["police"]["gang_rape"] == 0
    )  # not counted: no consent
    assert tables["respondents"] == 14 and made.document["method"] == {"name": "suppressed", "threshold": 5}
    assert "error" not in made.document


def test_scope_counts_only_its_period_region_and_study(bob: User, alice: User, unsealed: Vault) -> None:
    population(bob)
    view = view_for(alice.org_id)
    assert exact_tables(view, Filters(region="almaty_region"))["respondents"] == 2
    assert exact_tables(view, Filters(date_to=datetime.date(2026, 10, 15)))["respondents"] == 2
    study = Study.objects.create(
        organisation_id=alice.org_id,
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 11, 30),
    )
    made, _files = make(alice, study=study.pk)
    assert made.document["tables"]["respondents"] == 12
    assert made.document["scope"] == {"from": None, "to": None, "study": study.pk, "region": None}


def _exact(bob: User, alice: User) -> dict:  # type: ignore[type-arg]
    population(bob)
    return exact_tables(view_for(alice.org_id), Filters())


@pytest.mark.parametrize("epsilon", [0.5, 5.0])
def test_dp_error_covers_about_95_percent_of_cells_over_many_releases(
    bob: User, alice: User, unsealed: Vault, epsilon: float
) -> None:
    """OpenDP takes no seed (it draws from the system's secure generator), so: 300 releases of
    43 cells, 12,900 cells; the share within ± error has a standard deviation of 0.002.

    Clamping at 0 only moves a count towards the truth (counts are >= 0), so the real
    tables (many zero cells) are covered a little more often than 95%; cells far from 0 show
    the mechanism's own coverage."""
    exact = _exact(bob, alice)
    truth = flatten(exact)
    far = [value + 10_000 for value in truth]
    inside = inside_far = total = 0
    for _ in range(300):
        noised, error = dp_tables(exact, epsilon)
        unclamped = dp.release_counts(far, epsilon=epsilon, sensitivity=sensitivity(exact))
        for value, true, half in zip(flatten(noised), truth, flatten(error), strict=True):
            assert isinstance(value, int) and value >= 0
            inside += abs(value - true) <= half
            total += 1
        inside_far += sum(
            abs(a - b) <= unclamped.half_width for a, b in zip(unclamped.counts, far, strict=True)
        )
    assert 0.94 <= inside_far / total <= 0.965, inside_far / total
    assert inside_far / total <= inside / total <= 0.99, inside / total


def test_dp_mean_error_is_the_mechanisms(bob: User, alice: User, unsealed: Vault) -> None:
    """Before clamping, a discrete Laplace of scale b has E|X| = 2q / (1 - q²) with q = e^(-1/b);
    cells far from 0 (no clamping) show that mean error, and the stated error follows the scale."""
    exact = _exact(bob, alice)
    far = [v + 10_000 for v in flatten(exact)]  # far from 0: clamping never acts
    epsilon = 2.0
    scale = sensitivity(exact) / epsilon
    q = math.exp(-1 / scale)
    expected = 2 * q / (1 - q * q)
    errors = []
    for _ in range(300):
        noised = dp.release_counts(far, epsilon=epsilon, sensitivity=sensitivity(exact))
        errors += [abs(a - b) for a, b in zip(noised.counts, far, strict=True)]
        assert (
            noised.half_width == math.floor(scale * math.log(20))
            or abs(noised.half_width - scale * math.log(20)) < 2
        )
    mean = sum(errors) / len(errors)
    assert abs(mean - expected) / expected < 0.05, (mean, expected)


def test_dp_release_states_method_and_error_and_never_the_exact_counts(
    bob: User, alice: User, unsealed: Vault
) -> None:
    from kua.releases.services import budget_set

    population(bob)
    budget_set(actor=alice, epsilon=1.0, study_id=None)
    made, _files = make(alice, "dp", 1.0)
    method = made.document["method"]
    assert method["name"] == "dp" and method["epsilon"] == 1.0 and method["delta"] == 0
    assert method["mechanism"] == "discrete Laplace" and method["library"].startswith("OpenDP ")
    assert method["confidence"] == 0.95
    assert made.document["error"]["respondents"] == dp.half_width(sensitivity(made.document["tables"]) / 1.0)


def test_epsilon_must_be_positive() -> None:
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="epsilon"):
            dp.release_counts([1, 2], epsilon=bad, sensitivity=2)
