"""Run in subprocesses by test_no_plaintext_tmp: `setup` makes an on-disk instance whose
text answers carry markers; `run PATH OUT` runs one export or report path (web or CLI)
and kills its own process with SIGKILL part-way (while the workbook or document is being
zipped, half-way through a streamed CSV) or, at the latest, right after the file is made,
so no atexit clean-up runs."""

from __future__ import annotations

import json
import os
import signal
import sys
import zipfile
from collections.abc import Callable
from typing import Any

os.environ["DJANGO_SETTINGS_MODULE"] = "kua.settings"
if sys.argv[2:3] and sys.argv[2].startswith("cli-"):
    # As `kua` itself starts a command (kua.cli.command_environment, before Django is set up):
    # the command line's unseal builds nothing in the background. Threads importing and
    # writing while the export forks its workers would not be the command line's behaviour.
    os.environ["KUA_ANALYTICS_BUILD_ON_UNSEAL"] = "0"

import django

django.setup()

from tests.canary_instance import marked_answers  # noqa: E402

WEB_EXPORTS = {f"web-export-{fmt}-{ed}" for fmt in ("csv", "xlsx") for ed in ("full", "statistical")}
CLI_EXPORTS = {f"cli-export-{fmt}" for fmt in ("csv", "xlsx")}
WEB_REPORTS = {f"web-report-{fmt}" for fmt in ("pdf", "docx", "xlsx", "html")}
CLI_REPORTS = {f"cli-report-{fmt}" for fmt in ("pdf", "docx", "xlsx", "html")}
PATHS = sorted(WEB_EXPORTS | CLI_EXPORTS | WEB_REPORTS | CLI_REPORTS)


def setup() -> None:
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from kua.accounts.services import user_create
    from kua.cli.instance import migrate
    from kua.interviews.services import BatchRow, interviews_store_batch
    from kua.questionnaires.selectors import current_form, spec_for
    from tests.conftest import PASSWORD, make_org

    migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    organisation, alice = make_org("Canary", "alice")
    bob = user_create(organisation=organisation, username="bob", role="documenter", password=PASSWORD)
    version = current_form(organisation.pk)
    spec = spec_for(version)
    web_answers, web_markers = marked_answers(spec, "TMPWEB")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bob)
    assert client.post("/interviews/new/", web_answers).status_code == 302
    rows = []
    markers = list(web_markers)
    for number in range(3):
        answers, batch_markers = marked_answers(spec, f"TMPIMP{number}X")
        rows.append(BatchRow(answers, bob, f"uuid:tmp-{number}"))
        markers += batch_markers
    result = interviews_store_batch(actor=alice, form_version=version, rows=rows, today=timezone.localdate())
    assert result.stored == 3, result.rejected
    json.dump(markers, sys.stdout)


def _die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _kill_while_zipping() -> None:
    """SIGKILL as a worksheet or the document body goes into the zip."""

    def name_of(item: Any) -> str:
        return item.filename if isinstance(item, zipfile.ZipInfo) else str(item)

    def deadly(original: Callable[..., Any], position: int) -> Callable[..., Any]:
        def wrapper(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> Any:
            name = name_of(args[position]) if len(args) > position else ""
            if name.startswith("xl/worksheets/") or name == "word/document.xml":
                _die()
            return original(self, *args, **kwargs)

        return wrapper

    zipfile.ZipFile.write = deadly(zipfile.ZipFile.write, 1)  # type: ignore[method-assign]
    zipfile.ZipFile.writestr = deadly(zipfile.ZipFile.writestr, 0)  # type: ignore[method-assign]


def _web_client() -> Any:
    from kua.accounts.models import User
    from kua.vault.selectors import vault_for
    from kua.vault.services import vault_unseal
    from tests.conftest import PASSPHRASE, logged_in

    alice = User.objects.get(username="alice")
    vault_unseal(vault=vault_for(alice.org_id), user=alice, passphrase=PASSPHRASE)
    client = logged_in(alice)
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    return client


def _consume(response: Any) -> None:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        for number, _chunk in enumerate(response.streaming_content):
            if number == 2:
                _die()  # half-way through a streamed download
    else:
        assert response.content


def run(path: str, out: str) -> None:
    from kua.cli import main
    from tests.conftest import PASSPHRASE

    _kill_while_zipping()
    kind, what, fmt, *rest = path.split("-")
    if kind == "web" and what == "export":
        _consume(_web_client().post("/data/export/", {"format": fmt, "edition": rest[0]}))
    elif kind == "web":
        data = {"language": "ru", "edition": "internal", "format": fmt, "despite_gaps": "on"}
        _consume(_web_client().post("/report/", data))
    else:
        os.environ["KUA_PASSPHRASE"] = PASSPHRASE
        extra = ["--edition", "full"] if what == "export" else ["--edition", "internal"]
        code = main([what, "--format", fmt, "--out", out, *extra])
        assert code == 0, code
    if os.environ.get("KUA_TEST_NO_KILL") != "1":
        _die()


if __name__ == "__main__":
    import tempfile

    tempfile.tempdir = os.environ["TMPDIR"]
    if sys.argv[1] == "setup":
        setup()
    else:
        run(sys.argv[2], sys.argv[3])
