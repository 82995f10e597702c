"""`kua serve`: the production WSGI server (waitress), one process with threads.

One process keeps one unsealed key for every request; a restart seals.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management import call_command
from waitress import serve as waitress_serve

from kua.cli import EXIT_OK
from kua.cli.instance import migrate
from kua.interviews.services.streaming import pending_batches_clean
from kua.questionnaires.services import form_cache_refresh

# What a trusted reverse proxy may tell us: the scheme the browser used and its address.
PROXY_HEADERS = {"x-forwarded-proto", "x-forwarded-for"}


def proxy_options(trusted_proxy: str | None) -> dict[str, Any]:
    """waitress options: headers of a proxy are believed only from KUA_TRUSTED_PROXY."""
    if not trusted_proxy:
        return {"clear_untrusted_proxy_headers": True}
    return {
        "trusted_proxy": trusted_proxy,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": PROXY_HEADERS,
        "clear_untrusted_proxy_headers": True,
    }


def serve(*, host: str, port: int, threads: int) -> None:
    migrate()
    pending_batches_clean()  # what a crashed import left
    form_cache_refresh()  # a cache of an older format is compiled here, not by the first reader
    call_command("collectstatic", interactive=False, verbosity=0)
    from kua.wsgi import application  # after collectstatic: WhiteNoise indexes files at start

    print(f"Kua is serving on http://{host}:{port}/ (Ctrl+C stops it and seals the vault).", flush=True)
    options = proxy_options(settings.TRUSTED_PROXY)
    waitress_serve(application, host=host, port=port, threads=threads, ident="kua", **options)


def cmd_serve(args: argparse.Namespace) -> int:
    serve(host=args.host, port=args.port, threads=args.threads)
    return EXIT_OK
