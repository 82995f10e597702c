"""The instance on disk: the data directory and its generated secret key."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management import call_command


def data_dir() -> Path:
    base = Path(__file__).resolve().parent.parent.parent
    return Path(os.environ.get("KUA_DATA_DIR", base / "var")).resolve()


def ensure_instance_secret() -> None:
    """A laptop instance keeps a random secret key in its data directory (mode 600)."""
    if os.environ.get("KUA_SECRET_KEY") or os.environ.get("KUA_SECRET_KEY_FILE"):
        return
    directory = data_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    key_file = directory / "secret_key"
    if key_file.exists():
        return
    descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(50))


def ephemeral_secret_if_none() -> None:
    """`kua restore` and `kua backup verify` run where no instance is (yet): a random secret
    key for this process only (it signs nothing that outlives it), not written anywhere."""
    if os.environ.get("KUA_SECRET_KEY") or os.environ.get("KUA_SECRET_KEY_FILE"):
        return
    if not (data_dir() / "secret_key").exists():
        os.environ["KUA_SECRET_KEY"] = secrets.token_urlsafe(50)


def migrate() -> None:
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True, mode=0o700)
    call_command("migrate", verbosity=0, interactive=False)
