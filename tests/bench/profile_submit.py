"""Profile N web submissions in-process (Django test client), to see where time goes."""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
import time

os.environ["KUA_DATA_DIR"] = tempfile.mkdtemp(prefix="kua-prof-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kua.settings")
os.environ.setdefault("KUA_SECRET_KEY", "profiling-only-" + "x" * 40)

import django

django.setup()

from django.test import Client  # noqa: E402

from kua.cli.instance import migrate  # noqa: E402
from tests.bench.web_bench import ANSWERS  # noqa: E402


def main() -> None:
    migrate()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from tests.conftest import PASSWORD, make_org

    organisation, _alice = make_org("Profile", "alice")
    from kua.accounts.services import user_create

    bob = user_create(organisation=organisation, username="bob", role="documenter", password=PASSWORD)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bob)
    data: dict[str, list[str]] = {}
    for key, value in ANSWERS:
        data.setdefault(key, []).append(value)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    client.post("/interviews/new/", data)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(count):
        assert client.post("/interviews/new/", data).status_code == 302
    profiler.disable()
    print(f"{count / (time.perf_counter() - started):.0f} submissions/s in one thread")
    pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
        int(os.environ.get("TOP", "30"))
    )


if __name__ == "__main__":
    main()
