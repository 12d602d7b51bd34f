"""Settings of the whole deployment: the only module that reads the environment.

Every value comes from an environment variable with a safe default (docs/operations.md lists them).
When DATABASE_URL and friends are not given, `infra/local.py up` writes var/local.env for the
embedded PostgreSQL and Redis; real environment variables always win over that file.

Two profiles: `development` (default; DEBUG on, lenient) and `production` (CLMIS_PROFILE=production;
secure cookies, HSTS, SSL redirect, a SECRET_KEY that must be given), under which
`clmis check --deploy` prints no warning.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from modules.discovery import entry_point_apps

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parents[1]

env = environ.Env()
VAR_DIR = Path(env.str("CLMIS_VAR_DIR", default=str(BASE_DIR / "var")))
if (VAR_DIR / "local.env").exists():
    environ.Env.read_env(VAR_DIR / "local.env", overwrite=False)

PROFILE = env.str("CLMIS_PROFILE", default="development")
if PROFILE not in ("development", "production"):
    raise environ.ImproperlyConfigured(f"CLMIS_PROFILE must be development or production, not {PROFILE!r}")
PRODUCTION = PROFILE == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-never-in-production")

# --- Hosts and tenancy -------------------------------------------------------------------------------

# The hub answers at the base domain; a country at <code>.<base domain> and at its custom domains.
BASE_DOMAIN = env.str("CLMIS_BASE_DOMAIN", default="localhost").lower().rstrip(".")
HUB_HOSTS = [BASE_DOMAIN, *[h.lower() for h in env.list("CLMIS_HUB_HOSTS", default=[])]]
# Host checking is done by tenants.routing against the countries and their domains (an unknown host
# gets a 404 before any view runs), because custom domains are added at run time and cannot be listed
# here.
ALLOWED_HOSTS = ["*"]
# How long a process trusts its memory of which country a host belongs to; changes made by the same
# process are seen at once.
TENANT_ROUTING_TTL = env.int("CLMIS_ROUTING_TTL", default=10)
# The release train (regional_hub.releases): how many countries a rollout may upgrade at a time, and
# how long it waits after closing a country before touching its schema, so that every web process
# has forgotten the country's open route (at most TENANT_ROUTING_TTL seconds old).
RELEASE_MAX_WORKERS = env.int("CLMIS_RELEASE_MAX_WORKERS", default=8)
RELEASE_DRAIN_SECONDS = env.int("CLMIS_RELEASE_DRAIN_SECONDS", default=TENANT_ROUTING_TTL)
# Backups of a country's schema kept after successful upgrades (the newest ones), for rolling back.
RELEASE_BACKUPS_KEPT = env.int("CLMIS_RELEASE_BACKUPS_KEPT", default=1)
# How people reach the sites, for links in e-mails (a request knows it; a mail sent on commit does not).
LINK_SCHEME = env.str("CLMIS_LINK_SCHEME", default="https" if PRODUCTION else "http")
LINK_PORT = env.str("CLMIS_LINK_PORT", default="" if PRODUCTION else "8000")

TENANT_MODEL = "tenants.Country"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# New countries are cloned from this migrated template schema (tenants.template keeps it current).
TENANT_BASE_SCHEMA = "country_template"
# django-tenants would otherwise re-issue SET search_path before every cursor.
TENANT_LIMIT_SET_CALLS = True
# How many schemas `clmis migrate_schemas` migrates at once (django-tenants' multiprocessing executor:
# a forked process and a database connection each); `--workers` overrides it for one run.
CLMIS_MIGRATE_WORKERS = env.int("CLMIS_MIGRATE_WORKERS", default=1)
# The workers take one schema at a time: a migrate takes a second, handing out a task next to nothing,
# and with django-tenants' default of two a run of two schemas would give both to one worker.
TENANT_MULTIPROCESSING_CHUNKS = 1
PUBLIC_SCHEMA_URLCONF = "clmis.urls.hub"
ROOT_URLCONF = "clmis.urls.country"

SHARED_APPS = [
    # tenants precedes django_tenants so that its migrate_schemas (which also keeps the template
    # schema current and skips schemas with nothing to apply) is the one `migrate` runs.
    "tenants",
    "django_tenants",
    # Before allauth and the admin: its templates (the shell around allauth's pages) take precedence.
    "clmis",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "clmis.accounts",
    "clmis.audit",
    # Tasks asked for in a transaction, until the broker has them: the hub's and each country's.
    "clmis.outbox",
    "clmis.records",
    "simple_history",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The hub's own domain, in the public schema only (ARCHITECTURE §8: the hub's tables are shared-only).
    "regional_hub.catalogue",
    "regional_hub.facts",
    "regional_hub.data_requests",
    "regional_hub.releases",
    # Modules the countries submit (the packages of TENANT_APPS' entry points), reviewed at the hub.
    "regional_hub.extensions",
]
# Users, sessions, tokens and MFA live in every country schema too: a login in one country is
# worthless in another (ARCHITECTURE §2).
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "clmis.accounts",
    # The log of exports of records, which are the country's own.
    "clmis.audit",
    # Who sees personal data, erasures and retention rules: the country's own too.
    "clmis.personal_data",
    "clmis.outbox",
    "django.contrib.sessions",
    "django.contrib.admin",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework.authtoken",
    "modules.reference",
    "modules.casework",
    "modules.custom_fields",
    "modules.country_settings",
    "modules.labels",
    "modules.configuration",
    "modules.indicators",
    "modules.news",
    "modules.reports",
    "modules.employers",
    "modules.unions",
    "modules.workplaces",
    "modules.complaints",
    "modules.inspections",
    "modules.accidents",
    "modules.disputes",
    "modules.industrial_actions",
    "modules.monitoring",
    "modules.job_seekers",
    "modules.vacancies",
    "modules.vacancy_surveys",
    "modules.redundancies",
    "modules.matching",
    "modules.migrant_assistance",
    "modules.farm_programme",
    "modules.work_permits",
    # Modules shipped as separate packages (entry-point group clmis.modules), reviewed at the hub.
    *entry_point_apps(),
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

MIDDLEWARE = [
    "clmis.metrics.MetricsMiddleware",
    "clmis.logs.RequestIdMiddleware",
    "clmis.health.HealthMiddleware",
    "tenants.routing.CountryRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clmis.audit.context.ActorMiddleware",
    "clmis.i18n.CountryLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "clmis.accounts.middleware.MFARequiredMiddleware",
    "modules.gate.ModuleGateMiddleware",
]

# --- Database ----------------------------------------------------------------------------------------

if "DATABASE_URL" not in env:
    raise environ.ImproperlyConfigured(
        "DATABASE_URL is not set. Run `python3 infra/local.py up` to start the embedded PostgreSQL, "
        "or set DATABASE_URL=postgres://user@host:5432/clmis (docs/operations.md)."
    )
# django-tenants' backend, with the search_path bookkeeping of tenants.db_backend on top.
DATABASES = {"default": env.db_url("DATABASE_URL", engine="tenants.db_backend")}
if env.bool("DATABASE_POOL", default=False):
    # psycopg's pool hands out connections per request; Django's pool needs CONN_MAX_AGE=0.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN", default=2),
        "max_size": env.int("DATABASE_POOL_MAX", default=10),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A connection is checked before a request uses it (a persistent one, or one taken from the pool), so
# that after PostgreSQL restarts or fails over the next request gets a new connection, not an error.
# Without it the pool handed out its dead connections until each had failed a request
# (tests/security/test_faults.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_clmis")}
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker, tasks ----------------------------------------------------------------------------

CACHE_URL = env.str("CACHE_URL", default="locmem://")
CACHES = {
    "default": {
        "BACKEND": (
            "django.core.cache.backends.locmem.LocMemCache"
            if CACHE_URL.startswith("locmem")
            else "django.core.cache.backends.redis.RedisCache"
        ),
        "LOCATION": "" if CACHE_URL.startswith("locmem") else CACHE_URL,
        # The schema is part of every key: one country never reads another's cache entries.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
    }
}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_TENANT_CACHE_SECONDS = 30
# The worker logs through LOGGING above (JSON, with the country and the task's id), not its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A queue per workload, so a night of computing or a rollout never holds up the e-mail and the outbox
# (docs/scaling.md). A worker started without --queues serves all four; production runs a worker (or
# several) per queue.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue(name) for name in ("default", "computation", "collection", "upgrades")]
CELERY_TASK_ROUTES = {
    "modules.indicators.tasks.indicators_compute_period": {"queue": "computation"},
    "modules.indicators.tasks.indicators_upload_check": {"queue": "computation"},
    "regional_hub.facts.tasks.facts_collect_country": {"queue": "collection"},
    "regional_hub.releases.tasks.release_rollout_work": {"queue": "upgrades"},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# One beat sends the schedule; another one started by mistake waits for the lock (clmis.beat).
CELERY_BEAT_SCHEDULER = "clmis.beat:SingleBeatScheduler"
CELERY_BEAT_SCHEDULE = {
    # Tasks asked for while the broker was away, waiting in the outboxes of the hub and the countries.
    "outboxes-drain": {
        "task": "clmis.outbox.tasks.outboxes_drain",
        "schedule": 60,
    },
    # Expired sessions pile up in the django_session table of every schema.
    "sessions-clear-expired": {
        "task": "clmis.tasks.sessions_clear_expired_everywhere",
        "schedule": 24 * 3600,
    },
    # Job seekers' registrations not renewed in time lapse (modules.job_seekers), in every country.
    "job-seekers-daily": {
        "task": "modules.job_seekers.tasks.job_seekers_daily_everywhere",
        "schedule": 24 * 3600,
    },
    # The indicators computed from the case records, for the last complete year, quarter and month.
    "indicators-daily": {
        "task": "modules.indicators.tasks.indicators_compute_everywhere",
        "schedule": 24 * 3600,
    },
    # Large files of indicator values whose check the broker took and then lost (the outbox covers
    # a broker away when it was sent).
    "indicators-uploads-resend": {
        "task": "modules.indicators.tasks.indicators_uploads_resend_everywhere",
        "schedule": 15 * 60,
    },
    # The hub's reconciliation: a full collection of every country repairs anything missed.
    "facts-reconcile-daily": {
        "task": "regional_hub.facts.tasks.facts_reconcile_everywhere",
        "schedule": 24 * 3600,
    },
    # Rollouts of a release: countries whose window opened, and upgrades whose worker died.
    "release-rollouts-resume": {
        "task": "regional_hub.releases.tasks.release_rollouts_resume",
        "schedule": 5 * 60,
    },
    # Personal data of cases closed longer ago than the country keeps it is erased (clmis.personal_data).
    "personal-data-retention-daily": {
        "task": "clmis.personal_data.tasks.personal_data_retention_everywhere",
        "schedule": 24 * 3600,
    },
    # Reminders of the hub's data requests due in a week, tomorrow, or overdue.
    "data-requests-remind-daily": {
        "task": "regional_hub.data_requests.tasks.data_requests_remind_today",
        "schedule": 24 * 3600,
    },
}

# --- Accounts, sign-in, MFA --------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "clmis.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "clmis.accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
# Failed sign-ins: per address, and per account (the "key"): after 5 failures an account is locked
# for 15 minutes, whoever tries. The counters live in the cache, so production needs the shared one.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_FAILED_RATE_LIMIT", default="20/m/ip,5/15m/key"),
}
# Sensitive actions (exports of records, roles, passwords, API tokens) ask for the password again when
# it was last given longer ago than this.
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.int("REAUTHENTICATION_SECONDS", default=300)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="CLMIS")

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Host-only cookies: never a parent domain, so kn.<base> cookies are never sent to lc.<base>.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
LANGUAGE_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- API ---------------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    # Token first, so an unauthenticated request gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "clmis.accounts.permissions.MFASatisfied",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "clmis.api.parsers.JSONParser",
        "clmis.api.parsers.FormParser",
        "clmis.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "clmis.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "clmis.api.filters.RecordFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "clmis.api.schema.DocumentedErrorsSchema",
    "EXCEPTION_HANDLER": "clmis.api.errors.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CLMIS API",
    "DESCRIPTION": "Labour Market Information System. One API per host: the hub, or one country.",
    "VERSION": "v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Every module records sex with the same codes: one enum in the API description, not one per field.
    "ENUM_NAME_OVERRIDES": {
        "SexEnum": "modules.reference.choices.Sex",
        "CurrencyEnum": "modules.reference.choices.Currency",
    },
}

# --- Languages ---------------------------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Templates, static and uploaded files ------------------------------------------------------------

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "clmis.shell.context",
            ],
        },
    }
]
STATIC_URL = "/static/"
# The user guides (docs/guide/<language>/<guide>.md) are the Help menu's pages (clmis.help); their
# screenshots are static files under guide/.
GUIDE_DIR = BASE_DIR / "docs" / "guide"
STATICFILES_DIRS = [("guide", GUIDE_DIR)]
# collectstatic's destination, served by whitenoise in production; development serves from the apps.
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static") if PRODUCTION else "") or None
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Where nginx serves MEDIA_ROOT to the application only (an `internal` location): a download the
# application allowed is then sent by nginx (X-Accel-Redirect) instead of through a web worker. Empty:
# the worker sends the file itself (development, or no nginx in front).
MEDIA_ACCEL_REDIRECT = env.str("CLMIS_MEDIA_ACCEL_REDIRECT", default="")
# Largest file that can be attached to a case.
CASE_DOCUMENT_MAX_BYTES = env.int("CASE_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# In development whitenoise serves straight from the apps' static folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WSGI_APPLICATION = "clmis.wsgi.application"

# --- Mail --------------------------------------------------------------------------------------------

_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT")
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"CLMIS <no-reply@{BASE_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ----------------------------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only this site's own scripts, styles, fonts and images, and no
# inline script or style at all (a country's colours are a stylesheet of their own, Swagger UI starts
# from a file), so an injected <script> or style never runs. data: images are Swagger UI's icons.
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
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    # Countries may bring their own domains, which are not subdomains of the base domain.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# --- Logging -----------------------------------------------------------------------------------------

# Prometheus metrics at /metrics/ for a scraper sending this as a bearer token; off when empty.
CLMIS_METRICS_TOKEN = env.str("CLMIS_METRICS_TOKEN", default="")

# Error reports (optional, clmis.error_reports): set SENTRY_DSN to send them.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from clmis import RELEASE
    from clmis.error_reports import error_reports_start

    error_reports_start(
        dsn=SENTRY_DSN,
        environment=PROFILE,
        release=RELEASE,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# JSON lines in production (LOG_FORMAT=json), readable lines otherwise; every line with its country and
# request or task id (clmis.logs).
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "clmis.logs.ContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(country)s %(request_id)s] %(message)s"},
        "json": {"()": "clmis.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django_tenants": {"level": "WARNING"}},
}
