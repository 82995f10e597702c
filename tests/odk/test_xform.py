"""The shipped questionnaire as Collect gets it: languages, skip logic, district filter,
the age stop with its referral on the same screen, and the registered_on date constraint."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from tests.odk.collect import XF, Collect

pytestmark = pytest.mark.django_db
H = "{http://www.w3.org/1999/xhtml}"


def _binds(phone: Collect) -> dict[str, dict[str, str]]:
    root = etree.fromstring(phone.xform)
    return {b.get("nodeset", "").rsplit("/", 1)[-1]: dict(b.attrib) for b in root.iter(f"{XF}bind")}


def test_the_three_languages(bob_phone: Collect) -> None:
    root = etree.fromstring(bob_phone.xform)
    languages = {t.get("lang") for t in root.iter(f"{XF}translation")}
    assert languages == {"Russian (ru)", "Kazakh (kk)", "English (en)"}


def test_registered_on_compares_a_date_with_a_date(bob_phone: Collect) -> None:
    constraint = _binds(bob_phone)["registered_on"]["constraint"]
    assert constraint == ". <= today() and . >= date('2000-01-01')"


def test_skip_logic_and_the_district_filter(bob_phone: Collect) -> None:
    binds = _binds(bob_phone)
    assert "/data/sec_respondent/age" in binds["sec_violations"]["relevant"]
    assert "selected(" in binds["work_venue"]["relevant"]
    root = etree.fromstring(bob_phone.xform)
    district = next(s for s in root.iter(f"{XF}select1") if s.get("ref", "").endswith("residence_district"))
    nodeset = district.find(f"{XF}itemset").get("nodeset")  # type: ignore[union-attr]
    assert re.search(r"\[ *region *= */data/sec_respondent/residence_region *\]", nodeset), nodeset


def test_the_referral_shows_on_the_screen_where_age_stops_the_form(bob_phone: Collect) -> None:
    binds = _binds(bob_phone)
    assert binds["age"]["constraint"] == ". >= 18 and . <= 90"  # the form cannot be finalised
    assert "< 18" in binds["minor_referral"]["relevant"].replace("&lt;", "<")
    root = etree.fromstring(bob_phone.xform)
    groups = {g.get("ref", "").rsplit("/", 1)[-1]: g for g in root.iter(f"{XF}group")}
    respondent = groups["sec_respondent"]
    assert respondent.get("appearance") == "field-list"  # one screen: age and the note together
    refs = [e.get("ref", "").rsplit("/", 1)[-1] for e in respondent]
    assert refs.index("minor_referral") == refs.index("age") + 1
    assert groups["sec_consent"].get("appearance") == "field-list"
