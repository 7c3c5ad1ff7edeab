"""One settings file, read from the environment. Malformed values raise."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """An environment variable; set-but-empty counts as unset."""
    value = os.environ.get(name, "")
    return value if value.strip() else default


def env_bool(name: str, default: bool) -> bool:
    raw = env(name)
    if not raw:
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = env(name)
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_url(name: str, schemes: set[str]) -> str:
    raw = env(name)
    if raw and urlparse(raw).scheme not in schemes:
        raise ImproperlyConfigured(f"{name} must be a {' or '.join(sorted(schemes))} URL, not {raw!r}")
    return raw


DEBUG = env_bool("DEBUG", False)
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
# Keys anyone can read: the development fallback above and placeholders copied from examples.
KNOWN_SECRET_KEYS = {DEV_SECRET_KEY, "...", "changeme", "change-me", "secret", "secret-key", "your-secret-key"}
MAKE_A_SECRET_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def weak_secret_key(key: str) -> str:
    """Why ``key`` must not sign production sessions and tokens, or "" when it may."""
    if key in KNOWN_SECRET_KEYS or key.strip().lower() in KNOWN_SECRET_KEYS:
        return "is a published default or example"
    if key.startswith("django-insecure-"):
        return "is a development key (it starts with 'django-insecure-')"
    if len(key) < 50:
        return f"is {len(key)} characters long; at least 50 are needed"
    if len(set(key)) < 5:
        return "has fewer than 5 different characters"
    return ""


SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off (make run sets DEBUG=true for you)")
    SECRET_KEY = DEV_SECRET_KEY
elif not DEBUG and (problem := weak_secret_key(SECRET_KEY)):
    raise ImproperlyConfigured(f"SECRET_KEY {problem}. Make a random one with: {MAKE_A_SECRET_KEY}")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "auditlog",
    "ninja",  # the API docs page serves its Swagger UI from static files, not a CDN
    "factcheck.apps.FactcheckConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

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
            ],
        },
    },
]

_database_url = env_url("DATABASE_URL", {"postgres", "postgresql", "sqlite"})
if _database_url:
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool("PG_JIT", False):
        # PostgreSQL's JIT compiles the plans of the track-record aggregates: at 200k claims
        # 2.3 s of compiling for a 50 ms scan (the line under a finding: 1,098 -> 319 ms p50).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                # WAL with synchronous=NORMAL is durable across crashes of the app (a power cut may lose
                # the last commits, never corrupt the file); a larger page cache than the 2 MB default
                # keeps a growing database's indexes in memory (10k real articles: 68 -> 76 articles/s).
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                f"PRAGMA cache_size=-{env_int('SQLITE_CACHE_MB', 64, minimum=2) * 1024};",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "review-queue"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes), on /login/ and /admin/login/ alike: after
# LOGIN_FAILURE_LIMIT failures an account is locked, and so, separately, is the address
# they came from, for LOGIN_LOCKOUT_MINUTES after the last try; an admin unlocks sooner by
# deleting the access attempts in admin. Attempts are kept in the database (works with
# Redis down). Behind TRUSTED_PROXY_COUNT proxies the address is read from X-Forwarded-For.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_CALLABLE = "factcheck.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "factcheck.accounts.client_ip"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_VERBOSE = False  # no start-up banner on every manage.py command; lockouts are still logged

# Admin edits kept with who, when and before -> after (django-auditlog). Fields that
# machinery rewrites on its own (fetch times, "being reviewed by") would only add noise.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "factcheck.Source", "exclude_fields": ["last_fetched_at", "last_fetch_error"]},
    "factcheck.Speaker",
    {"model": "factcheck.Claim", "exclude_fields": ["opened_by", "opened_until"]},
    "factcheck.Figure",
    "factcheck.PlaceAlias",
    # Who followed and unfollowed what, and who changed a webhook (its secret masked).
    "factcheck.Follow",
    {"model": "factcheck.Webhook", "mask_fields": ["secret"]},
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security: on by default when DEBUG is off; each can be turned off behind a TLS proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Ingestion limits.
MAX_ARTICLE_BYTES = env_int("MAX_ARTICLE_BYTES", 2_000_000, minimum=1)
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 50_000_000, minimum=1)
# Articles stored together by the JSONL command, feeds and the API: one transaction, a few
# queries and one incremental cross-check per batch (factcheck/ingest_batch.py). A story's
# figures are compared once per batch: 500 real articles a batch ingest at 129 articles/s
# on SQLite against 90 for 100 (tests/bench/bench_ingest.py), in a transaction of about 2 s.
INGEST_BATCH_SIZE = env_int("INGEST_BATCH_SIZE", 500, minimum=1)
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5_000_000, minimum=1)
FETCH_TIMEOUT_SECONDS = env_int("FETCH_TIMEOUT_SECONDS", 15, minimum=1)
# An admin's background job (add by URL, fetch a feed now) still running after this long lost its worker.
BACKGROUND_JOB_STALL_SECONDS = env_int("BACKGROUND_JOB_STALL_SECONDS", 3600, minimum=60)
FETCH_ALLOW_PRIVATE = env_bool("FETCH_ALLOW_PRIVATE", False)
FETCH_USER_AGENT = env("FETCH_USER_AGENT", "factcheck-workbench/1.0 (+newsroom verification desk)")
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES

# The JSON API (factcheck/api): requests per token (or per signed-in user) per period, as
# "N/s", "N/min", "N/hour" or "N/day"; a batch POST /api/articles holds at most API_MAX_BATCH
# articles; list endpoints answer API_PAGE_SIZE rows unless asked for fewer (or up to 200).
API_THROTTLE_RATE = env("API_THROTTLE_RATE", "600/min")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", API_THROTTLE_RATE):
    raise ImproperlyConfigured(f"API_THROTTLE_RATE must look like 600/min, not {API_THROTTLE_RATE!r}")
# Refused Bearer tokens (unknown, revoked) per client address, in the same form: past it the
# address gets 429 with Retry-After, whatever token it sends, until the period is over.
API_FAILED_TOKEN_RATE = env("API_FAILED_TOKEN_RATE", "20/min")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|m|min|h|hour|d|day)", API_FAILED_TOKEN_RATE):
    raise ImproperlyConfigured(f"API_FAILED_TOKEN_RATE must look like 20/min, not {API_FAILED_TOKEN_RATE!r}")
API_MAX_BATCH = env_int("API_MAX_BATCH", 500, minimum=1)
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50, minimum=1)

# Alerts (factcheck/alerts): the daily digest of new conflicts by email, and webhooks.
# Links in digests and webhook payloads are absolute, from SITE_URL (by default the first
# of ALLOWED_HOSTS over https, or the development server).
_first_host = next((h.lstrip(".") for h in ALLOWED_HOSTS if h not in ("*", "")), "localhost")
SITE_URL = env_url("SITE_URL", {"http", "https"}).rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else f"https://{_first_host}"
)
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "test-output" / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "factcheck@localhost")
# The digest covers the day (in TIME_ZONE) before it is sent; beat sends it at this hour.
DIGEST_HOUR = env_int("DIGEST_HOUR", 6)
if DIGEST_HOUR > 23:
    raise ImproperlyConfigured(f"DIGEST_HOUR must be 0 to 23, not {DIGEST_HOUR}")
# Webhook deliveries are fetched under the feeds' address rules (FETCH_ALLOW_PRIVATE) within
# WEBHOOK_TIMEOUT_SECONDS; a failed one is retried after WEBHOOK_RETRY_SECONDS, doubling each
# time, until WEBHOOK_MAX_ATTEMPTS attempts were made.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6, minimum=1)
WEBHOOK_RETRY_SECONDS = env_int("WEBHOOK_RETRY_SECONDS", 30, minimum=0)

# Review: how long a "being reviewed by X" marker lasts.
REVIEW_LOCK_SECONDS = env_int("REVIEW_LOCK_SECONDS", 300, minimum=10)

# Background work. Without REDIS_URL, tasks run in-process (make run needs no Redis).
REDIS_URL = env_url("REDIS_URL", {"redis", "rediss"})
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "factcheck")
# A task taken by a worker that vanished (kill -9, OOM) goes back to the queue after this long,
# not Redis's default hour; it must outlast the longest task. Cross-check chunks need not wait:
# the watchdog queues them again after half of CROSSCHECK_STALL_SECONDS without progress.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 900, minimum=60)}
CROSSCHECK_CHUNKS = env_int("CROSSCHECK_CHUNKS", 8, minimum=1)
CROSSCHECK_DAYS = env_int("CROSSCHECK_DAYS", 30)
CROSSCHECK_LOCK_SECONDS = env_int("CROSSCHECK_LOCK_SECONDS", 3600, minimum=10)
# A running cross-check whose chunks show no progress for this long is abandoned (which lets
# the next run start); after half of it, its unfinished chunks are queued again.
CROSSCHECK_STALL_SECONDS = env_int("CROSSCHECK_STALL_SECONDS", 300, minimum=2)
# Stories: an arriving article may join a story that received an article within this many
# days; the nightly re-clustering reworks the stories of articles received in the last
# STORY_RECLUSTER_DAYS, in STORY_CHUNKS chunks spread over the workers.
STORY_WINDOW_DAYS = env_int("STORY_WINDOW_DAYS", 3, minimum=1)
STORY_RECLUSTER_DAYS = env_int("STORY_RECLUSTER_DAYS", 7, minimum=1)
STORY_CHUNKS = env_int("STORY_CHUNKS", 8, minimum=1)

# With Redis down the cache answers a miss and drops writes (factcheck.cache): every page is
# then answered from the database, and nothing committed is answered with a 500.
CACHES = (
    {
        "default": {
            "BACKEND": "factcheck.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 3},
        }
    }
    if REDIS_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # In-process (eager) tasks would log every success; workers log their own.
    "loggers": {"celery.app.trace": {"level": "WARNING" if not REDIS_URL else env("LOG_LEVEL", "INFO")}},
}
