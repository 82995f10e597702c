"""`kua serve`: the production WSGI server (waitress), one process with threads.

One process keeps one unsealed key for every request; a restart seals.
"""

from __future__ import annotations

from django.core.management import call_command


def serve(*, host: str, port: int, threads: int) -> None:
    from waitress import serve as waitress_serve

    from kua.cli.instance import migrate
    from kua.interviews.streaming import pending_batches_clean

    migrate()
    pending_batches_clean()  # what a crashed import left
    call_command("collectstatic", interactive=False, verbosity=0)
    from kua.wsgi import application  # after collectstatic: WhiteNoise indexes files at start

    print(f"Kua is serving on http://{host}:{port}/ (Ctrl+C stops it and seals the vault).", flush=True)
    waitress_serve(
        application, host=host, port=port, threads=threads, ident="kua", clear_untrusted_proxy_headers=True
    )
