"""One suppression threshold per organisation: every language's public edition hides the same cells."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.urls import reverse

from kua.accounts.models import User
from kua.documents.data import ReportData
from kua.reports.models import ReportContent, ReportSettings
from kua.reports.selectors import default_content, report_content, report_threshold
from kua.reports.services import report_content_save
from kua.vault.models import Vault
from tests.conftest import logged_in
from tests.reports.test_assembly import _enter, _report

migration = importlib.import_module("kua.reports.migrations.0002_one_threshold_per_organisation")


def _suppressed(data: ReportData) -> list[tuple[str, int, int]]:
    return [
        (table.key, r, c)
        for table in data.tables()
        for r, row in enumerate(table.rows)
        for c, cell in enumerate(row.cells)
        if cell.suppressed
    ]


def _save(user: User, language: str, threshold: int) -> None:
    content, _version = report_content(user.org_id, language)
    report_content_save(actor=user, language=language, content={**content, "threshold": threshold})


def test_public_editions_in_every_language_hide_the_same_cells(
    alice: User, bob: User, unsealed: Vault
) -> None:
    _enter(bob, 7)
    _enter(bob, 3, police_violations=["extortion", "robbery"])
    _enter(bob, 4, police_violations=["beating_torture"])
    _enter(bob, 2, police_violations=["threats_blackmail"])
    _save(alice, "ru", 5)
    _save(alice, "en", 3)  # the last save sets the organisation's threshold
    editions = {language: _suppressed(_report(bob, "public", language)) for language in ("ru", "kk", "en")}
    assert editions["ru"] == editions["kk"] == editions["en"]
    assert editions["en"], "the count 2 is hidden at 3"
    assert report_threshold(alice.org_id) == 3


def test_the_texts_page_shows_the_organisation_threshold_in_every_language(alice: User) -> None:
    _save(alice, "kk", 7)
    for language in ("ru", "kk", "en"):
        page = logged_in(alice).get(reverse("report_texts", args=[language])).content.decode()
        assert 'name="t-threshold" value="7"' in page, language


def test_the_threshold_is_not_kept_per_language(alice: User) -> None:
    _save(alice, "ru", 8)
    assert "threshold" not in ReportContent.objects.get(language="ru").content


def test_migration_keeps_the_strictest_threshold(alice: User) -> None:
    for language, threshold in (("ru", 3), ("en", 7), ("kk", 4)):
        ReportContent.objects.create(
            organisation_id=alice.org_id,
            language=language,
            version=1,
            content={**default_content(), "threshold": threshold},
            created_by=alice,
        )
    ReportContent.objects.create(
        organisation_id=alice.org_id,
        language="en",
        version=2,
        content={**default_content(), "threshold": 6},
        created_by=alice,
    )
    ReportSettings.objects.all().delete()
    migration.strictest_threshold(apps, None)
    assert report_threshold(alice.org_id) == 6  # newest per language: ru 3, kk 4, en 6


def test_migration_counts_a_language_never_saved_at_the_default(alice: User) -> None:
    ReportContent.objects.create(
        organisation_id=alice.org_id,
        language="ru",
        version=1,
        content={**default_content(), "threshold": 3},
        created_by=alice,
    )
    ReportSettings.objects.all().delete()
    migration.strictest_threshold(apps, None)
    assert report_threshold(alice.org_id) == 5
