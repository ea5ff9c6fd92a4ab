"""Django settings for Partnerskap: one base, overridden only through the environment.

Every variable read here is listed, with its default, in README.md ("Configuration"); a test
fails when one is missing there.
"""

from __future__ import annotations

import re
from pathlib import Path

import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from partnerskap.accounts.proxies import parse_networks
from partnerskap.config.env import Env

django_stubs_ext.monkeypatch()

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent  # src/partnerskap
PROJECT_DIR = BASE_DIR.parent.parent  # the checkout
VAR_DIR = Path(env.string("PARTNERSKAP_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env.boolean("DEBUG", default=False)
_LOCAL_SECRET = "insecure-local-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.string(
    "SECRET_KEY",
    _LOCAL_SECRET if DEBUG else None,
    hint="Generate one with `partnerskap generate-secret-key`, or set DEBUG=true for local work.",
)
ALLOWED_HOSTS = env.strings("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.strings("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "partnerskap.core.admin_apps.PartnerskapAdminConfig",  # the admin, for operators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "partnerskap.core",
    "partnerskap.agreements",
    "partnerskap.people",
    "partnerskap.meetings",
    "partnerskap.followup",
    "partnerskap.committees",
    "partnerskap.finance",
    "partnerskap.reports",
    "partnerskap.documents",
    "partnerskap.archive",
    "partnerskap.api",
    "partnerskap.oparl",
    "partnerskap.search",
    "partnerskap.feeds",
    "partnerskap.backoffice",
    "partnerskap.portal",
    "partnerskap.privacy",
    "partnerskap.subscriptions",
    "partnerskap.reminders",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "partnerskap.accounts",
    "partnerskap.demo",
    "partnerskap.backup",  # `partnerskap backup` and `restore` (docs/operations.md)
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "partnerskap.core.logformat.RequestLogMiddleware",
    # Right after the timing and request-log wrappers, so that they see every response:
    # whitenoise's static files, error pages, and the cookies the session and CSRF middleware
    # set on the way out (core/middleware.py).
    "partnerskap.core.middleware.CachePolicyMiddleware",
    "partnerskap.core.middleware.ContentSecurityPolicyMiddleware",
    "partnerskap.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session and CSRF middleware (it sees the cookies they set) and inside
    # whitenoise (static files are not its business): core/page_cache.py.
    "partnerskap.core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "partnerskap.accounts.middleware.TwoFactorMiddleware",  # the second factor, for every view
    "axes.middleware.AxesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "partnerskap.config.urls"
WSGI_APPLICATION = "partnerskap.config.wsgi.application"

#: Inputs, textareas and selects are written in Python, byte for byte as Django's templates
#: write them (core/forms_renderer.py); the rest goes through the templates.
FORM_RENDERER = "partnerskap.core.forms_renderer.FastWidgetRenderer"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # ``{% url %}`` with its answers remembered (core/templatetags/urls.py).
            "builtins": ["partnerskap.core.templatetags.urls"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": env.database(
        "DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'partnerskap.sqlite3'}",
        sqlite_timeout=env.integer("SQLITE_BUSY_TIMEOUT", default=20, minimum=1),
    ),
}
# django-prometheus's wrappers of the same backends count and time every query (metrics).
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends."
)

# The shared cache: rendered public pages (core/page_cache.py) and the year figures. Redis in
# production; a directory under var/ by default, shared by every process on this machine.
CACHES = {"default": env.cache("CACHE_URL", default=f"file://{VAR_DIR / 'cache'}")}
#: Seconds a rendered anonymous page is kept (its key changes with every write and at
#: midnight anyway); 0 turns the page cache off.
PARTNERSKAP_PAGE_CACHE_SECONDS = env.integer(
    "PARTNERSKAP_PAGE_CACHE_SECONDS", default=600, minimum=0
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", default=8 * 60 * 60, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # lockout after repeated failed logins
    "django.contrib.auth.backends.ModelBackend",
    "partnerskap.accounts.oidc.PersonBackend",  # single sign-on; inert unless configured
]
LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Lockout (accounts/lockout.py): per user name wherever the attempts come from, and per real
# client address (behind PARTNERSKAP_TRUSTED_PROXIES) at a higher limit, so one locked user
# name never locks out colleagues behind the same proxy.
PARTNERSKAP_TRUSTED_PROXIES = env.strings("PARTNERSKAP_TRUSTED_PROXIES", default=[])
parse_networks("PARTNERSKAP_TRUSTED_PROXIES", PARTNERSKAP_TRUSTED_PROXIES)  # fail fast
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_IP_FAILURE_LIMIT = env.integer("AXES_IP_FAILURE_LIMIT", default=50, minimum=1)
AXES_COOLOFF_TIME = env.integer("AXES_COOLOFF_MINUTES", default=15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # this order: lockout.LockoutHandler
AXES_HANDLER = "partnerskap.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "partnerskap.accounts.proxies.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "backoffice/locked_out.html"
AXES_VERBOSE = False

# Two-factor sign-in (accounts/twofactor.py): TOTP devices and recovery codes (django-otp).
OTP_TOTP_ISSUER = "Partnerskap"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Single sign-on by OpenID Connect (accounts/oidc.py), off while OIDC_RP_CLIENT_ID is empty.
OIDC_RP_CLIENT_ID = env.string("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env.string("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = env.string("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.string("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env.string("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env.string("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env.string("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env.choice(
    "OIDC_RP_SIGN_ALGO", "RS256", choices={"RS256", "RS384", "RS512", "ES256", "ES384", "HS256"}
)
OIDC_RP_SCOPES = env.string("OIDC_RP_SCOPES", "openid email profile")
OIDC_PROVIDER_NAME = env.string("OIDC_PROVIDER_NAME", "")
OIDC_MFA_AMR_VALUES = env.strings("OIDC_MFA_AMR_VALUES", default=["mfa"])
OIDC_MFA_ACR_VALUES = env.strings("OIDC_MFA_ACR_VALUES", default=[])
OIDC_TIMEOUT = 10
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_CREATE_USER = False

LANGUAGE_CODE = env.choice("LANGUAGE_CODE", "nb", choices={"nb", "nn", "en"})
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.timezone("TIME_ZONE", "Europe/Oslo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Background jobs (core/jobs.py): rows in the database, run by `partnerskap worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
#: A job RUNNING longer than this belongs to a worker that died; it is put back to run again.
PARTNERSKAP_JOB_TIMEOUT = env.integer("PARTNERSKAP_JOB_TIMEOUT", default=15 * 60, minimum=1)

# E-mail links (forfall and substitutes' personal links, subscriptions, the secretariats'
# digest): the site's address as people reach it (scheme, host, any prefix), https in
# production (RFC 8058 one-click unsubscribe links must be https).
PARTNERSKAP_SITE_URL = env.string("PARTNERSKAP_SITE_URL", "http://localhost:8000").rstrip("/")
#: The digest warns of a notice due within this many days (issue 18, point 3).
PARTNERSKAP_DIGEST_NOTICE_DAYS = env.integer("PARTNERSKAP_DIGEST_NOTICE_DAYS", default=7, minimum=0)
#: From this day of the year (MM-DD) the digest warns when fewer meetings than the yearly
#: minimum are planned (A4: the second meeting of the year not yet planned).
PARTNERSKAP_DIGEST_SECOND_MEETING_BY = env.string("PARTNERSKAP_DIGEST_SECOND_MEETING_BY", "06-01")
if not re.fullmatch(
    r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", PARTNERSKAP_DIGEST_SECOND_MEETING_BY
):
    raise ImproperlyConfigured(
        "PARTNERSKAP_DIGEST_SECOND_MEETING_BY must be a day as MM-DD, e.g. 06-01."
    )

# Documents: uploads are stored by content hash outside the web root; PDFs render in a job.
PARTNERSKAP_UPLOAD_MAX_BYTES = env.integer(
    "PARTNERSKAP_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024, minimum=1
)
PARTNERSKAP_FILES_DIR = Path(env.string("PARTNERSKAP_FILES_DIR", str(VAR_DIR / "files")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env.string("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "partnerskap@localhost")
# SMTP (with EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend): STARTTLS on 587 or
# implicit TLS on 465, never both; the password only from the environment.
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", default=587, minimum=1)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = env.boolean("EMAIL_USE_SSL", default=False)
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", default=not EMAIL_USE_SSL)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other; set one.")
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", default=30, minimum=1)

# Logs: human-readable lines by default; LOG_FORMAT=json writes one JSON object per line
# (core/logformat.py) and one access line per request (logger partnerskap.access).
LOG_LEVEL = env.choice(
    "LOG_LEVEL", "INFO", choices={"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
)
LOG_FORMAT = env.choice("LOG_FORMAT", "text", choices={"text", "json"})
_JSON_LOGS = LOG_FORMAT == "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "partnerskap.core.logformat.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if _JSON_LOGS else {}),
        }
    },
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        **(
            {  # Django's own handlers would print plain lines beside the JSON ones
                "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
                "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
            }
            if _JSON_LOGS
            else {"partnerskap.access": {"level": "WARNING"}}
        ),
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# Health checks and metrics (docs/operations.md).
PARTNERSKAP_READYZ_MAX_JOB_AGE = env.integer(
    "PARTNERSKAP_READYZ_MAX_JOB_AGE", default=300, minimum=0
)
PARTNERSKAP_METRICS_TOKEN = env.string("PARTNERSKAP_METRICS_TOKEN", "")
if PARTNERSKAP_METRICS_TOKEN and len(PARTNERSKAP_METRICS_TOKEN) < 32:
    raise ImproperlyConfigured(
        "PARTNERSKAP_METRICS_TOKEN must be at least 32 characters; generate one with "
        "`partnerskap generate-secret-key`."
    )
PARTNERSKAP_METRICS_ALLOWED_IPS = env.networks("PARTNERSKAP_METRICS_ALLOWED_IPS", default=[])
#: prometheus_client reads this variable itself; we read it to fail fast on a missing directory.
PROMETHEUS_MULTIPROC_DIR = env.string("PROMETHEUS_MULTIPROC_DIR", "")
if PROMETHEUS_MULTIPROC_DIR and not Path(PROMETHEUS_MULTIPROC_DIR).is_dir():
    raise ImproperlyConfigured(
        f"PROMETHEUS_MULTIPROC_DIR={PROMETHEUS_MULTIPROC_DIR!r} is not a directory; create it "
        "(empty) before the web server starts."
    )

# Production hardening: on by default, relaxed only when DEBUG is on.
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
#: Probes and scrapers talk plain HTTP to the server itself, behind the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.integer(
    "SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp) on every response: everything from this site, no inline
# script or style anywhere (templates link static files; SVG charts use presentation
# attributes), no plugins, no framing, forms post only here (and to the single sign-on provider,
# added by core.middleware when it is configured). Designsystemet's CSS draws icons with data:
# SVG images. See docs/security.md ("Headers and caching").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF, *env.strings("PARTNERSKAP_CSP_FORM_ACTION", default=[])],
        "report-uri": env.strings("PARTNERSKAP_CSP_REPORT_URI", default=[]) or None,
    },
}
#: Powerful browser features no page here uses, refused for the page and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}
