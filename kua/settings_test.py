"""Settings for the test suite: a throwaway data directory and a per-run secret."""

import os
import secrets
import tempfile

os.environ.setdefault("KUA_SECRET_KEY", secrets.token_urlsafe(40))
os.environ.setdefault("KUA_DATA_DIR", tempfile.mkdtemp(prefix="kua-test-"))
# Cheap key derivation in tests only; the real cost is set in kua.settings.
os.environ.setdefault("KUA_VAULT_KDF_OPSLIMIT", "1")
os.environ.setdefault("KUA_VAULT_KDF_MEMLIMIT", str(8 * 1024 * 1024))

from kua.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests build the analytic view in the test's own thread (and transaction).
ANALYTICS_BUILD_ON_UNSEAL = False
