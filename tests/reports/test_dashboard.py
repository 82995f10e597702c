"""The weekly dashboard: months, districts, documenters, the study's progress, and honest filters."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from kua.accounts.models import User
from kua.studies.services import study_save
from kua.vault.models import Vault
from tests.conftest import logged_in, valid_answers


def _enter(user: User, n: int, **answers: Any) -> None:
    client = logged_in(user)
    for _ in range(n):
        assert client.post(reverse("interview_new"), valid_answers(**answers)).status_code == 302


def _get(user: User, **params: str) -> Any:
    client = logged_in(user)
    client.cookies["django_language"] = "en"
    return client.get(reverse("dashboard"), params)


def test_weekly_tables_per_month_district_and_documenter(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, 2, registered_on="2026-10-12")
    _enter(bob, 3, registered_on="2026-11-02", residence_district="eskeldi")
    response = _get(alice, date_from="2026-10-01", date_to="2026-11-30")
    body = response.content.decode()
    assert response.status_code == 200
    for title in ("Violations per month", "Police violations by district", "Police violations by documenter"):
        assert title in body
    month_rows = body.split("Violations per month", 1)[1].split("</table>", 1)[0]
    assert "Oct 2026" in month_rows and "Nov 2026" in month_rows
    assert month_rows.index("Oct 2026") < month_rows.index("Nov 2026")


def test_reversed_dates_are_refused_with_a_message(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, 2)
    response = _get(alice, date_from="2026-11-30", date_to="2026-11-01")
    body = response.content.decode()
    assert response.status_code == 400
    assert "The end date is before the start date." in body and 'id="filter-errors"' in body
    assert "Respondents counted" not in body  # no figures rather than misleading zeros


def test_reversed_dates_in_russian(alice: User, bob: User, unsealed: Vault) -> None:
    client = logged_in(alice)
    client.cookies["django_language"] = "ru"
    body = client.get(reverse("dashboard"), {"date_from": "2026-11-30", "date_to": "2026-11-01"}).content
    assert "Конечная дата раньше начальной." in body.decode()


def test_unknown_district_is_refused(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, 2)
    response = _get(alice, district="atlantis")
    assert response.status_code == 400 and "There is no such district." in response.content.decode()
    response = _get(alice, region="zhetysu", district="konaev")  # a district of another region
    assert response.status_code == 400 and "not in the chosen region" in response.content.decode()


def test_region_filter(alice: User, bob: User, unsealed: Vault) -> None:
    _enter(bob, 3)
    _enter(bob, 2, residence_region="almaty_region", residence_district="konaev")
    assert "Respondents counted: 2" in _get(alice, region="almaty_region").content.decode()
    assert "Respondents counted: 3" in _get(alice, region="zhetysu").content.decode()
    assert _get(alice, region="mars").status_code == 400


def test_the_study_progress_is_on_the_dashboard(alice: User, bob: User, unsealed: Vault) -> None:
    study_save(
        actor=alice,
        name="",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 12, 31),
        districts=["taldykorgan"],
        targets={bob.pk: 20},
    )
    _enter(bob, 3)
    body = _get(alice).content.decode()
    assert 'id="study-progress"' in body and "15%" in body  # 3 of 20


def test_analyst_sees_progress_lawyer_does_not(ana: User, lena: User, alice: User, unsealed: Vault) -> None:
    study_save(
        actor=alice,
        name="",
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 12, 31),
        districts=[],
        targets={},
    )
    assert 'id="study-progress"' in _get(ana).content.decode()
    assert 'id="study-progress"' not in _get(lena).content.decode()


def test_the_months_cover_the_whole_scope_and_the_heading_says_months(
    alice: User, bob: User, unsealed: Vault
) -> None:
    _enter(bob, 1, registered_on="2015-03-02")
    _enter(bob, 1, registered_on="2026-11-02")
    body = _get(alice).content.decode()
    assert "Month by month" in body and "Week by week" not in body
    month_rows = body.split("Violations per month", 1)[1].split("</table>", 1)[0]
    assert "Mar 2015" in month_rows and "Nov 2026" in month_rows  # not silently the last 12 months
    scoped = _get(alice, date_from="2015-01-01", date_to="2015-12-31").content.decode()
    months = scoped.split("Violations per month", 1)[1].split("</table>", 1)[0]
    assert "Jan 2015" in months and "Dec 2015" in months and "2016" not in months


def test_the_dashboard_and_the_report_take_a_study_as_scope(alice: User, bob: User, unsealed: Vault) -> None:
    from kua.studies.models import Study

    _enter(bob, 1, registered_on="2015-03-02")
    _enter(bob, 2, registered_on="2026-11-02")
    _enter(bob, 1, registered_on="2026-11-03", residence_district="karatal")
    study = study_save(
        actor=alice,
        name="2026",
        starts_on=datetime.date(2026, 10, 7),
        ends_on=datetime.date(2026, 12, 5),
        districts=["taldykorgan"],
        targets={},
    )
    old = Study.objects.create(
        organisation_id=alice.org_id,
        name="2015",
        starts_on=datetime.date(2015, 1, 1),
        ends_on=datetime.date(2015, 12, 31),
        districts=["taldykorgan"],
    )
    assert "Respondents counted: 4" in _get(alice).content.decode()
    assert "Respondents counted: 2" in _get(alice, study=str(study.pk)).content.decode()
    assert "Respondents counted: 1" in _get(alice, study=str(old.pk)).content.decode()
    assert _get(alice, study="999999").status_code == 400
    client = logged_in(alice)
    client.cookies["django_language"] = "en"
    form = {
        "format": "html",
        "edition": "internal",
        "language": "en",
        "despite_gaps": "on",
        "study": study.pk,
    }
    report = client.post(reverse("report"), form)
    assert report.status_code == 200 and "Respondents counted: 2" in report.content.decode()


def test_the_report_of_one_study_describes_that_study(alice: User, bob: User, unsealed: Vault) -> None:
    from kua.localformat import format_period

    _enter(bob, 1, registered_on="2015-03-02")
    _enter(bob, 1, registered_on="2026-11-02")
    old = study_save(
        actor=alice,
        name="Karatal 2015",
        starts_on=datetime.date(2015, 3, 1),
        ends_on=datetime.date(2015, 4, 30),
        districts=["taldykorgan"],
        targets={},
        new=True,
    )
    study_save(
        actor=alice,
        name="Zhetysu 2026",
        starts_on=datetime.date(2026, 10, 7),
        ends_on=datetime.date(2026, 12, 5),
        districts=["taldykorgan"],
        targets={},
        new=True,
    )
    client = logged_in(alice)
    form = {"format": "html", "edition": "internal", "language": "en", "despite_gaps": "on", "study": old.pk}
    body = client.post(reverse("report"), form).content.decode()
    assert "Respondents counted: 1" in body
    assert format_period(datetime.date(2015, 3, 1), datetime.date(2015, 4, 30), "en") in body
    assert format_period(datetime.date(2026, 10, 7), datetime.date(2026, 12, 5), "en") not in body
