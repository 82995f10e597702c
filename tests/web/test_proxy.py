"""Behind a TLS reverse proxy: `kua serve` with KUA_HTTPS=1 and KUA_TRUSTED_PROXY believes
the proxy's X-Forwarded-Proto, so a proxied request gets HSTS and secure cookies, not a
redirect (a loop behind the proxy); a direct plain request is still redirected."""

from __future__ import annotations

import http.client
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


def _free_port() -> int:
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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KUA_", "DJANGO_"))}
    env.update(
        KUA_DATA_DIR=str(tmp_path),
        KUA_SECRET_KEY=secrets.token_urlsafe(50),
        KUA_HTTPS="1",
        KUA_TRUSTED_PROXY="127.0.0.1",
        KUA_ALLOWED_HOSTS="kua.example.org",
        PYTHONPATH=str(ROOT),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "kua.cli", "serve", "--port", str(port), "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _get(port: int, headers: dict[str, str]) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/accounts/login/", headers={"Host": "kua.example.org", **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_a_proxied_request_gets_hsts_and_secure_cookies(server: int) -> None:
    proxied = _get(server, {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"})
    assert proxied.status == 200, proxied.getheader("Location")
    assert "max-age=63072000" in (proxied.getheader("Strict-Transport-Security") or "")
    cookies = proxied.headers.get_all("Set-Cookie") or []
    assert cookies and all("Secure" in cookie for cookie in cookies)
    plain = _get(server, {})
    assert plain.status == 301
    assert plain.getheader("Location") == "https://kua.example.org/accounts/login/"
