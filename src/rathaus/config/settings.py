"""Rathaus settings: one module, every value from the environment, embedded defaults.

The defaults give a complete single-machine installation (SQLite in WAL mode, local
private file storage, the database task queue). `DATABASE_URL`, `REDIS_URL` and
`STORAGE_BACKEND=s3` switch to PostgreSQL, Redis and S3-compatible storage.
Every setting read here is listed in the README.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]
SRC_DIR = BASE_DIR / "src" / "rathaus"


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    wert = value.strip().lower()
    if wert in {"1", "true", "yes", "on"}:
        return True
    if wert in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected on or off (1/0, true/false, yes/no)")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int = 2**31 - 1) -> int:
    """An integer setting; a bad value stops the start with a message naming the variable."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        zahl = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number") from None
    if not minimum <= zahl <= maximum:
        raise ImproperlyConfigured(f"{name}={zahl}: expected {minimum} to {maximum}")
    return zahl


def env_seconds(name: str, default: float) -> float:
    """A positive duration in seconds (e.g. `10` or `2.5`)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        sekunden = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a number of seconds") from None
    if not 0 < sekunden < 3600:
        raise ImproperlyConfigured(f"{name}={value!r}: expected more than 0 and under 3600 seconds")
    return sekunden


def env_float(name: str, default: float, *, minimum: float, maximum: float) -> float:
    """A number setting above `minimum` and at most `maximum` (e.g. hours of a session)."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        zahl = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a number") from None
    if not (math.isfinite(zahl) and minimum < zahl <= maximum):
        raise ImproperlyConfigured(
            f"{name}={value!r}: expected more than {minimum} up to {maximum}"
        )
    return zahl


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...], *, upper: bool = False) -> str:
    """One of a fixed set of words; case does not matter, a typo stops the start."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    wert = value.upper() if upper else value.lower()
    if wert not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return wert


def env_rate(name: str, default: str) -> str:
    """A window limit "COUNT/SECONDS" (rathaus.core.drossel), e.g. `10/600`."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    treffer = re.fullmatch(r"(\d+)\s*/\s*(\d+)", value)
    if treffer is None or not (int(treffer[1]) >= 1 and int(treffer[2]) >= 1):
        raise ImproperlyConfigured(
            f"{name}={value!r}: expected COUNT/SECONDS with whole numbers of at least 1, "
            "e.g. 10/600 (at most 10 in 600 seconds)"
        )
    return f"{int(treffer[1])}/{int(treffer[2])}"


def env_json(name: str) -> object:
    """A JSON value (None when unset); malformed JSON stops the start naming the variable."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError as fehler:
        raise ImproperlyConfigured(f"{name}: not valid JSON ({fehler})") from None


DEBUG = env_bool("RATHAUS_DEBUG", False)
DATA_DIR = Path(env("RATHAUS_DATA_DIR", str(BASE_DIR / "var")))
# The development identity provider at /dev-idp/ lets anyone log in as a test citizen: on
# only with RATHAUS_DEBUG or an explicit RATHAUS_DEV_IDP=1 (`make run`, `make test`), and
# never while a real provider is configured.
RATHAUS_OIDC_ISSUER = env("RATHAUS_OIDC_ISSUER").rstrip("/")
RATHAUS_DEV_IDP = env_bool("RATHAUS_DEV_IDP", DEBUG) and not RATHAUS_OIDC_ISSUER
# Public, so only for a development installation (DEBUG or the development identity
# provider on); any other start without RATHAUS_SECRET_KEY stops here.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"  # noqa: S105
SECRET_KEY = env("RATHAUS_SECRET_KEY")
if not SECRET_KEY.strip():
    if not (DEBUG or RATHAUS_DEV_IDP):
        raise ImproperlyConfigured(
            "RATHAUS_SECRET_KEY is not set: give it a long random value, e.g. from "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'. Only a "
            "development installation (RATHAUS_DEV_IDP=1 as in `make run`, or "
            "RATHAUS_DEBUG=1) may start without one, with a public development key."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("RATHAUS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("RATHAUS_CSRF_TRUSTED_ORIGINS")
# Path of the real public data (OZG catalogue, FIM schemas ...) used by importers and tests.
SHARED_DATA_DIR = Path(env("RATHAUS_SHARED_DATA", str(BASE_DIR.parent / "shared" / "data")))
# For the test suite only (rathaus.config.testdaten): on, a test whose part of that data is
# missing fails instead of being skipped. CI turns it on (.ci/run).
RATHAUS_TESTDATEN_PFLICHT = env_bool("RATHAUS_TESTDATEN_PFLICHT", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "rathaus.core",
    "rathaus.organisation",
    "rathaus.katalog",
    "rathaus.akten",
    "rathaus.formulare",
    "rathaus.portal",
    "rathaus.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "rathaus.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "rathaus.config.body_limit.BodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "rathaus.config.urls"
WSGI_APPLICATION = "rathaus.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'rathaus.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while the worker writes; IMMEDIATE avoids lock upgrades.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and task queue ---------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS_BACKEND = env_choice(
    "RATHAUS_TASKS_BACKEND", "rq" if REDIS_URL else "database", ("database", "rq", "immediate")
)
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}
    # RQ's plain Job cannot run a django.tasks Task: `rathaus rqworker` needs this job class.
    # The worker loads WeasyPrint and the templates once before it forks a horse per job.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": "rathaus.core.rq_worker.Worker"}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Storage --------------------------------------------------------------------------
STATIC_URL = "/static/"
# The container image collects its static files at build time into a folder of the image
# (read-only there), apart from the writable data volume.
STATIC_ROOT = Path(env("RATHAUS_STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded and generated documents are private: no MEDIA_URL is ever served.
MEDIA_URL = None
STORAGE_BACKEND = env_choice("STORAGE_BACKEND", "local", ("local", "s3"))
_default_storage: dict[str, object]
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("STORAGE_S3_BUCKET", "rathaus"),
            "endpoint_url": env("STORAGE_S3_ENDPOINT_URL") or None,
            "access_key": env("STORAGE_S3_ACCESS_KEY") or None,
            "secret_key": env("STORAGE_S3_SECRET_KEY") or None,
            "region_name": env("STORAGE_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": env(
            "RATHAUS_STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Security -------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],  # no <base> element anywhere: nothing may re-root relative URLs
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("RATHAUS_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("RATHAUS_SSL_REDIRECT", False)
if env_bool("RATHAUS_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# How many proxies in front append to X-Forwarded-For (the documented nginx: 1). The client
# address of every limit, lock and log line comes from rathaus.core.client.client_address.
RATHAUS_TRUSTED_PROXY_HOPS = env_int("RATHAUS_TRUSTED_PROXY_HOPS", 0, maximum=10)
# Request bodies: at most RATHAUS_MAX_REQUEST_BYTES, on the routes that take the files of an
# Antrag that plus RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES; answered with 413 from the
# Content-Length alone (rathaus.config.body_limit). Django's own limit of the form fields
# (files not counted) is the same number.
RATHAUS_MAX_REQUEST_BYTES = env_int("RATHAUS_MAX_REQUEST_BYTES", 2 * 2**20, minimum=64 * 2**10)
DATA_UPLOAD_MAX_MEMORY_SIZE = RATHAUS_MAX_REQUEST_BYTES

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["rathaus.api.drosseln.ClientAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("RATHAUS_API_ANON_RATE", "6000/minute")},
    # The same hop count for any DRF throttle that does not ask core.client itself.
    "NUM_PROXIES": RATHAUS_TRUSTED_PROXY_HOPS,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rathaus API",
    "DESCRIPTION": "Öffentliche Schnittstelle des digitalen Rathauses (Leistungskatalog).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the pinned PyPI package (static files), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Several models have a `status` or `art`; each choice set gets a telling name.
    "ENUM_NAME_OVERRIDES": {
        "VerfahrenStatusEnum": "rathaus.verfahren.models.Verfahren.Status",
        "AufgabeStatusEnum": "rathaus.verfahren.models.Aufgabe.Status",
        "FristArtEnum": "rathaus.verfahren.models.Frist.Art",
        "ArtEnum": "rathaus.organisation.models.Organisationseinheit.Art",
    },
}

# --- Citizen login (konten) ---
# OpenID Connect (mozilla-django-oidc) to any identity provider (RATHAUS_OIDC_ISSUER); in a
# development installation the development identity provider at /dev-idp/ (test persons
# only, RATHAUS_DEV_IDP above) stands in for BundID.
INSTALLED_APPS += ["rathaus.konten", "rathaus.dev_idp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "rathaus.konten.middleware.SitzungsgrenzeMiddleware",
)
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "rathaus.konten.auth.BuergerOIDCBackend",
]
RATHAUS_BASE_URL = env("RATHAUS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
RATHAUS_OIDC_AUTHORIZATION_ENDPOINT = env("RATHAUS_OIDC_AUTHORIZATION_ENDPOINT")
RATHAUS_OIDC_TOKEN_ENDPOINT = env("RATHAUS_OIDC_TOKEN_ENDPOINT")
RATHAUS_OIDC_USERINFO_ENDPOINT = env("RATHAUS_OIDC_USERINFO_ENDPOINT")
RATHAUS_OIDC_JWKS_ENDPOINT = env("RATHAUS_OIDC_JWKS_ENDPOINT")
RATHAUS_OIDC_END_SESSION_ENDPOINT = env("RATHAUS_OIDC_END_SESSION_ENDPOINT")
RATHAUS_OIDC_LOGOUT_AT_IDP = env_bool("RATHAUS_OIDC_LOGOUT_AT_IDP", True)
RATHAUS_LOGIN_RATE_LIMIT = env_rate("RATHAUS_LOGIN_RATE_LIMIT", "20/300")
# Idle limits of citizens' sessions per level, e.g. "hoch=10" (konten.niveau.grenze).
RATHAUS_CITIZEN_SESSION_IDLE_MINUTES = env("RATHAUS_CITIZEN_SESSION_IDLE_MINUTES")
OIDC_RP_CLIENT_ID = env("RATHAUS_OIDC_CLIENT_ID", "rathaus")
# The development provider's secret only has to differ between installations; a real
# provider's comes from it (`check --deploy` reports rathaus.E005 while it is missing).
OIDC_RP_CLIENT_SECRET = env("RATHAUS_OIDC_CLIENT_SECRET") or (
    hashlib.sha256(f"dev-idp:{SECRET_KEY}".encode()).hexdigest() if RATHAUS_DEV_IDP else ""
)
OIDC_RP_SIGN_ALGO = env("RATHAUS_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("RATHAUS_OIDC_SCOPES", "openid profile email address")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "konten_oidc:callback"
LOGIN_URL = "konten:anmelden"

# --- Municipality ---------------------------------------------------------------------
RATHAUS_AGS = env("RATHAUS_AGS", "13073088")
RATHAUS_KOMMUNE = env("RATHAUS_KOMMUNE", "Hansestadt Stralsund")
# The Land whose rules and laws the FIM forms apply ("Für die Länder … gilt"), as the
# two-letter code of rathaus.standards.xdatenfelder (Mecklenburg-Vorpommern: MV).
_laender = tuple("BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH".split())
RATHAUS_LAND = env_choice("RATHAUS_LAND", "MV", _laender, upper=True)

# --- Email ----------------------------------------------------------------------------
# Every email leaves through the outbox (antraege): the worker sends it and retries with
# backoff; failing rows show in the admin. Without RATHAUS_EMAIL_HOST the mails are written
# as files to <RATHAUS_DATA_DIR>/mail/ (development); `check --deploy` then reports
# mail.E001. Lower-case names here are helpers, not settings.
_email_backends = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}


def mailers_from_env(data_dir: Path) -> dict[str, dict[str, object]]:
    """Django's MAILERS from the RATHAUS_EMAIL_* variables; every value is checked, so a
    wrong one stops the start naming the variable instead of failing at the first email."""
    host = env("RATHAUS_EMAIL_HOST").strip()
    art = env("RATHAUS_EMAIL_BACKEND").strip().lower() or ("smtp" if host else "file")
    if art not in _email_backends:
        raise ImproperlyConfigured(
            f"RATHAUS_EMAIL_BACKEND={art!r}: expected one of {', '.join(_email_backends)}"
        )
    use_tls = env_bool("RATHAUS_EMAIL_USE_TLS")
    use_ssl = env_bool("RATHAUS_EMAIL_USE_SSL")
    if use_tls and use_ssl:
        raise ImproperlyConfigured(
            "RATHAUS_EMAIL_USE_TLS (STARTTLS, usually port 587) and RATHAUS_EMAIL_USE_SSL "
            "(SMTPS, usually port 465) exclude each other: turn on one of them"
        )
    standard_port = 465 if use_ssl else 587 if use_tls else 25
    port = env_int("RATHAUS_EMAIL_PORT", standard_port, minimum=1, maximum=65535)
    user = env("RATHAUS_EMAIL_USER").strip()
    password = env("RATHAUS_EMAIL_PASSWORD")
    if bool(user) != bool(password):
        raise ImproperlyConfigured(
            "RATHAUS_EMAIL_USER and RATHAUS_EMAIL_PASSWORD: set both (SMTP login) or neither"
        )
    timeout = env_seconds("RATHAUS_EMAIL_TIMEOUT", 10.0)
    if art == "file":
        options: dict[str, object] = {"file_path": str(data_dir / "mail")}
    elif art == "console":
        options = {}
    elif not host:
        raise ImproperlyConfigured("RATHAUS_EMAIL_BACKEND=smtp needs RATHAUS_EMAIL_HOST")
    else:
        options = {
            "host": host,
            "port": port,
            "username": user,
            "password": password,
            "use_tls": use_tls,
            "use_ssl": use_ssl,
            "timeout": timeout,
        }
    return {"default": {"BACKEND": _email_backends[art], "OPTIONS": options}}


def email_from_env() -> str:
    """The sender address (RATHAUS_EMAIL_FROM), e.g. `Stadt <rathaus@example.de>`."""
    absender = env("RATHAUS_EMAIL_FROM", "rathaus@localhost").strip()
    _name, adresse = parseaddr(absender)
    if "\r" in absender or "\n" in absender or "@" not in adresse:
        raise ImproperlyConfigured(
            f"RATHAUS_EMAIL_FROM={absender!r}: expected an address such as "
            "rathaus@example.de or 'Stadt Beispiel <rathaus@example.de>'"
        )
    return absender


MAILERS = mailers_from_env(DATA_DIR)
DEFAULT_FROM_EMAIL = SERVER_EMAIL = email_from_env()

# --- Logging: one JSON object per line on stderr ----------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "rathaus.core.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {
        "handlers": ["stderr"],
        "level": env_choice(
            "RATHAUS_LOG_LEVEL",
            "INFO",
            ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
            upper=True,
        ),
    },
    "loggers": {
        "django.server": {"handlers": [], "propagate": False},
        # WeasyPrint reports every step of every PDF at INFO and fontTools every font
        # subset: noise in an operator's log, their warnings and errors still come through.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every successful login, citizens' too, with name and address at
        # INFO (ASVS: no personal data in logs beyond need); staff logins are in the
        # Protokoll, failures (WARNING) stay visible as security events.
        "axes": {"level": "WARNING"},
    },
}

# --- Staff workspace (arbeitsplatz) ---
# Staff log in at /arbeitsplatz/anmelden/ with password and TOTP (django-otp); django-axes
# locks a username+client address pair after 5 failures (password or code) for 15 minutes;
# across addresses a username only gets growing waits (rathaus.arbeitsplatz.anmeldebremse).
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "axes", "rathaus.arbeitsplatz"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "rathaus.arbeitsplatz.middleware.MitarbeiterSitzungMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS.insert(0, "axes.backends.AxesStandaloneBackend")
# Checks passwords in place of ModelBackend (which stays listed for existing sessions).
AUTHENTICATION_BACKENDS.insert(
    AUTHENTICATION_BACKENDS.index("django.contrib.auth.backends.ModelBackend"),
    "rathaus.arbeitsplatz.anmeldebremse.GebremsteAnmeldung",
)
AXES_FAILURE_LIMIT = env_int("RATHAUS_STAFF_LOGIN_FAILURES", 5, minimum=1, maximum=1000)
AXES_COOLOFF_TIME = (
    env_int("RATHAUS_STAFF_LOCKOUT_MINUTES", 15, minimum=1, maximum=7 * 24 * 60) / 60  # hours
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # staff logins are in the Protokoll; no log of citizens
AXES_VERBOSE = False  # its start banner and per-login lines: the Protokoll has the logins
AXES_SENSITIVE_PARAMETERS = ["password", "code"]
AXES_WHITELIST_CALLABLE = "rathaus.arbeitsplatz.zugang.axes_nicht_zaehlen"
AXES_LOCKOUT_CALLABLE = "rathaus.arbeitsplatz.zugang.axes_gesperrt"
AXES_CLIENT_IP_CALLABLE = "rathaus.core.client.client_address"
OTP_TOTP_ISSUER = f"Rathaus {RATHAUS_KOMMUNE}"
RATHAUS_STAFF_SESSION_HOURS = env_float(
    "RATHAUS_STAFF_SESSION_HOURS", 12.0, minimum=0, maximum=7 * 24
)
RATHAUS_STAFF_SESSION_IDLE_MINUTES = env_float(
    "RATHAUS_STAFF_SESSION_IDLE_MINUTES", 30.0, minimum=0, maximum=24 * 60
)

# --- Anträge (antraege) ---
# Submission, Anlagen, receipts and the outbox to the E-Akte; limits and the optional
# ClamAV scan (RATHAUS_ANTRAEGE_VIRENSCANNER=clamav) are read from the environment.
INSTALLED_APPS += ["rathaus.antraege"]
RATHAUS_ANTRAEGE_MAX_DATEI_BYTES = env_int(
    "RATHAUS_ANTRAEGE_MAX_DATEI_BYTES", 10 * 2**20, minimum=1
)
RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES = env_int(
    "RATHAUS_ANTRAEGE_MAX_ANTRAG_BYTES", 25 * 2**20, minimum=1
)
RATHAUS_ANTRAEGE_MAX_DATEIEN = env_int("RATHAUS_ANTRAEGE_MAX_DATEIEN", 20, minimum=1, maximum=1000)
# Media types an upload field without its own list accepts: some of the four whose content
# rathaus.antraege.dateien can check (antraege.conf.STANDARD_MEDIENTYPEN).
_medientypen_pruefbar = ("application/pdf", "image/png", "image/jpeg", "image/tiff")
RATHAUS_ANTRAEGE_MEDIENTYPEN = tuple(
    typ.lower() for typ in env_list("RATHAUS_ANTRAEGE_MEDIENTYPEN", ",".join(_medientypen_pruefbar))
)
if not RATHAUS_ANTRAEGE_MEDIENTYPEN or not set(RATHAUS_ANTRAEGE_MEDIENTYPEN) <= set(
    _medientypen_pruefbar
):
    raise ImproperlyConfigured(
        f"RATHAUS_ANTRAEGE_MEDIENTYPEN={env('RATHAUS_ANTRAEGE_MEDIENTYPEN')!r}: expected one or "
        f"more of {', '.join(_medientypen_pruefbar)}, separated by commas"
    )
RATHAUS_ANTRAEGE_VIRENSCANNER = env("RATHAUS_ANTRAEGE_VIRENSCANNER", "")
RATHAUS_CLAMD_ADRESSE = env("RATHAUS_CLAMD_ADRESSE", "unix:/run/clamav/clamd.ctl")
RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN = env_float(
    "RATHAUS_ANTRAEGE_OUTBOX_BACKOFF_SEKUNDEN", 30.0, minimum=0, maximum=6 * 3600
)
RATHAUS_ANTRAEGE_OUTBOX_WARNUNG_AB = env_int(
    "RATHAUS_ANTRAEGE_OUTBOX_WARNUNG_AB", 8, minimum=1, maximum=1000
)
RATHAUS_ANTRAEGE_OUTBOX_SWEEP_SEKUNDEN = env_int(
    "RATHAUS_ANTRAEGE_OUTBOX_SWEEP_SEKUNDEN", 60, minimum=1, maximum=24 * 3600
)
# After this many failed attempts a row is given up (dead letter): logged as an error,
# shown in the admin and /healthz, tried again only by an administrator's retry.
RATHAUS_ANTRAEGE_OUTBOX_MAX_VERSUCHE = env_int(
    "RATHAUS_ANTRAEGE_OUTBOX_MAX_VERSUCHE", 20, minimum=1, maximum=1000
)

# --- Anti-automation of anonymous actions (formulare, antraege, core.arbeitsnachweis) ---
# "Link senden" (the resume link of a draft by email) per window ("COUNT/SECONDS"): per
# destination address, per client address (IPv6: per /64) and per session.
RATHAUS_ENTWURF_LINK_LIMIT_EMAIL = env_rate("RATHAUS_ENTWURF_LINK_LIMIT_EMAIL", "3/3600")
RATHAUS_ENTWURF_LINK_LIMIT_ADRESSE = env_rate("RATHAUS_ENTWURF_LINK_LIMIT_ADRESSE", "10/3600")
RATHAUS_ENTWURF_LINK_LIMIT_SITZUNG = env_rate("RATHAUS_ENTWURF_LINK_LIMIT_SITZUNG", "5/3600")
# Anonymous submissions of Anträge per client address and per session (logged-in citizens
# and API client systems are not limited here).
RATHAUS_ANTRAEGE_LIMIT_ADRESSE = env_rate("RATHAUS_ANTRAEGE_LIMIT_ADRESSE", "20/3600")
RATHAUS_ANTRAEGE_LIMIT_SITZUNG = env_rate("RATHAUS_ANTRAEGE_LIMIT_SITZUNG", "5/3600")
# Proof of work of an anonymous submission: PBKDF2 iterations per attempt, and the attempts
# the browser has to make (between this and twice this); the defaults take about 0.25 s in
# desktop Chromium. Without JavaScript the form opens this many seconds after the page.
RATHAUS_ARBEITSNACHWEIS_ITERATIONEN = env_int(
    "RATHAUS_ARBEITSNACHWEIS_ITERATIONEN", 5000, minimum=1, maximum=10_000_000
)
RATHAUS_ARBEITSNACHWEIS_VERSUCHE = env_int(
    "RATHAUS_ARBEITSNACHWEIS_VERSUCHE", 150, minimum=1, maximum=1_000_000
)
RATHAUS_ARBEITSNACHWEIS_WARTEZEIT = env_int(
    "RATHAUS_ARBEITSNACHWEIS_WARTEZEIT", 30, minimum=0, maximum=3600
)

# --- Back office: Verfahren (BPMN processes, Aufgaben, Fristen) ---
INSTALLED_APPS += ["rathaus.verfahren"]
# A Bescheid put into the citizen's Postfach counts as notified on the N-th day after it
# was provided (§ 9 Abs. 1 Satz 4 OZG as amended on 24.07.2024: the third day).
RATHAUS_BEKANNTGABE_TAGE = env_int("RATHAUS_BEKANNTGABE_TAGE", 3, maximum=365)
# Answers a citizen may send to Nachforderungen per window ("COUNT/SECONDS").
RATHAUS_VERFAHREN_ANTWORT_LIMIT = env_rate("RATHAUS_VERFAHREN_ANTWORT_LIMIT", "10/600")

# --- E-Akte (akten) ---
RATHAUS_AKTEN_MAX_BYTES = env_int("RATHAUS_AKTEN_MAX_BYTES", 100 * 2**20, minimum=1, maximum=2**40)
RATHAUS_AKTEN_MAX_TEXT_CHARS = env_int("RATHAUS_AKTEN_MAX_TEXT_CHARS", 2_000_000)
# Tesseract's language codes, several joined by "+" (deu+eng); passed to tesseract as -l.
RATHAUS_AKTEN_OCR_LANGUAGE = env("RATHAUS_AKTEN_OCR_LANGUAGE", "deu").strip() or "deu"
if not re.fullmatch(r"[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*", RATHAUS_AKTEN_OCR_LANGUAGE):
    raise ImproperlyConfigured(
        f"RATHAUS_AKTEN_OCR_LANGUAGE={RATHAUS_AKTEN_OCR_LANGUAGE!r}: expected Tesseract "
        "language codes joined by +, e.g. deu or deu+eng"
    )
# Empty: "Stadtarchiv <RATHAUS_KOMMUNE>" (akten.aussonderung.abbildung.archiv).
RATHAUS_ARCHIV_NAME = env("RATHAUS_ARCHIV_NAME").strip()


def loeschfristen_from_env() -> dict[str, int]:
    """RATHAUS_LOESCHFRISTEN: days per deletion rule (akten.loeschfristen) as a JSON object,
    e.g. {"postfach_gelesen": 90}; a rule not named keeps its own period. Unknown rule ids
    are reported by `rathaus check` (akten.E001), where every app's rules are known."""
    wert = env_json("RATHAUS_LOESCHFRISTEN")
    if wert is None:
        return {}
    if not isinstance(wert, dict):
        raise ImproperlyConfigured(
            "RATHAUS_LOESCHFRISTEN: expected a JSON object of rule ids and days, e.g. "
            '{"postfach_gelesen": 90}'
        )
    for regel, tage in wert.items():
        if isinstance(tage, bool) or not isinstance(tage, int) or not 0 <= tage <= 36500:
            raise ImproperlyConfigured(
                f"RATHAUS_LOESCHFRISTEN: {regel!r}: {tage!r} is not a whole number of days "
                "from 0 to 36500"
            )
    return wert


RATHAUS_LOESCHFRISTEN = loeschfristen_from_env()

# --- Reading untrusted files (akten.sandbox) ---
# Every PDF's text and every OCR is read in a process of its own with these limits; a file
# that exceeds one is filed without text and its Volltext names the limit.
RATHAUS_PDF_ZEIT_SEKUNDEN = env_seconds("RATHAUS_PDF_ZEIT_SEKUNDEN", 20.0)
RATHAUS_OCR_ZEIT_SEKUNDEN = env_seconds("RATHAUS_OCR_ZEIT_SEKUNDEN", 600.0)
RATHAUS_PDF_SPEICHER_MB = env_int("RATHAUS_PDF_SPEICHER_MB", 1024, minimum=256, maximum=2**20)

# --- Digitalisierungsbericht (berichte) ---
INSTALLED_APPS += ["rathaus.berichte"]

# --- FIT-Connect (fitconnect) ---
INSTALLED_APPS += ["rathaus.fitconnect"]
# The subscriber (receiver) runs when the destination (Zustellpunkt) id is set.
RATHAUS_FITCONNECT_DESTINATION_ID = env("RATHAUS_FITCONNECT_DESTINATION_ID").strip()
# Private keys as JWK/JWKS files (comma-separated) and/or a JWKS value: up to two active
# decryption keys (RSA-OAEP-256, rotation by kid) and the signing key (alg PS512) of the
# events. Never stored in the database.
RATHAUS_FITCONNECT_SCHLUESSEL_DATEIEN = env_list("RATHAUS_FITCONNECT_SCHLUESSEL_DATEIEN")
RATHAUS_FITCONNECT_SCHLUESSEL_JSON = env("RATHAUS_FITCONNECT_SCHLUESSEL_JSON").strip()
# OAuth2 client credentials of the subscriber and (forwarding) of the sender client.
RATHAUS_FITCONNECT_TOKEN_URL = env(
    "RATHAUS_FITCONNECT_TOKEN_URL", "https://auth-testing.fit-connect.fitko.dev/token"
).strip()
RATHAUS_FITCONNECT_CLIENT_ID = env("RATHAUS_FITCONNECT_CLIENT_ID").strip()
RATHAUS_FITCONNECT_CLIENT_SECRET = env("RATHAUS_FITCONNECT_CLIENT_SECRET").strip()
RATHAUS_FITCONNECT_SENDER_CLIENT_ID = env("RATHAUS_FITCONNECT_SENDER_CLIENT_ID").strip()
RATHAUS_FITCONNECT_SENDER_CLIENT_SECRET = env("RATHAUS_FITCONNECT_SENDER_CLIENT_SECRET").strip()
RATHAUS_FITCONNECT_SUBMISSION_URL = (
    env("RATHAUS_FITCONNECT_SUBMISSION_URL", "https://submission-api-testing.fit-connect.fitko.dev")
    .strip()
    .rstrip("/")
)
RATHAUS_FITCONNECT_ROUTING_URL = (
    env("RATHAUS_FITCONNECT_ROUTING_URL", "https://routing-api-testing.fit-connect.fitko.dev/v1")
    .strip()
    .rstrip("/")
)
# Secret of the callbacks (HMAC-SHA-512), as set on the destination (32–512 characters).
RATHAUS_FITCONNECT_CALLBACK_SECRET = env("RATHAUS_FITCONNECT_CALLBACK_SECRET").strip()
# Polling interval (the fallback beside the callbacks) and the largest part of a submission.
RATHAUS_FITCONNECT_ABRUF_SEKUNDEN = env_int(
    "RATHAUS_FITCONNECT_ABRUF_SEKUNDEN", 300, minimum=10, maximum=86400
)
RATHAUS_FITCONNECT_MAX_ANLAGE_BYTES = env_int(
    "RATHAUS_FITCONNECT_MAX_ANLAGE_BYTES", 10 * 1024 * 1024, minimum=1024
)

# --- Terminvergabe (termine) ---
INSTALLED_APPS += ["rathaus.termine"]
# An online reservation is held this long for the email confirmation (double opt-in); a
# freed slot offered to the waiting list is held for the acceptance window.
RATHAUS_TERMINE_RESERVIERUNG_MINUTEN = env_int(
    "RATHAUS_TERMINE_RESERVIERUNG_MINUTEN", 15, minimum=1, maximum=1440
)
RATHAUS_TERMINE_ANGEBOT_MINUTEN = env_int(
    "RATHAUS_TERMINE_ANGEBOT_MINUTEN", 120, minimum=5, maximum=10080
)
# A cancelled slot returns to the pool only after this cool-down (stops slot trading).
RATHAUS_TERMINE_ABKUEHLUNG_MINUTEN = env_int(
    "RATHAUS_TERMINE_ABKUEHLUNG_MINUTEN", 10, minimum=0, maximum=1440
)
# Anti-hoarding: open appointments per email address (normalised), reservations per email
# address per day, reservations per client address (an IPv6 client by its /64).
RATHAUS_TERMINE_MAX_JE_EMAIL = env_int("RATHAUS_TERMINE_MAX_JE_EMAIL", 2, minimum=1, maximum=100)
RATHAUS_TERMINE_MAX_JE_EMAIL_TAG = env_int(
    "RATHAUS_TERMINE_MAX_JE_EMAIL_TAG", 5, minimum=1, maximum=1000
)
RATHAUS_TERMINE_LIMIT_ADRESSE = env_rate("RATHAUS_TERMINE_LIMIT_ADRESSE", "10/3600")
# How often the periodic run releases unconfirmed reservations, passes freed slots to the
# waiting list and sends the reminders of the next day.
RATHAUS_TERMINE_LAUF_SEKUNDEN = env_int(
    "RATHAUS_TERMINE_LAUF_SEKUNDEN", 300, minimum=10, maximum=86400
)

# --- Gebühren und Bezahlen (zahlungen) ---
INSTALLED_APPS += ["rathaus.zahlungen"]
# Kassenzeichen of each payment in the city's format: {jahr} (4 digits), {jj} (2 digits),
# {nummer} (the year's running number, e.g. {nummer:07d}) and {pruefziffer} (Luhn check
# digit over all digits of the rest); letters, digits, - and _ only, at most 36 characters.
RATHAUS_KASSENZEICHEN_FORMAT = env(
    "RATHAUS_KASSENZEICHEN_FORMAT", "RH{jahr}{nummer:07d}{pruefziffer}"
).strip()
# Payment plugins offered to the citizen, in this order (zahlungen.plugins).
RATHAUS_ZAHLUNG_ANBIETER = env_list("RATHAUS_ZAHLUNG_ANBIETER", "xbezahldienste,girocode")
# The XBezahldienste provider (ePayBL, pmPayment, epay21 …): base URL, tenant ids, auth.
RATHAUS_XBEZAHLDIENSTE_URL = env("RATHAUS_XBEZAHLDIENSTE_URL").strip().rstrip("/")
# The development provider (zahlungen.entwicklung) at /zahlungen/entwicklung/: anyone can
# "pay" there, so on only in a development installation and never beside a real provider.
RATHAUS_DEV_ZAHLUNG = (
    env_bool("RATHAUS_DEV_ZAHLUNG", DEBUG or RATHAUS_DEV_IDP) and not RATHAUS_XBEZAHLDIENSTE_URL
)
RATHAUS_XBEZAHLDIENSTE_ORIGINATOR_ID = env("RATHAUS_XBEZAHLDIENSTE_ORIGINATOR_ID", "rathaus")
RATHAUS_XBEZAHLDIENSTE_ENDPOINT_ID = env("RATHAUS_XBEZAHLDIENSTE_ENDPOINT_ID", "13073088")
for _name, _wert in (
    ("RATHAUS_XBEZAHLDIENSTE_ORIGINATOR_ID", RATHAUS_XBEZAHLDIENSTE_ORIGINATOR_ID),
    ("RATHAUS_XBEZAHLDIENSTE_ENDPOINT_ID", RATHAUS_XBEZAHLDIENSTE_ENDPOINT_ID),
):
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,36}", _wert):
        raise ImproperlyConfigured(f"{_name}={_wert!r}: expected 1 to 36 letters, digits, - or _")
RATHAUS_XBEZAHLDIENSTE_AUTH = env_choice(
    "RATHAUS_XBEZAHLDIENSTE_AUTH", "basic", ("basic", "oauth2", "keine")
)
RATHAUS_XBEZAHLDIENSTE_TOKEN_URL = env("RATHAUS_XBEZAHLDIENSTE_TOKEN_URL").strip()
# HTTP Basic user and password, or the OAuth2 client id and secret; the development
# provider takes a user and password derived from the SECRET_KEY.
RATHAUS_XBEZAHLDIENSTE_BENUTZER = env("RATHAUS_XBEZAHLDIENSTE_BENUTZER") or (
    "rathaus" if RATHAUS_DEV_ZAHLUNG else ""
)
RATHAUS_XBEZAHLDIENSTE_PASSWORT = env("RATHAUS_XBEZAHLDIENSTE_PASSWORT") or (
    hashlib.sha256(f"dev-zahlung:{SECRET_KEY}".encode()).hexdigest() if RATHAUS_DEV_ZAHLUNG else ""
)
RATHAUS_XBEZAHLDIENSTE_TIMEOUT = env_seconds("RATHAUS_XBEZAHLDIENSTE_TIMEOUT", 10.0)
# Shared key of the provider's signed notifications (HMAC-SHA256); empty: endpoint off.
RATHAUS_ZAHLUNG_BENACHRICHTIGUNG_SCHLUESSEL = env(
    "RATHAUS_ZAHLUNG_BENACHRICHTIGUNG_SCHLUESSEL"
) or (
    hashlib.sha256(f"dev-zahlung-hook:{SECRET_KEY}".encode()).hexdigest()
    if RATHAUS_DEV_ZAHLUNG
    else ""
)
# Bank transfer with a GiroCode (EPC QR): the city's account; without an IBAN no GiroCode.
RATHAUS_ZAHLUNG_EMPFAENGER = env("RATHAUS_ZAHLUNG_EMPFAENGER").strip() or (
    f"Stadtkasse {RATHAUS_KOMMUNE}"
)
RATHAUS_ZAHLUNG_IBAN = env("RATHAUS_ZAHLUNG_IBAN").replace(" ", "").upper() or (
    "DE02120300000000202051" if RATHAUS_DEV_ZAHLUNG else ""
)
RATHAUS_ZAHLUNG_BIC = env("RATHAUS_ZAHLUNG_BIC").strip().upper()
# Refunds of this many cents or more need a second member of staff (four eyes).
RATHAUS_ZAHLUNG_VIER_AUGEN_AB_CENT = env_int("RATHAUS_ZAHLUNG_VIER_AUGEN_AB_CENT", 10000)
# The reconciliation asks the provider about open payments every N seconds, and about
# failed or cancelled ones for this many days (a late capture turns them into paid).
RATHAUS_ZAHLUNG_ABGLEICH_SEKUNDEN = env_int(
    "RATHAUS_ZAHLUNG_ABGLEICH_SEKUNDEN", 300, minimum=10, maximum=86400
)
RATHAUS_ZAHLUNG_ABGLEICH_TAGE = env_int("RATHAUS_ZAHLUNG_ABGLEICH_TAGE", 7, minimum=1)
# Directory of the daily accounting export and reconciliation report (CSV per day).
RATHAUS_ZAHLUNG_EXPORT_DIR = Path(env("RATHAUS_ZAHLUNG_EXPORT_DIR", str(DATA_DIR / "zahlungen")))
