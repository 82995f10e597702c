"""Run inside an instance: unseal, build the analytic view, time the tables warm: the whole
`kua tables --format json` (the view's tables, trafficking and the case responses, and the
audit row of the reading), as the cold figure is."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kua.settings")

import django

django.setup()

from kua.analytics.store import view_for  # noqa: E402
from kua.reports.counting.tables_json import tables_json  # noqa: E402
from kua.vault.models import Vault  # noqa: E402
from kua.vault.services import vault_unseal_any  # noqa: E402


def main() -> None:
    vault = Vault.objects.get()
    actor = vault_unseal_any(vault=vault, passphrase=os.environ["KUA_PASSPHRASE"])
    started = time.perf_counter()
    view = view_for(vault.organisation_id)
    build = time.perf_counter() - started
    times = []
    for _ in range(50):
        t0 = time.perf_counter()
        tables = tables_json(actor=actor)
        times.append(time.perf_counter() - t0)
    json.dump({"build_s": build, "warm_s": statistics.median(times), "rows": view.size,
               "respondents": tables["respondents"]}, sys.stdout)  # fmt: skip


if __name__ == "__main__":
    main()
