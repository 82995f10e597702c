"""The entry page after a refused submit: the summary of errors, focus, lengths, page size."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse

from kua.accounts.models import User
from kua.interviews.models import Interview
from kua.interviews.rendering import max_length
from kua.questionnaires.selectors import current_form, spec_for
from kua.questionnaires.validator import validate
from tests.conftest import TODAY, logged_in, valid_answers

STATIC = Path(settings.BASE_DIR) / "kua"


def _post(user: User, answers: dict[str, Any]) -> str:
    response = logged_in(user).post(reverse("interview_new"), answers)
    assert response.status_code == 400
    return response.content.decode()


def test_summary_lists_each_error_with_a_link_in_form_order(bob: User) -> None:
    body = _post(bob, valid_answers(sex=None, age=None, medical_complained=None))
    summary = body.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'<a href="#(f-[a-z_]+)">', summary)
    assert links == ["f-sex", "f-age", "f-medical_complained"]
    assert "Исправьте" in summary or "исправьте" in summary
    for anchor in links:
        assert f'id="{anchor}"' in body  # every link has its target
    assert Interview.objects.count() == 0


def test_first_error_gets_the_focus_and_only_it(bob: User) -> None:
    body = _post(bob, valid_answers(sex=None, age=None))
    assert body.count(" autofocus") == 1
    assert re.search(r'<input id="f-sex" autofocus type="radio"', body)


def test_no_summary_on_a_fresh_page(bob: User) -> None:
    body = logged_in(bob).get(reverse("interview_new")).content.decode()
    assert 'id="error-summary"' not in body and " autofocus" not in body


def test_uic_parts_have_a_length_limit_in_the_page_and_the_validator(bob: User) -> None:
    body = logged_in(bob).get(reverse("interview_new")).content.decode()
    for name in ("uic_mother_name", "uic_father_name"):
        assert re.search(rf'id="f-{name}"[^>]*maxlength="2"', body), name
    spec = spec_for(current_form(bob.org_id))
    result = validate(spec, valid_answers(uic_mother_name="Айг"), today=TODAY)
    assert "uic_mother_name" in result.errors
    assert max_length(spec.field("uic_father_name").constraint) == 2
    assert max_length(spec.field("narrative").constraint) is None


def test_compiled_logic_carries_required_and_its_message(bob: User, settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"
    client = logged_in(bob)
    client.cookies["django_language"] = "kk"
    body = client.get(reverse("interview_new")).content.decode()
    logic = body.split('id="kua-logic" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert '"field":"age","kind":"integer"' in logic
    age = logic.split('"field":"age"', 1)[1].split("}", 1)[0]
    assert '"required":true' in age and '"message":' in age
    narrative = logic.split('"field":"narrative"', 1)[1].split("}", 1)[0]
    assert '"required"' not in narrative and '"message"' not in narrative


# 100 KB for form version 1; section 6 of version 2 (trafficking indicators, cases branch) adds ~3.5 KB.
PAGE_BUDGET = 105 * 1024


def test_entry_page_with_css_and_js_stays_under_the_budget(bob: User) -> None:
    page = logged_in(bob).get(reverse("interview_new")).content
    css = (STATIC / "web" / "static" / "kua" / "kua.css").read_bytes()
    js = (STATIC / "questionnaires" / "static" / "kua" / "form-logic.js").read_bytes()
    total = len(page) + len(css) + len(js)
    assert total <= PAGE_BUDGET, f"entry page {len(page)} + css {len(css)} + js {len(js)} = {total} bytes"
