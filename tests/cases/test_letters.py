"""Complaint letters: only consented facts, only with consent to report to the authorities."""

from __future__ import annotations

import io
import re
from typing import Any

import docx
from django.urls import reverse

from kua.accounts.models import User
from kua.audit.models import AuditEvent
from kua.audit.services import read_reference
from kua.cases.declension import decline
from kua.cases.letters import letter_for
from kua.questionnaires.labels import choice_label
from kua.questionnaires.loader import load_xlsform
from kua.questionnaires.services import DEFAULT_FORM
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


def _places() -> tuple[Any, list[str], list[str]]:
    spec = load_xlsform(DEFAULT_FORM)
    return (
        spec,
        [c.name for c in spec.field("residence_district").choices],
        [c.name for c in spec.field("residence_region").choices],
    )


def test_every_district_and_region_declines_in_the_russian_letter() -> None:
    """Issue 21 item 9: «Прокурору Каратальского района Жетысуской области», «в Каратальском
    районе …»: never a nominative «район»/«область» after «Прокурору» or «в»; every code of both
    lists has a form (a new name of another shape fails here)."""
    spec, districts, regions = _places()
    nominative = re.compile(r"(Прокурору|полиции|\bв) [^,.]*\b(район|область|город)\b")
    for region in regions:
        for district in districts:
            answers = {
                "residence_region": region,
                "residence_district": district,
                "registered_on": "2026-11-02",
            }
            for body in ("prosecutor", "police_internal_security"):
                letter = letter_for(spec=spec, answers=answers, body=body, language="ru")
                text = " ".join([letter.addressee, *letter.paragraphs])
                assert not nominative.search(text), text
        assert decline(choice_label(spec, "residence_region", region, "ru"), "gen").endswith(
            ("области", "Алматы", "Астана", "Шымкент")
        )


def test_the_model_study_district_reads_as_a_lawyer_writes_it() -> None:
    spec, _districts, _regions = _places()
    answers = {"residence_region": "zhetysu", "residence_district": "karatal", "registered_on": "2026-11-02"}
    letter = letter_for(spec=spec, answers=answers, body="prosecutor", language="ru")
    assert letter.addressee == "Прокурору Каратальского района Жетысуской области"
    assert "в Каратальском районе Жетысуской области" in letter.paragraphs[0]
    city = letter_for(
        spec=spec,
        answers={**answers, "residence_district": "taldykorgan", "residence_settlement": "Мкр Жастар"},
        body="police_internal_security",
        language="ru",
    )
    assert city.addressee.endswith("Департамента полиции Жетысуской области")
    assert "в населённом пункте «Мкр Жастар» города Талдыкорган Жетысуской области" in city.paragraphs[0]
    kazakh = letter_for(spec=spec, answers=answers, body="prosecutor", language="kk")
    assert "прокурорына" in kazakh.addressee  # Kazakh reads well as it was
