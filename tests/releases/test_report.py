"""The report from a release: exactly the release's numbers, its method, ε and error on every page."""

from __future__ import annotations

import pytest

from kua.accounts.models import User
from kua.documents.data import ReportData
from kua.documents.renderers.html import render_html
from kua.questionnaires.selectors import current_form, spec_for
from kua.releases import fileformat
from kua.releases.report import NotPublic, release_report_data
from kua.releases.services import budget_set
from kua.vault.models import Vault
from tests.releases.helpers import make, population


def _data(alice: User, raw: bytes, language: str = "en") -> ReportData:
    return release_report_data(
        fileformat.read(raw), spec=spec_for(current_form(alice.org_id)), language=language
    )


def test_dp_report_shows_each_count_with_its_error(bob: User, alice: User, unsealed: Vault) -> None:
    population(bob)
    budget_set(actor=alice, epsilon=2.0, study_id=None)
    made, files = make(alice, "dp", 2.0)
    tables, error = made.document["tables"], made.document["error"]
    data = _data(alice, files[0])
    for key in ("police", "medical"):
        table = next(t for t in data.tables() if t.key == f"{key}_violations")
        assert {row.key: row.cells[0].text for row in table.rows} == {
            code: f"{n} ± {error[key][code]}" for code, n in tables[key].items()
        }
        complaints = next(t for t in data.tables() if t.key == f"{key}_complaints")
        for row in complaints.rows:
            yes = tables["yn"][key][row.key]["yes"]
            assert row.cells[0].text == f"{yes} ± {error['yn'][key][row.key]['yes']}"
    assert "ε = 2.0" in data.edition_note and f"± {error['respondents']}" in data.edition_note
    methodology = next(s for s in data.sections if s.key == "methodology")
    assert "OpenDP" in methodology.paragraphs[0] and "ε = 2.0" in methodology.paragraphs[0]
    assert made.document["release_id"] in " ".join(methodology.bullets)


def test_suppressed_report_hides_what_the_release_hides(bob: User, alice: User, unsealed: Vault) -> None:
    population(bob)
    made, files = make(alice)
    data = _data(alice, files[0], "ru")
    police = next(t for t in data.tables() if t.key == "police_violations")
    cells = {row.key: row.cells[0] for row in police.rows}
    assert cells["rape"].text == "x" and cells["rape"].suppressed
    assert cells["extortion"].value == made.document["tables"]["police"]["extortion"] == 12
    assert "12" in render_html(data, standalone=True)


def test_a_network_release_is_no_public_report(bob: User, alice: User, unsealed: Vault) -> None:
    population(bob)
    _made, files = make(alice)
    verified = fileformat.read(files[0])
    network = fileformat.Verified({**verified.document, "kind": "network"}, verified.public_key)
    with pytest.raises(NotPublic):
        release_report_data(network, spec=spec_for(current_form(alice.org_id)), language="en")
