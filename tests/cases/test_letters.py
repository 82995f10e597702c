"""Complaint letters: only consented facts, only with consent to report to the authorities."""

from __future__ import annotations

import io

import docx
from django.urls import reverse

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.audit.services import read_reference
from kua.vault.models import Vault
from tests.cases.conftest import entered
from tests.conftest import logged_in

SECRET_FACTS = ("Полицейские потребовали", "Асель", "32", "plhiv", "ВИЧ", "боялась")


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_letter_holds_only_consented_facts(bob: User, lena: User, unsealed: Vault) -> None:
    case = entered(bob, key_population=["sex_worker", "plhiv"], medical_violations=["humiliation"])
    url = reverse("case_letter", args=[case.record_id])
    response = logged_in(lena).get(url, {"body": "prosecutor", "language": "ru", "format": "docx"})
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "ЖАЛОБА" in text and "02.11.2026" in text
    assert "Талдыкорган" in text  # the place, in the letter's language
    assert "Вымогали деньги" in text and "пренебрежительное отношение" in text  # the violation types
    for secret in SECRET_FACTS:
        assert secret not in text, secret
    reference = read_reference(str(case.record_id), "case.letter")
    assert AuditEvent.objects.filter(action="case.letter", object_id=reference).count() == 1


def test_police_internal_security_letter_in_kazakh_as_pdf(bob: User, lena: User, unsealed: Vault) -> None:
    case = entered(bob)
    url = reverse("case_letter", args=[case.record_id])
    response = logged_in(lena).get(
        url, {"body": "police_internal_security", "language": "kk", "format": "pdf"}
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    docx_text = _docx_text(
        logged_in(lena)
        .get(url, {"body": "police_internal_security", "language": "kk", "format": "docx"})
        .content
    )
    assert "ШАҒЫМ" in docx_text and "Өз қауіпсіздігі басқармасына" in docx_text
    assert "Медицина қызметкерлері" not in docx_text  # police internal security: police facts only


def test_no_letter_without_consent_nor_for_charlie_or_documenters(
    bob: User, alice: User, charlie: User, unsealed: Vault
) -> None:
    refused = entered(bob, consent_report_to_authorities="no")
    allowed = entered(bob)
    choice = {"body": "prosecutor", "language": "ru", "format": "docx"}
    assert logged_in(alice).get(reverse("case_letter", args=[refused.record_id]), choice).status_code == 404
    assert logged_in(charlie).get(reverse("case_letter", args=[allowed.record_id]), choice).status_code == 404
    assert logged_in(bob).get(reverse("case_letter", args=[allowed.record_id]), choice).status_code == 404
    page = logged_in(alice).get(reverse("case_detail", args=[refused.record_id])).content.decode()
    assert reverse("case_letter", args=[refused.record_id]) not in page
