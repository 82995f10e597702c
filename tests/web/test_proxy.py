"""Behind a TLS reverse proxy: `kua serve` with KUA_HTTPS=1 and KUA_TRUSTED_PROXY believes
the proxy's X-Forwarded-Proto, so a proxied request gets HSTS and secure cookies, not a
redirect (a loop behind the proxy); a direct plain request is still redirected."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.serving import served


@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    settings = {"KUA_HTTPS": "1", "KUA_TRUSTED_PROXY": "127.0.0.1", "KUA_ALLOWED_HOSTS": "kua.example.org"}
    with served(tmp_path, 2, **settings) as port:
        yield port


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
