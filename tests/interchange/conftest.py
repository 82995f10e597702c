from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.utils import timezone

from kua.accounts.models import User
from kua.forms.services import current_form
from kua.interchange.importing import ImportReport, import_table


def csv_bytes(header: list[str], rows: list[list[Any]], delimiter: str = ",", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


@pytest.fixture
def run_import(alice: User, bob: User) -> Any:
    def run(data: bytes, filename: str = "data.csv", dry_run: bool = False) -> ImportReport:
        return import_table(
            actor=alice,
            form_version=current_form(alice.org_id),
            data=data,
            filename=filename,
            today=timezone.localdate(),
            dry_run=dry_run,
        )

    return run
