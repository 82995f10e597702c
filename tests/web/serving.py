"""A real `kua serve` for tests that need the server itself (a proxy's headers, a pool):
started on a free port with the environment given, stopped afterwards."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, "kua serve stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail("kua serve did not start in 90 s")


@contextlib.contextmanager
def served(data_dir: Path, threads: int, **settings: str) -> Iterator[int]:
    """`kua serve --threads N` over a fresh data directory with these KUA_ settings; its port."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KUA_", "DJANGO_"))}
    env.update(
        KUA_DATA_DIR=str(data_dir), KUA_SECRET_KEY=secrets.token_urlsafe(50), PYTHONPATH=str(ROOT), **settings
    )
    command = [sys.executable, "-m", "kua.cli", "serve", "--port", str(port), "--threads", str(threads)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
