"""Phlov's one settings module.

Everything comes from the environment (see docs/configuration.md). Three modes:

* production (the default): DEBUG off, SECRET_KEY required, secure cookies, HSTS.
* demo (``PHLOV_DEMO=1``): what ``phlov demo`` runs on http://127.0.0.1:8000; it keeps a
  generated secret key in an ignored file under ``var/`` and allows cookies over plain HTTP
  on the loopback address only.
* testing (``PHLOV_TESTING=1``, set by the pytest plugin ``phlov.testing_env``).
"""

from __future__ import annotations

import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent

env = environ.Env()

DEMO = env.bool("PHLOV_DEMO", default=False)
TESTING = env.bool("PHLOV_TESTING", default=False)
VAR_DIR = Path(env.str("PHLOV_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if TESTING:
        return secrets.token_urlsafe(50)
    if DEMO:
        # The demo keeps its key in an ignored file so that sessions survive a restart.
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file = VAR_DIR / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        return key_file.read_text().strip()
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in the environment (50 or more random characters), "
        "or run the demo with PHLOV_DEMO=1."
    )


SECRET_KEY = _secret_key()


def _file_keys() -> list[str]:
    """Keys that encrypt uploaded files at rest (Fernet; the first encrypts, all decrypt)."""

    keys = env.list("PHLOV_FILE_KEYS", default=[])
    if keys:
        return keys
    from cryptography.fernet import Fernet

    if TESTING:
        return [Fernet.generate_key().decode()]
    if DEMO:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file = VAR_DIR / "file_key"
        if not key_file.exists():
            key_file.write_text(Fernet.generate_key().decode())
            key_file.chmod(0o600)
        return [key_file.read_text().strip()]
    raise ImproperlyConfigured(
        "PHLOV_FILE_KEYS is not set: uploaded documents are encrypted at rest. Generate a key with "
        "'python -c \"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())\"' "
        "and keep it apart from the database backups."
    )


PHLOV_FILE_KEYS = _file_keys()
PHLOV_UPLOAD_MAX_BYTES = env.int("PHLOV_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if (DEMO or TESTING or DEBUG) else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "phlov.core.apps.PhlovAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "phlov.core",
    "phlov.accounts",
    "phlov.places",
    "phlov.audit",
    "phlov.people",
    "phlov.linkage",
    "phlov.files",
    "phlov.notifications",
    "phlov.consent",
    "phlov.protection",
    "phlov.migration",
    "phlov.stats",
    "phlov.synthetic",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "phlov.audit.middleware.AuditContextMiddleware",
    # django-otp's, reading the session's device with the user (accounts/backends.py).
    "phlov.accounts.middleware.OTPMiddleware",
    # Closed by default: every view needs a login unless it is marked public.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "phlov.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "phlov.accounts.middleware.SecondFactorMiddleware",
    # Last, so that a locked-out attempt is answered after every other check ran.
    "axes.middleware.AxesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "phlov.urls"
FORM_RENDERER = "phlov.core.rendering.WidgetRenderer"
WSGI_APPLICATION = "phlov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "phlov.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (postgres://...); the embedded default is SQLite in WAL mode
# with synchronous=FULL, because a committed case note must survive a power cut.
SQLITE_PATH = VAR_DIR / "phlov.sqlite3"
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Prepared statements: PostgreSQL parses and plans a statement the second time a connection
    # runs it, then reuses the plan. Planning was most of its CPU per page, because every read
    # carries its policy's filter (docs/benchmarks.md, "Load", session 7). Django leaves them
    # off by default because a pooler in transaction mode (PgBouncer) moves a session's
    # statements between connections; behind such a pooler set DB_PREPARE_THRESHOLD=-1.
    DB_PREPARE_THRESHOLD = env.int("DB_PREPARE_THRESHOLD", default=2)
    if DB_PREPARE_THRESHOLD >= 0:
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": DB_PREPARE_THRESHOLD}
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
# Shared by all of the server's processes: the counted dashboards and tables (a national recount
# costs about a second of the whole machine, and was redone by each process), the statistics'
# data version (a save in one process is seen by all) and the public forms' rate limit. Files
# need no other service; CACHE_URL takes any URL django-environ reads (redis://, dbcache://...).
# Tests keep a cache of their own in each process.
CACHES = {
    "default": env.cache_url(
        "CACHE_URL", default="locmemcache://" if TESTING else f"filecache://{VAR_DIR / 'cache'}"
    )
}

# --- Accounts and authentication --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    # Axes first: a locked-out user name and address are refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user's organisation with the user.
    "phlov.accounts.backends.UserBackend",
]
# Lock the pair (user name, address) after 5 failures for 30 minutes: a stranger cannot lock a
# colleague out from elsewhere, and guessing from one address stops quickly (ASVS 6.1.1, 6.3.1).
AXES_FAILURE_LIMIT = env.int("PHLOV_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("PHLOV_LOCKOUT_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
PHLOV_IDLE_TIMEOUT_SECONDS = env.int("PHLOV_IDLE_TIMEOUT_SECONDS", default=30 * 60)
OTP_TOTP_ISSUER = "Phlov"
PHLOV_BREAK_GLASS_HOURS = env.float("PHLOV_BREAK_GLASS_HOURS", default=3)
PHLOV_CONSENT_OVERRIDE_DAYS = env.int("PHLOV_CONSENT_OVERRIDE_DAYS", default=7)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Argon2 is deliberately slow; tests that exercise hashing itself set it back.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = env.str("PHLOV_DEFAULT_LANGUAGE", default="km")
LANGUAGES = [("km", _("Khmer")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "phlov_language"
LANGUAGE_COOKIE_SECURE = not (DEMO or TESTING or DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
# Third-party assets come from npm at set-up (package.json) and are served by Phlov itself.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("PHLOV_STATIC_ROOT", default=str(VAR_DIR / "static")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "phlov.core.staticfinders.NodeModulesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "phlov.core.staticstorage.IncrementalCompressedManifestStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "files"
if TESTING or DEBUG:
    # Tests and development serve assets straight from the finders, without collectstatic.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Security headers -------------------------------------------------------------------------
_PLAIN_HTTP_OK = DEMO or TESTING or DEBUG
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not _PLAIN_HTTP_OK)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not _PLAIN_HTTP_OK)
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, read with a plain statement (accounts/sessions.py).
SESSION_ENGINE = "phlov.accounts.sessions"
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("PHLOV_SESSION_ABSOLUTE_SECONDS", default=12 * 3600)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not _PLAIN_HTTP_OK)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if _PLAIN_HTTP_OK else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not _PLAIN_HTTP_OK)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env.bool("PHLOV_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "phlov.core.views.csrf_failure"
SILENCED_SYSTEM_CHECKS = env.list("PHLOV_SILENCED_CHECKS", default=[])

# A content security policy without inline script or style: htmx is configured from a
# <meta> tag and every script is a file served by Phlov.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a bad token then answers 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Phlov API",
    "DESCRIPTION": "Safe labour migration and counter-trafficking case management (Cambodia).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Sensitive fields are left out of a response for roles without their group, so no
    # response field is promised to be always there.
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "phlov.core.openapi.add_common_responses",
    ],
}

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="phlov@localhost")
