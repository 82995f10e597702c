"""The referral directory: managed by the coordinator, read by lawyers, picked by referrals."""

from __future__ import annotations

from django.urls import reverse

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.cases.models import CaseAction, ReferralService
from kua.cases.sealing import open_action
from kua.cases.services import case_key
from kua.reports.content.assemble import build_report
from kua.vault.models import Vault
from tests.cases.conftest import entered
from tests.conftest import logged_in

SHELTER = {
    "name": "Кризисный центр",
    "kind": "shelter",
    "district": "taldykorgan",
    "phone": "+7 7282 00 00 00",
    "address": "ул. Абая, 1",
    "hours": "24/7",
    "public": "on",
}


def test_coordinator_adds_and_edits_a_service(alice: User) -> None:
    client = logged_in(alice)
    assert client.post(reverse("referral_new"), SHELTER).status_code == 302
    service = ReferralService.objects.get()
    assert service.organisation_id == alice.org_id
    assert (
        client.post(reverse("referral_edit", args=[service.pk]), {**SHELTER, "hours": "9-18"}).status_code
        == 302
    )
    service.refresh_from_db()
    assert service.hours == "9-18"
    assert AuditEvent.objects.filter(action__startswith="case.directory_").count() == 2
    assert client.post(reverse("referral_new"), {**SHELTER, "kind": "spa"}).status_code == 400


def test_lawyer_reads_but_does_not_edit_and_charlie_gets_404(alice: User, lena: User, charlie: User) -> None:
    service = ReferralService.objects.create(organisation_id=alice.org_id, name="Центр", kind="shelter")
    assert "Центр" in logged_in(lena).get(reverse("referral_directory")).content.decode()
    assert logged_in(lena).get(reverse("referral_new")).status_code == 403
    assert logged_in(charlie).get(reverse("referral_edit", args=[service.pk])).status_code == 404
    assert "Центр" not in logged_in(charlie).get(reverse("referral_directory")).content.decode()


def test_a_referral_picks_a_directory_service(alice: User, bob: User, unsealed: Vault) -> None:
    service = ReferralService.objects.create(organisation_id=alice.org_id, name="Центр", kind="shelter")
    case = entered(bob)
    form = {"action_on": "2026-11-10", "action": "referral", "referral_service": service.pk}
    assert logged_in(alice).post(reverse("case_action_new", args=[case.record_id]), form).status_code == 302
    facts = open_action(CaseAction.objects.get(), case_key(case))
    assert (facts.service, facts.referral_service_id) == ("shelter", service.pk)


def test_public_report_lists_public_services_only(alice: User, unsealed: Vault) -> None:
    ReferralService.objects.create(organisation_id=alice.org_id, name="Открытый", kind="hotline", public=True)
    ReferralService.objects.create(
        organisation_id=alice.org_id, name="Закрытый", kind="shelter", public=False
    )
    data = build_report(
        organisation_id=alice.org_id, organisation_name="Ш", language="ru", edition="public", quotes=False
    )
    section = next(s for s in data.sections if s.key == "directory")
    assert any("Открытый" in b for b in section.bullets) and not any("Закрытый" in b for b in section.bullets)
