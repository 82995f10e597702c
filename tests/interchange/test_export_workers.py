"""The CSV export made in worker processes is the export made in one: same bytes, same
consent rules per edition, one audit row, nothing decrypted to a temporary file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from kua.accounts.models import User
from kua.audit.actions import AuditAction
from kua.audit.models import AuditEvent
from kua.interchange import export_workers
from kua.interchange.exporting import EDITIONS, export_to_file
from kua.vault.models import Vault
from tests.accounts.test_consent_outputs import RESPONDENTS, records  # noqa: F401 (the fixture)


@pytest.mark.parametrize("edition", EDITIONS)
def test_workers_write_what_one_process_writes(
    alice: User,
    records: dict[str, str],  # noqa: F811 (the fixture imported above)
    edition: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(export_workers, "CHUNK", 3)  # several chunks in flight over two workers
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    counted = export_to_file(actor=alice, organisation_id=alice.org_id, fmt="csv", edition=edition, out=one)
    before = AuditEvent.objects.filter(action=AuditAction.EXPORT).count()
    made = export_workers.export_csv_file(
        actor=alice, organisation_id=alice.org_id, edition=edition, out=two, workers=2
    )
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == before + 1
    assert made == counted and two.read_bytes() == one.read_bytes()
    text = two.read_text(encoding="utf-8-sig")
    kept = {marker for marker in RESPONDENTS if marker in text}
    expected = {
        "full": set(RESPONDENTS),
        "statistical": {"NARR-AUTH-COUNTED", "NARR-NOAUTH-QUOTABLE"},  # counted, anonymous use allowed
        "authorities": {"NARR-AUTH-COUNTED", "NARR-AUTH-UNCOUNTED"},
    }[edition]
    assert kept == expected, f"{edition}: {sorted(kept)}"


def test_workers_refuse_what_the_policy_refuses(ana: User, unsealed: Vault, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        export_workers.export_csv_file(
            actor=ana, organisation_id=ana.org_id, edition="full", out=tmp_path / "x.csv", workers=2
        )
    assert not (tmp_path / "x.csv").exists()
