"""The offline entry page: what it carries, its worker and manifest, and its weight on the wire."""

from __future__ import annotations

import gzip
import json
import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from kua.accounts.models import User
from kua.offline.keys import offline_key
from kua.offline.views import ASSETS
from kua.questionnaires.selectors import current_form, spec_for
from tests.conftest import logged_in

WIRE_BUDGET = 30 * 1024
PLAIN_BUDGET = 120 * 1024


def _json_element(html: str, element_id: str) -> Any:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert found, element_id
    return json.loads(found.group(1))


def _static_bytes(name: str) -> bytes:
    path = finders.find(name)
    assert path, name
    with open(str(path), "rb") as handle:
        return handle.read()


def test_the_page_carries_the_public_key_and_the_plan_with_constraints(bob: User) -> None:
    html = logged_in(bob).get("/offline/").content.decode()
    config = _json_element(html, "kua-offline")
    assert config["key"] and bytes(offline_key(bob.org_id).public_key).hex()
    assert config["user"] == bob.pk and set(config["reasons"]) >= {"session", "invalid_answers", "minor"}
    plan = _json_element(html, "kua-logic")
    spec = spec_for(current_form(bob.org_id))
    constrained = {f.name for f in spec.fields if f.constraint is not None and f.takes_answer}
    assert constrained and {i["field"] for i in plan["items"] if "constraint" in i} == constrained
    assert 'autocomplete="off"' in html  # no form state or autofill entry written to the profile


def test_worker_and_manifest(client: Client) -> None:
    worker = client.get("/offline/sw.js")
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    body = worker.content.decode()
    for name in ASSETS:
        assert f"/static/{name}" in body
    assert '"/offline/"' in body
    manifest = client.get("/offline/manifest.webmanifest")
    assert manifest.json()["start_url"] == "/offline/" and manifest.json()["scope"] == "/offline/"


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_page_and_everything_it_needs_fit_the_budget(bob: User, language: str) -> None:
    phone = logged_in(bob)
    phone.cookies["django_language"] = language
    page = phone.get("/offline/", headers={"Accept-Encoding": "gzip, br"})
    assert page["Content-Encoding"] == "gzip"  # compressed, with Django's BREACH mitigation
    plain_page = gzip.decompress(page.content)
    extras = [phone.get("/offline/sw.js").content, phone.get("/offline/manifest.webmanifest").content]
    extras += [_static_bytes(name) for name in ASSETS]  # WhiteNoise serves them gzipped (level 9)
    wire = len(page.content) + sum(len(gzip.compress(data, 9)) for data in extras)
    plain = len(plain_page) + sum(len(data) for data in extras)
    assert f'lang="{language}"' in plain_page.decode()
    print(f"\noffline entry ({language}): {wire} bytes on the wire (gzip), {plain} bytes uncompressed")
    assert wire <= WIRE_BUDGET, wire
    assert plain <= PLAIN_BUDGET, plain
