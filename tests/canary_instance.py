"""Run in a subprocess by test_canary: a real on-disk instance that receives interviews
whose every text answer carries a unique marker, through the web and the batch path."""

from __future__ import annotations

import json
import os
import sys

os.environ["DJANGO_SETTINGS_MODULE"] = "kua.settings"

import django

django.setup()

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from kua.cli.instance import migrate  # noqa: E402
from kua.interviews.services import BatchRow, interviews_store_batch  # noqa: E402
from kua.questionnaires.selectors import current_form, spec_for  # noqa: E402
from tests.conftest import PASSWORD, make_org, valid_answers  # noqa: E402


def marked_answers(spec, prefix: str) -> tuple[dict, list[str]]:  # type: ignore[no-untyped-def]
    answers = valid_answers(
        police_complained="yes",
        police_complaint_accepted="no",
        police_measures_taken="no",
        police_no_complaint_reason=None,
        has_id_document="no",
        sw_punishable_home="yes",
        police_knows_where_to_turn="yes",
        medical_knows_where_to_turn="yes",
        medical_complained="yes",
        medical_complaint_accepted="no",
        medical_measures_taken="no",
    )
    markers = []
    for field in spec.fields:
        if field.kind == "text" and not field.name.startswith("uic_") and "no_complaint" not in field.name:
            marker = f"{prefix}{field.name.upper()}Ж{len(markers)}"
            answers[field.name] = marker
            markers.append(marker)
    answers["uic_mother_name"], answers["uic_father_name"] = "Щю", "Эъ"
    return answers, markers


def _errors(response) -> str:  # type: ignore[no-untyped-def]
    import re

    body = response.content.decode()
    return " | ".join(
        ":".join(m)
        for m in re.findall(
            r'data-field="(\w+)"[^>]*>(?:(?!data-field).)*?class="error"[^>]*>([^<]*)', body, re.S
        )
    )


def _streamed_imports(alice, bob, version, spec) -> list[str]:  # type: ignore[no-untyped-def]
    """A streamed import in chunks of one row (pending rows, blocks per chunk), and one that
    fails half-way and removes what it wrote: neither leaves a marker on disk."""
    from kua.interviews import batch
    from kua.interviews.services import streaming

    streaming.CHUNK = batch.CHUNK = 1
    rows, markers = [], []
    for n in range(2):
        answers, found = marked_answers(spec, f"CANARYSTREAM{n}")
        rows.append(BatchRow(answers, bob, f"uuid:canary-stream-{n}"))
        markers += found
    result = interviews_store_batch(actor=alice, form_version=version, rows=rows, today=timezone.localdate())
    assert result.stored == 2, result.rejected
    failed, failed_markers = marked_answers(spec, "CANARYFAILED")

    def broken():  # type: ignore[no-untyped-def]
        yield BatchRow(failed, bob, "uuid:canary-failed")
        raise OSError("the file went away")

    try:
        interviews_store_batch(actor=alice, form_version=version, rows=broken(), today=timezone.localdate())
    except OSError:
        pass
    else:
        raise AssertionError("the broken import should fail")
    return markers + failed_markers


def main() -> None:
    migrate()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    organisation, alice = make_org("Canary", "alice")
    from kua.accounts.services import user_create

    bob = user_create(organisation=organisation, username="bob", role="documenter", password=PASSWORD)
    version = current_form(organisation.pk)
    spec = spec_for(version)
    web_answers, web_markers = marked_answers(spec, "CANARYWEB")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bob)
    response = client.post("/interviews/new/", web_answers)
    assert response.status_code == 302, _errors(response)
    batch_answers, batch_markers = marked_answers(spec, "CANARYIMP")
    result = interviews_store_batch(
        actor=alice,
        form_version=version,
        rows=[BatchRow(batch_answers, bob, "uuid:canary-1")],
        today=timezone.localdate(),
    )
    assert result.stored == 1, result.rejected
    stream_markers = _streamed_imports(alice, bob, version, spec)
    # Unseal and build the analytic view from the sealed column blocks the entries wrote.
    from kua.analytics.models import ColumnBlock
    from kua.analytics.store import view_for
    from kua.vault.selectors import vault_for
    from kua.vault.services import vault_unseal
    from tests.conftest import PASSPHRASE

    vault_unseal(vault=vault_for(organisation.pk), user=alice, passphrase=PASSPHRASE)
    assert view_for(organisation.pk).quotes, "the narratives should be quotable"
    assert ColumnBlock.objects.count() == 4
    json.dump(web_markers + batch_markers + stream_markers, sys.stdout)


if __name__ == "__main__":
    main()
