"""Kua settings, read from the environment.

Nothing secret has a default. A value is read from `NAME` or from the file named by
`NAME_FILE`. Without a secret key Kua refuses to start; `kua init` writes a random one
into the data directory for a single-laptop instance.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from kua import languages
from kua.envconfig import database_from_url, env_bool, env_int, env_list, env_secret, pool_sizes

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("KUA_DATA_DIR", BASE_DIR / "var")).resolve()

DEBUG = env_bool("KUA_DEBUG", False)
HTTPS = env_bool("KUA_HTTPS", False)
# The address of the TLS reverse proxy in front of `kua serve` (e.g. 127.0.0.1): only its
# X-Forwarded-Proto and X-Forwarded-For are believed (docs/configuration.md).
TRUSTED_PROXY = os.environ.get("KUA_TRUSTED_PROXY", "").strip() or None


def _secret_key() -> str:
    value = env_secret("KUA_SECRET_KEY")
    if value:
        return value
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    raise ImproperlyConfigured(
        "No secret key: set KUA_SECRET_KEY (or KUA_SECRET_KEY_FILE), "
        "or run `kua init` to create an instance in KUA_DATA_DIR."
    )


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("KUA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("KUA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "kua.accounts",
    "kua.audit",
    "kua.vault",
    "kua.questionnaires",
    "kua.interviews",
    "kua.interchange",
    "kua.odk",  # before analytics: Collect submissions are stored at unseal before the view builds
    "kua.offline",  # likewise for entries sealed in the browser
    "kua.analytics",
    "kua.reports",
    "kua.studies",
    "kua.trail",
    "kua.cases",
    "kua.releases",
    "kua.network",
    "kua.people",
    "kua.intake",  # the intake pipeline: its steps and their order (kua/intake/pipeline.py)
    "kua.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kua.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kua.accounts.middleware.SessionLimitsMiddleware",
    "kua.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "kua.web.middleware.FriendlyErrorsMiddleware",
    "kua.web.middleware.MethodNotAllowedPageMiddleware",
    # After FriendlyErrors: process_exception runs bottom-up, so a sealed vault is answered first.
    "kua.vault.middleware.SealedVaultMiddleware",
]

ROOT_URLCONF = "kua.urls"
WSGI_APPLICATION = "kua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kua.web.context.kua_context",
                "kua.vault.context.vault_context",
            ],
        },
    }
]

_SQLITE = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "kua.sqlite3",
        "OPTIONS": {
            # One writer at a time from the first statement: keeps the audit chain linear.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;",
        },
    }
}
# A network runs PostgreSQL: KUA_DATABASE_URL=postgres://user:password@host:5432/kua?sslmode=require
# (or *_FILE); every ?option goes to libpq.
# `kua serve` (waitress threads) takes its connections from a pool; the other commands, which
# fork worker processes, turn it off (kua/cli/__init__.py; docs/configuration.md).
_DATABASE_URL = env_secret("KUA_DATABASE_URL")
SERVE_THREADS = env_int("KUA_THREADS", 8)
_POOL = pool_sizes(SERVE_THREADS) if _DATABASE_URL and env_bool("KUA_DATABASE_POOL", False) else None
DATABASES = {"default": database_from_url(_DATABASE_URL, _POOL)} if _DATABASE_URL else _SQLITE
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The one-time link to set one's own password (made by a coordinator on the People page).
PASSWORD_RESET_TIMEOUT = 24 * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock the username for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by address too would let one person's typos lock out a whole office behind
# one address (or every user of a laptop instance, all on 127.0.0.1). A username lock
# cannot be bypassed by changing cookies or user agents, which is what W006 is about.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kua.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Only what the lockout needs: no access log, no IP address, user agent or form fields
# (kua/accounts/lockout.py; docs/security.md, "What a copy of the database reveals").
AXES_DISABLE_ACCESS_LOG = True
AXES_HANDLER = "kua.accounts.lockout.UsernameOnlyHandler"
AXES_CLIENT_IP_CALLABLE = "kua.accounts.lockout.no_client_address"

# Sessions: new id at login (Django's default), 30 minutes idle, 12 hours at most.
SESSION_IDLE_SECONDS = env_int("KUA_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("KUA_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Only a keyed hash of each session key is stored (kua/accounts/sessions.py).
SESSION_ENGINE = "kua.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

OTP_TOTP_ISSUER = "Kua"

# The vault: the unsealed key is dropped after this many idle minutes.
VAULT_IDLE_SECONDS = env_int("KUA_VAULT_IDLE_SECONDS", 30 * 60)
# Argon2id cost for wrapping the organisation key (see docs/security.md).
VAULT_KDF_OPSLIMIT = env_int("KUA_VAULT_KDF_OPSLIMIT", 3)
VAULT_KDF_MEMLIMIT = env_int("KUA_VAULT_KDF_MEMLIMIT", 64 * 1024 * 1024)

# Build the analytic view in a background thread as soon as a keyholder unseals.
# The command line sets it off (except `kua serve`): a command builds the view only if it needs it.
ANALYTICS_BUILD_ON_UNSEAL = env_bool("KUA_ANALYTICS_BUILD_ON_UNSEAL", True)

IMPORT_MAX_BYTES = env_int("KUA_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# Checked before a table is parsed (kua/sheets/limits.py): decompression bombs are refused.
IMPORT_MAX_UNZIPPED_BYTES = env_int("KUA_IMPORT_MAX_UNZIPPED_BYTES", 512 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("KUA_IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_CELL_CHARS = env_int("KUA_IMPORT_MAX_CELL_CHARS", 32_767)  # Excel's own limit
# Collect: one media file, and everything one link may send in 24 hours (kua/odk/services/submissions.py).
ODK_MAX_FILE_BYTES = env_int("KUA_ODK_MAX_FILE_BYTES", 20 * 1024 * 1024)
ODK_LINK_DAILY_BYTES = env_int("KUA_ODK_LINK_DAILY_BYTES", 200 * 1024 * 1024)
# Uploads never touch the disk: they are read in memory and discarded.
FILE_UPLOAD_HANDLERS = ["kua.web.uploads.LimitedMemoryUploadHandler"]
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES

LANGUAGE_CODE = "ru"
LANGUAGES = list(languages.LANGUAGES)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("KUA_TIME_ZONE", "Asia/Almaty")
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    if TRUSTED_PROXY:  # waitress passes the header on only from that address
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Logs carry events and ids only. Request bodies are never logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_one_line": {"()": "kua.web.logfilters.ClientErrorsOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # A 403 or 404 is one line: the refused path, no traceback.
        "django.request": {"filters": ["client_errors_one_line"], "propagate": True},
        "kua": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
CSRF_FAILURE_VIEW = "kua.web.views.csrf_failure"
