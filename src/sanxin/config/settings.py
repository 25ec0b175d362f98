"""Django settings for Sanxin; every value comes from ``sanxin.config.env``."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from sanxin.config import env

BASE_DIR = Path(__file__).resolve().parent.parent  # src/sanxin
DATA_DIR = env.data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)
(DATA_DIR / "static").mkdir(exist_ok=True)


def _secret_key() -> str:
    configured = env.get("SANXIN_SECRET_KEY")
    if configured and not configured.startswith("("):
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env.get_bool("SANXIN_DEBUG")
ALLOWED_HOSTS = env.get_list("SANXIN_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.get_list("SANXIN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "sanxin.common",
    "sanxin.directory",
    "sanxin.projects",
    "sanxin.events",
    "sanxin.appraisals",
    "sanxin.matching",
    "sanxin.chains",
    "sanxin.insights",
]

MIDDLEWARE = [
    # first: answers fresh cached pages of viewers known from their credentials alone, and
    # stores the pages drawn below with the headers of the whole chain (common/page_cache.py)
    "sanxin.common.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # last: the opted-in views' cached pages once the view and the signed-in viewer are known
    "sanxin.common.page_cache.PageCacheViewMiddleware",
]

ROOT_URLCONF = "sanxin.config.urls"
WSGI_APPLICATION = "sanxin.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sanxin.common.context_processors.platform",
                "sanxin.common.page_cache.csrf_placeholder",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'sanxin.sqlite3'}"
_db_url = env.get("DATABASE_URL")
if "$SANXIN_DATA_DIR" in _db_url:
    _db_url = _default_db
DATABASES = {"default": dj_database_url.parse(_db_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "directory.Person"
AUTHENTICATION_BACKENDS = [
    # First: refuses sign-in while a user name + address is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
# Sign-in attempts: after N failures for one user name from one address, that pair is locked
# out for the cool-off time (django-axes; attempts kept in the database).
AXES_FAILURE_LIMIT = int(env.get("SANXIN_LOGIN_FAILURE_LIMIT"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(env.get("SANXIN_LOGIN_COOLOFF_MINUTES")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sanxin.common.views.locked_out"
# Behind N trusted reverse proxies the client address comes from X-Forwarded-For; without
# proxies only the socket address counts (a client could forge the header).
AXES_IPWARE_PROXY_COUNT = int(env.get("SANXIN_TRUSTED_PROXIES")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = env.get("SANXIN_LANGUAGE")
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("vi", _("Vietnamese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.get("SANXIN_TIME_ZONE")

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
SANXIN_LOGO_MAX_BYTES = 2 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Mail
_mail_backends = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_BACKEND = _mail_backends.get(env.get("SANXIN_MAIL_BACKEND"), _mail_backends["console"])
EMAIL_HOST = env.get("SANXIN_MAIL_HOST")
EMAIL_PORT = int(env.get("SANXIN_MAIL_PORT"))
EMAIL_HOST_USER = env.get("SANXIN_MAIL_USER")
EMAIL_HOST_PASSWORD = env.get("SANXIN_MAIL_PASSWORD")
EMAIL_USE_TLS = env.get_bool("SANXIN_MAIL_TLS")
DEFAULT_FROM_EMAIL = env.get("SANXIN_MAIL_FROM")
SITE_URL = env.get("SANXIN_SITE_URL").rstrip("/")

# Matchmaking: embeddings computed after a save (a Celery task; a thread without a broker).
SANXIN_MATCHING_EMBEDDINGS = env.get_bool("SANXIN_MATCHING_EMBEDDINGS")
SANXIN_MATCHING_THREADS = int(env.get("SANXIN_MATCHING_THREADS"))
SANXIN_MATCHING_EMBED_IN_THREAD = True

# Cache: shared (Redis) in production, for sessions and the per-viewer page cache; without
# one, each process keeps its own and no page is cached (processes could not tell each other
# that the data changed).
_cache_url = env.get("SANXIN_CACHE_URL")
if _cache_url:
    CACHES = {
        "default": {
            "BACKEND": "sanxin.common.redis_cache.SanxinRedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "sanxin",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SANXIN_PAGE_CACHE_SECONDS = int(env.get("SANXIN_PAGE_CACHE_SECONDS")) if _cache_url else 0

# Background work: in-process when no broker is configured.
CELERY_BROKER_URL = env.get("SANXIN_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = not env.get("SANXIN_BROKER_URL")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True  # tasks are idempotent: a task lost with its worker runs again
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
#: What `sanxin beat` queues, in the platform's time zone.
CELERY_BEAT_SCHEDULE = {
    "remind-stale-profiles": {
        "task": "sanxin.directory.tasks.remind_stale_profiles_task",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    "remind-follow-ups": {
        "task": "sanxin.projects.tasks.remind_follow_ups_task",
        "schedule": crontab(hour=7, minute=15),
    },
    "expire-meeting-requests": {
        "task": "sanxin.events.tasks.expire_requests_task",
        "schedule": crontab(minute=5),
    },
    "embed-stale-records": {
        "task": "sanxin.matching.tasks.embed_stale_task",
        "schedule": crontab(hour=2, minute=30),
    },
}

# Security
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env.get_bool("SANXIN_SECURE"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Joining the browsers' HSTS preload list cannot be undone quickly; each deployment decides.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SANXIN_STALE_AFTER_DAYS = int(env.get("SANXIN_STALE_AFTER_DAYS"))
SANXIN_SHARED_DATA_DIR = Path(env.get("SANXIN_SHARED_DATA_DIR")).expanduser()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "sanxin.common.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if env.get("SANXIN_LOG_FORMAT") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"sanxin": {"level": "INFO"}},
}
