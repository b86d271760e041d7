"""Django settings for CalmSkin.

Everything a deployment changes comes from the environment (see docs/deployment.md):

* ``CALMSKIN_DEBUG``: ``true`` or ``false`` (default ``true`` so ``make run`` just works).
* ``CALMSKIN_SECRET_KEY``: required when debug is off. In debug, a random key is created once in
  ``<var>/secret_key`` (mode 0600) and reused.
* ``CALMSKIN_ALLOWED_HOSTS``: comma-separated host names (required when debug is off).
* ``CALMSKIN_CSRF_TRUSTED_ORIGINS``: comma-separated origins, e.g. ``https://calmskin.example.org``.
* ``CALMSKIN_VAR_DIR``: where the SQLite database and the debug key live (default ``<repo>/var``).
* ``DATABASE_URL``: e.g. ``postgres://user:pass@host:5432/calmskin``; SQLite in ``var/`` otherwise.
* ``CALMSKIN_PROXY_SSL_HEADER``: set behind a TLS-terminating proxy, e.g. ``X-Forwarded-Proto``
  (or ``X-Forwarded-Proto=https``); only set it if the proxy always overwrites that header.
* ``CALMSKIN_SSL_REDIRECT``, ``CALMSKIN_HSTS_SECONDS``: defaults are on / one year when debug is off.
* ``CALMSKIN_STATIC_ROOT``: where ``collectstatic`` writes (default ``<repo>/staticfiles``).
* ``CALMSKIN_MEDIA_ROOT``: where uploaded photos are stored (default ``<var>/media``); never served
  as static files, only through views that check ownership.
* ``CALMSKIN_PHOTO_MAX_BYTES``: the largest photo upload accepted (default 15 MB).
* ``CALMSKIN_TEXTPACK_DIR``: a directory with licensed questionnaire wording (optional).
* ``CALMSKIN_LOG_LEVEL``: ``INFO`` by default; logs go to stdout.
* ``CALMSKIN_CACHE_URL``: a Redis URL (``redis://127.0.0.1:6379/0``) for Django's built-in Redis
  cache. Without it the cache is in-process memory, so the sign-up/log-in rate limits count per
  worker process: set it whenever more than one process serves requests.
* ``CALMSKIN_CLIENT_IP_HEADER``: behind a proxy, the header carrying the client address for the
  per-address rate limits, e.g. ``X-Real-IP`` (only if the proxy always overwrites it).
* ``CALMSKIN_EMAIL_HOST``: send e-mail through this SMTP server (else it is printed to the console),
  with ``CALMSKIN_EMAIL_PORT`` (587), ``CALMSKIN_EMAIL_USER``, ``CALMSKIN_EMAIL_PASSWORD``,
  ``CALMSKIN_EMAIL_USE_TLS`` (``true``) and ``CALMSKIN_EMAIL_USE_SSL`` (``false``).
* ``CALMSKIN_DEFAULT_FROM_EMAIL``: the sender of CalmSkin's e-mails.
* ``CALMSKIN_BASE_URL``: the address people open CalmSkin at, for links in e-mails sent outside a
  request (reminders), e.g. ``https://calmskin.example.org`` (default ``http://127.0.0.1:8000``).
* ``CALMSKIN_REMINDER_HOUR``: reminders are e-mailed from this hour of the day (0-23, default 8) in
  each profile's time zone, by ``manage.py remind`` run from cron (see docs/deployment.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

WEB_DIR = Path(__file__).resolve().parent
BASE_DIR = WEB_DIR.parents[2]  # the repository root (src/calmskin/web -> .)


def envbool(name: str, default: bool) -> bool:
    """Read ``true``/``false`` (any case); anything else is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value == "true":
        return True
    if value == "false":
        return False
    raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def envlist(name: str) -> list[str]:
    """A comma-separated list; blanks are dropped."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def debug_secret_key(path: Path) -> str:
    """The local development key: created once with mode 0600, then reused."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
        raise ImproperlyConfigured(f"{path} is empty; delete it to create a new key") from None
    key = get_random_secret_key()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def proxy_ssl_header(raw: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto`` or ``X-Forwarded-Proto=https`` -> ``("HTTP_X_FORWARDED_PROTO", "https")``."""
    raw = raw.strip()
    if not raw:
        return None
    name, _, value = raw.partition("=")
    meta_name = "HTTP_" + name.strip().upper().replace("-", "_")
    return meta_name, value.strip() or "https"


# --------------------------------------------------------------------------------------------------
# Core
# --------------------------------------------------------------------------------------------------

DEBUG = envbool("CALMSKIN_DEBUG", True)

VAR_DIR = Path(os.environ.get("CALMSKIN_VAR_DIR") or BASE_DIR / "var").resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("CALMSKIN_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("CALMSKIN_SECRET_KEY must be set when CALMSKIN_DEBUG=false")
    SECRET_KEY = debug_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = envlist("CALMSKIN_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("CALMSKIN_ALLOWED_HOSTS must be set when CALMSKIN_DEBUG=false")
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = envlist("CALMSKIN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "calmskin.web.lib",
    "calmskin.web.instruments",
    "calmskin.web.accounts",
    "calmskin.web.diary",
    "calmskin.web.questionnaires",
    "calmskin.web.photos",
    "calmskin.web.exports",
    "calmskin.web.reminders",
    "calmskin.web.treatment",
    "calmskin.web.demo",
    "calmskin.web.learn",
    "calmskin.web.feeds",
    "calmskin.web.sideeffects",
    "calmskin.web.summary",
    "calmskin.web.response",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # before the CSRF check reads the body: a form in another charset than UTF-8 is refused (400)
    "calmskin.web.lib.middleware.refuse_non_utf8_forms",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "calmskin.web.urls"
WSGI_APPLICATION = "calmskin.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "calmskin.web.lib.context.profile_switcher",
            ],
        },
    },
]

# --------------------------------------------------------------------------------------------------
# Database: SQLite in var/ by default, PostgreSQL (or anything dj-database-url reads) via DATABASE_URL
# --------------------------------------------------------------------------------------------------

SQLITE_OPTIONS: dict[str, Any] = {
    # WAL lets readers work while one writer writes; NORMAL is safe with WAL.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    # Take the write lock at BEGIN so two writers queue instead of failing mid-transaction.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}

DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    _db: dict[str, Any] = dict(
        dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    )
else:
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "calmskin.sqlite3",
        # A file (not in-memory) test database, so tests run with WAL like production does;
        # CALMSKIN_TEST_DB names another file, so two test runs on one machine keep apart.
        "TEST": {"NAME": os.environ.get("CALMSKIN_TEST_DB") or VAR_DIR / "test_calmskin.sqlite3"},
    }
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {**SQLITE_OPTIONS, **_db.get("OPTIONS", {})}
DATABASES = {"default": _db}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --------------------------------------------------------------------------------------------------
# Passwords, i18n, static files
# --------------------------------------------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# collectstatic's target. Unset in debug unless given: files are then served from the finders, and
# WhiteNoise would otherwise warn about a directory that does not exist yet.
STATIC_ROOT: Path | None = (
    Path(os.environ["CALMSKIN_STATIC_ROOT"])
    if os.environ.get("CALMSKIN_STATIC_ROOT")
    else (None if DEBUG else BASE_DIR / "staticfiles")
)
STATICFILES_DIRS = [WEB_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production (needs `manage.py collectstatic`).
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploaded photos (default storage). Deliberately no MEDIA_URL route: files are served only by the
# ownership-checked views of calmskin.web.photos.
MEDIA_ROOT = Path(os.environ.get("CALMSKIN_MEDIA_ROOT") or VAR_DIR / "media").resolve()
CALMSKIN_PHOTO_MAX_BYTES = envint("CALMSKIN_PHOTO_MAX_BYTES", 15 * 1024 * 1024)

CALMSKIN_TEXTPACK_DIR = os.environ.get("CALMSKIN_TEXTPACK_DIR", "").strip() or None

# --------------------------------------------------------------------------------------------------
# Security headers
# --------------------------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(os.environ.get("CALMSKIN_PROXY_SSL_HEADER", ""))

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("CALMSKIN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("CALMSKIN_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# No inline scripts or styles anywhere: htmx is served from our static files and configured through
# a <meta name="htmx-config"> tag (its indicator <style> injection is switched off there).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# --------------------------------------------------------------------------------------------------
# Accounts: cache (rate limits), e-mail, log-in pages
# --------------------------------------------------------------------------------------------------

CACHE_URL = os.environ.get("CALMSKIN_CACHE_URL", "").strip()
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "CALMSKIN_CACHE_URL must be a redis://, rediss:// or unix:// URL"
        )
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_USE_CACHE = "default"
_client_ip_header = os.environ.get("CALMSKIN_CLIENT_IP_HEADER", "").strip()
if _client_ip_header:
    RATELIMIT_IP_META_KEY = "HTTP_" + _client_ip_header.upper().replace("-", "_")
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit refuses the in-process cache (not shared between workers): it is the
    # single-process default on purpose, and CALMSKIN_CACHE_URL is documented above.
    "django_ratelimit.E003",
    # ... and does not list Django's own Redis cache, which has the atomic incr() it needs.
    "django_ratelimit.W001",
]

EMAIL_HOST = os.environ.get("CALMSKIN_EMAIL_HOST", "").strip()
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("CALMSKIN_EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("CALMSKIN_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("CALMSKIN_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = envbool("CALMSKIN_EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = envbool("CALMSKIN_EMAIL_USE_SSL", False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured(
            "CALMSKIN_EMAIL_USE_TLS and CALMSKIN_EMAIL_USE_SSL exclude each other"
        )
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = (
    os.environ.get("CALMSKIN_DEFAULT_FROM_EMAIL", "").strip() or "CalmSkin <calmskin@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CALMSKIN_BASE_URL = (
    os.environ.get("CALMSKIN_BASE_URL", "").strip().rstrip("/") or "http://127.0.0.1:8000"
)
CALMSKIN_REMINDER_HOUR = envint("CALMSKIN_REMINDER_HOUR", 8)
if not 0 <= CALMSKIN_REMINDER_HOUR <= 23:
    raise ImproperlyConfigured("CALMSKIN_REMINDER_HOUR must be an hour from 0 to 23")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "home"

# --------------------------------------------------------------------------------------------------
# Logging: everything to stdout, for systemd/journald, containers and runserver alike
# --------------------------------------------------------------------------------------------------

LOG_LEVEL = os.environ.get("CALMSKIN_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
    },
}
