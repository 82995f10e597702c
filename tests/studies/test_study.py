"""The study: set-up by the coordinator, progress against targets with refusals, and who sees what."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.interviews.services import interview_create, refusal_create
from kua.questionnaires.selectors import current_form, spec_for
from kua.studies.models import Study, StudySite
from kua.studies.selectors import study_progress
from kua.studies.services import study_save, study_site_add
from kua.vault import state
from kua.vault.models import Vault
from kua.vault.selectors import vault_for
from kua.vault.services import vault_unseal
from tests.conftest import PASSPHRASE, logged_in, valid_answers

START, END = datetime.date(2026, 10, 1), datetime.date(2026, 11, 30)


def _study(alice: User, targets: dict[int, int]) -> Study:
    study = study_save(
        actor=alice,
        name="Zhetysu 2026",
        starts_on=START,
        ends_on=END,
        districts=["taldykorgan", "tekeli"],
        targets=targets,
    )
    study_site_add(actor=alice, study=study, label="S-1", venue="sauna", district="taldykorgan")
    study_site_add(actor=alice, study=study, label="H-1", venue="hotel", district="tekeli")
    return study


def _enter(user: User, n: int = 1, **answers: Any) -> None:
    for _ in range(n):
        interview_create(
            actor=user,
            form_version=current_form(user.org_id),
            raw=valid_answers(**answers),
            today=timezone.localdate(),
        )


def _form(alice: User, bob: User, **overrides: str) -> dict[str, str]:
    data = {
        "name": "Zhetysu 2026",
        "starts_on": "2026-10-01",
        "ends_on": "2026-11-30",
        "districts": ["taldykorgan", "tekeli"],
        f"target_{bob.pk}": "20",
        f"target_{alice.pk}": "",
    }
    return {**data, **overrides}  # type: ignore[dict-item]


def test_coordinator_sets_up_the_study(alice: User, bob: User) -> None:
    client = logged_in(alice)
    assert client.get(reverse("study_edit")).status_code == 200
    assert client.post(reverse("study_edit"), _form(alice, bob)).status_code == 302
    study = Study.objects.get(organisation=alice.organisation)
    assert study.districts == ["taldykorgan", "tekeli"]
    assert {t.documenter_id: t.target for t in study.targets.all()} == {bob.pk: 20}
    added = client.post(
        reverse("study_site_add"), {"site-label": "S-1", "site-venue": "sauna", "site-district": "tekeli"}
    )
    assert added.status_code == 302 and StudySite.objects.get().venue == "sauna"
    again = client.post(
        reverse("study_site_add"), {"site-label": "s-1", "site-venue": "hotel", "site-district": "tekeli"}
    )
    assert again.status_code == 400 and StudySite.objects.count() == 1  # codes are unique
    actions = list(AuditEvent.objects.filter(action__startswith="study.").values_list("action", flat=True))
    assert actions == ["study.save", "study.site_add"]


def test_study_refuses_a_reversed_period_and_unknown_district(alice: User, bob: User) -> None:
    client = logged_in(alice)
    client.cookies["django_language"] = "en"
    reversed_dates = client.post(reverse("study_edit"), _form(alice, bob, starts_on="2026-12-01"))
    assert reversed_dates.status_code == 400
    assert "cannot end before it starts" in reversed_dates.content.decode()
    unknown = client.post(reverse("study_edit"), _form(alice, bob, districts="atlantis"))  # type: ignore[arg-type]
    assert unknown.status_code == 400 and not Study.objects.exists()


def test_site_outside_the_study_districts_is_refused(alice: User, bob: User) -> None:
    _study(alice, {bob.pk: 20})
    response = logged_in(alice).post(
        reverse("study_site_add"), {"site-label": "X", "site-venue": "sauna", "site-district": "alakol"}
    )
    assert response.status_code == 400 and StudySite.objects.count() == 2


def test_progress_per_documenter_district_and_venue(
    alice: User, bob: User, dana: User, unsealed: Vault
) -> None:
    study = _study(alice, {bob.pk: 4, dana.pk: 10})
    _enter(bob, 3, registered_on="2026-10-05")  # taldykorgan, sauna + hotel
    _enter(bob, 1, registered_on="2026-09-20")  # before the study: not counted
    _enter(dana, 2, registered_on="2026-11-02", residence_district="tekeli", work_venue=["hotel"])
    _enter(dana, 1, registered_on="2026-11-03", residence_district="alakol", work_venue=["apartment"])
    refusal_create(actor=bob, refused_on=datetime.date(2026, 10, 6), reason="no_time", district="tekeli")
    refusal_create(actor=dana, refused_on=datetime.date(2026, 11, 6), reason="fear_police", venue="hotel")
    progress = study_progress(study, spec_for(current_form(alice.org_id)), "en")
    assert progress.unsealed
    by_person = {r.key: (r.done, r.target, r.refusals, r.percent) for r in progress.documenters}
    assert by_person == {str(bob.pk): (3, 4, 1, 75), str(dana.pk): (3, 10, 1, 30)}
    districts = [(r.key, r.done, r.refusals, r.sites) for r in progress.districts]
    assert districts == [("taldykorgan", 3, 0, 1), ("tekeli", 2, 1, 1), ("", 1, 1, None)]
    venues = {r.key: (r.done, r.sites, r.refusals) for r in progress.venues}
    assert venues == {"sauna": (3, 1, 0), "hotel": (5, 1, 1)}
    assert (progress.total.done, progress.total.target, progress.total.refusals) == (6, 14, 2)


def test_progress_while_sealed_counts_entries_only(alice: User, bob: User) -> None:
    study = _study(alice, {bob.pk: 20})
    today = timezone.localdate()
    Study.objects.filter(pk=study.pk).update(starts_on=today - datetime.timedelta(days=3), ends_on=today)
    vault_unseal(vault=vault_for(alice.org_id), user=alice, passphrase=PASSPHRASE)
    _enter(bob, 2)
    state.drop_all()
    study.refresh_from_db()
    progress = study_progress(study, spec_for(current_form(alice.org_id)), "en")
    assert not progress.unsealed
    assert [(r.done, r.target) for r in progress.documenters] == [(2, 20)]
    assert all(r.done is None for r in progress.districts)
    client = logged_in(alice)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("study_progress")).content.decode()
    assert "The vault is sealed" in page


@pytest.mark.parametrize("name", ["alice", "ana"])
def test_readers_see_progress(name: str, request: Any, alice: User, bob: User, unsealed: Vault) -> None:
    _study(alice, {bob.pk: 20})
    user = request.getfixturevalue(name)
    response = logged_in(user).get(reverse("study_progress"))
    assert response.status_code == 200 and 'id="progress-documenters"' in response.content.decode()


@pytest.mark.parametrize("name", ["bob", "lena"])
def test_others_get_404(name: str, request: Any, alice: User) -> None:
    _study(alice, {})
    client = logged_in(request.getfixturevalue(name))
    site = StudySite.objects.first()
    assert site is not None
    for response in (
        client.get(reverse("study_edit")),
        client.post(reverse("study_site_remove", args=[site.pk])),
    ):
        assert response.status_code == 404
    assert StudySite.objects.count() == 2


def test_ana_cannot_change_the_study(ana: User, alice: User) -> None:
    _study(alice, {})
    assert logged_in(ana).get(reverse("study_edit")).status_code == 404


def test_charlie_gets_404_for_alices_site(alice: User, charlie: User) -> None:
    _study(alice, {})
    site = StudySite.objects.first()
    assert site is not None
    client = logged_in(charlie)
    assert client.post(reverse("study_site_remove", args=[site.pk])).status_code == 404
    assert StudySite.objects.count() == 2
    page = client.get(reverse("study_progress")).content.decode()
    assert "Zhetysu 2026" not in page  # his own organisation has no study


def test_anonymous_is_sent_to_login(db: Any) -> None:
    for name in ("study_progress", "study_edit", "report_quotes"):
        response = Client().get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_coordinator_removes_a_site(alice: User) -> None:
    _study(alice, {})
    site = StudySite.objects.get(label="S-1")
    assert logged_in(alice).post(reverse("study_site_remove", args=[site.pk])).status_code == 302
    assert list(StudySite.objects.values_list("label", flat=True)) == ["H-1"]
    assert AuditEvent.objects.filter(action="study.site_remove").count() == 1


def test_several_studies_listed_created_and_edited(alice: User, bob: User, charlie: User) -> None:
    client = logged_in(alice)
    edit = reverse("study_edit")
    assert client.post(edit, _form(alice, bob)).status_code == 302
    created = client.post(
        f"{edit}?study=new",
        _form(alice, bob, name="Karatal 2015", starts_on="2015-03-01", ends_on="2015-04-30"),
    )
    assert created.status_code == 302 and Study.objects.filter(organisation=alice.organisation).count() == 2
    old = Study.objects.get(name="Karatal 2015")
    assert created["Location"].endswith(f"?study={old.pk}")
    page = client.get(edit).content.decode()
    assert "Zhetysu 2026" in page and "Karatal 2015" in page and "01.03.2015" in page
    renamed = client.post(
        f"{edit}?study={old.pk}",
        _form(alice, bob, name="Karatal 2015b", starts_on="2015-03-01", ends_on="2015-04-30"),
    )
    assert renamed.status_code == 302
    assert sorted(Study.objects.values_list("name", flat=True)) == ["Karatal 2015b", "Zhetysu 2026"]
    added = client.post(
        f"{reverse('study_site_add')}?study={old.pk}",
        {"site-label": "S-9", "site-venue": "sauna", "site-district": "tekeli"},
    )
    assert added.status_code == 302 and StudySite.objects.get(label="S-9").study_id == old.pk
    assert logged_in(charlie).get(f"{edit}?study={old.pk}").status_code == 404
    assert logged_in(charlie).post(f"{edit}?study={old.pk}", _form(alice, bob)).status_code == 404
