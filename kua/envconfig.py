"""Typed reading of settings from the environment; a bad value fails loudly."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE; never a default."""
    value = os.environ.get(name)
    file_name = os.environ.get(f"{name}_FILE")
    if value and file_name:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both")
    if file_name:
        path = Path(file_name)
        if not path.is_file():
            raise ImproperlyConfigured(f"{name}_FILE names a file that does not exist")
        value = path.read_text().strip()
        if not value:
            raise ImproperlyConfigured(f"{name}_FILE names an empty file")
    return value or None


def database_from_url(url: str, pool: dict[str, int] | None = None) -> dict[str, object]:
    """Django DATABASES entry from postgres://user:password@host:port/name?option=value (or postgresql://).

    Every query option (sslmode, sslrootcert, connect_timeout, application_name, ...) goes to
    OPTIONS unchanged: psycopg hands them to libpq, which refuses any it does not know. With
    `pool` (psycopg_pool's min_size, max_size, timeout) connections come from a pool, which
    Django allows only with CONN_MAX_AGE 0 (a request hands its connection back at its end)."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ImproperlyConfigured("KUA_DATABASE_URL must start with postgres:// (SQLite is the default)")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("KUA_DATABASE_URL names no database")
    options: dict[str, object] = {**_url_options(parts.query)}
    if pool is not None:
        options["pool"] = pool
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 0 if pool is not None else 60,
        "CONN_HEALTH_CHECKS": True,
    }


def _url_options(query: str) -> dict[str, str]:
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise ImproperlyConfigured("KUA_DATABASE_URL has a malformed ?option=value part") from None
    options = dict(pairs)
    if len(options) != len(pairs):
        raise ImproperlyConfigured("KUA_DATABASE_URL names an option twice")
    return options


def pool_sizes(threads: int) -> dict[str, int]:
    """psycopg_pool's sizes from KUA_DATABASE_POOL_MIN/_MAX/_TIMEOUT. By default one connection
    per server thread and a few for the background threads (the analytic view's build, the case
    ledger's upkeep, the vault's reaper), two kept open when idle, 30 s to wait for one."""
    sizes = {
        "min_size": env_int("KUA_DATABASE_POOL_MIN", 2),
        "max_size": env_int("KUA_DATABASE_POOL_MAX", threads + 4),
        "timeout": env_int("KUA_DATABASE_POOL_TIMEOUT", 30),
    }
    if not 1 <= sizes["min_size"] <= sizes["max_size"]:
        raise ImproperlyConfigured(
            "KUA_DATABASE_POOL_MIN must be at least 1 and at most KUA_DATABASE_POOL_MAX"
        )
    if sizes["timeout"] < 1:
        raise ImproperlyConfigured("KUA_DATABASE_POOL_TIMEOUT must be at least 1 (seconds)")
    return sizes
