"""Production settings: `check --deploy` passes, and a missing secret stops the start."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path


def _django(args: list[str], env_extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # A production start: none of the test run's own settings (the browser tests' async flag).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KUA_", "DJANGO_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "kua.settings", "KUA_DATA_DIR": str(tmp_path)}, **env_extra)
    return subprocess.run(
        [sys.executable, "-m", "django", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    result = _django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {"KUA_HTTPS": "1", "KUA_SECRET_KEY": secrets.token_urlsafe(50)},
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_key_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(secrets.token_urlsafe(50))
    result = _django(["check"], {"KUA_SECRET_KEY_FILE": str(key_file)}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_no_secret_no_start(tmp_path: Path) -> None:
    result = _django(["check"], {}, tmp_path)
    assert result.returncode != 0
    assert "KUA_SECRET_KEY" in result.stderr


def test_bad_boolean_fails_loudly(tmp_path: Path) -> None:
    result = _django(["check"], {"KUA_SECRET_KEY": secrets.token_urlsafe(50), "KUA_HTTPS": "maybe"}, tmp_path)
    assert result.returncode != 0 and "KUA_HTTPS" in result.stderr
