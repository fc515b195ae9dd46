"""Cadre settings: everything that differs between installations comes from the environment."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CADRE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean flag; only explicit true values turn a flag on."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # Development and tests only: a per-process random key, never a key in the repository.
        import secrets

        SECRET_KEY = "dev-" + secrets.token_urlsafe(50)
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set (the demo command generates one in var/).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # its bundled Swagger UI assets, so the API docs load nothing from a CDN
    "django_tasks",
    "django_tasks_db",
    "cadre.core",
    "cadre.tenancy",
    "cadre.calendars",
    "cadre.accounts",
    "cadre.people",
    "cadre.competencies",
    "cadre.strategy",
    "cadre.needs",
    "cadre.catalogue",
    "cadre.delivery",
    "cadre.planning",
    "cadre.lrs",
    "cadre.cmi5",
    "cadre.evaluation",
    "cadre.practices",
    "cadre.community",
    "cadre.home",
    "cadre.translations",
    "cadre.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cadre.tenancy.middleware.AdministrationTimezoneMiddleware",
    "cadre.core.middleware.NotFoundMiddleware",
]

ROOT_URLCONF = "cadre.urls"
WSGI_APPLICATION = "cadre.wsgi.application"

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
                "cadre.home.navigation.navigation",
            ],
        },
    }
]

# Database: DATABASE_URL, or an embedded SQLite file under var/.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cadre.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
_SQLITE_SYNCHRONOUS = os.environ.get("CADRE_SQLITE_SYNCHRONOUS", "NORMAL").upper()
if _SQLITE_SYNCHRONOUS not in {"NORMAL", "FULL", "EXTRA"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("CADRE_SQLITE_SYNCHRONOUS must be NORMAL, FULL or EXTRA.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections persist (CONN_MAX_AGE) on SQLite too: opening one costs ~3 ms of CPU (the
    # pragmas, Django's function registrations, parsing the whole schema on first use) per request.
    # Durability: WAL with synchronous=NORMAL loses nothing committed when the process is killed
    # (commits are in the WAL file, in the OS page cache); a power cut or OS crash may roll back
    # the commits since the last checkpoint, never corrupts. CADRE_SQLITE_SYNCHRONOUS=FULL syncs
    # the WAL on every commit (one fsync each); or set DATABASE_URL to PostgreSQL.
    DATABASES["default"]["OPTIONS"] = {
        # Concurrent writers wait for the lock instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous={_SQLITE_SYNCHRONOUS}; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("CADRE_SQLITE_TEST_NAME", "")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Tests create many users; full-strength hashing would dominate the suite's time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ja", _("Japanese"))]
LOCALE_PATHS = [BASE_DIR / "cadre" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"  # uploads live outside the web root and are served by views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Security: strict by default; the demo (DEBUG=1) relaxes only what plain http on localhost needs.
_PLAIN_HTTP = DEBUG or TESTING
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not _PLAIN_HTTP)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not _PLAIN_HTTP)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not _PLAIN_HTTP)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Cadre's own settings.
CADRE_API_PAGE_SIZE = int(os.environ.get("CADRE_API_PAGE_SIZE", "50"))
NINJA_PAGINATION_PER_PAGE = CADRE_API_PAGE_SIZE
NINJA_PAGINATION_MAX_LIMIT = 200
NINJA_PAGINATION_CLASS = "cadre.api.pagination.BoundedLimitOffsetPagination"
CADRE_CASE_MAX_BYTES = int(os.environ.get("CADRE_CASE_MAX_BYTES", str(20 * 1024 * 1024)))
CADRE_CASE_MAX_ITEMS = int(os.environ.get("CADRE_CASE_MAX_ITEMS", "20000"))
CADRE_CASE_MAX_ASSOCIATIONS = int(os.environ.get("CADRE_CASE_MAX_ASSOCIATIONS", "100000"))
# Base for the CASE uris Cadre publishes (e.g. https://cadre.example.org/case/); unset: urn:uuid:...
CADRE_CASE_URI_BASE = os.environ.get("CADRE_CASE_URI_BASE", "")
CADRE_IMPORT_MAX_BYTES = int(os.environ.get("CADRE_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
# Catalogue module uploads (archives are also limited: see cadre/catalogue/uploads.py) and reminders.
CADRE_UPLOAD_MAX_BYTES = int(os.environ.get("CADRE_UPLOAD_MAX_BYTES", str(100 * 1024 * 1024)))
CADRE_REVIEW_REMINDER_DAYS = int(os.environ.get("CADRE_REVIEW_REMINDER_DAYS", "30"))
DATA_UPLOAD_MAX_MEMORY_SIZE = CADRE_CASE_MAX_BYTES + 1024 * 1024
