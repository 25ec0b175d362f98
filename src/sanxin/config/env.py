"""Every setting Sanxin reads from the environment, with its default.

This table is the single source of truth: ``settings.py`` reads it and
``docs/settings.md`` / the README table are checked against it by a test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SANXIN_DATA_DIR", "./var", "Folder for the SQLite database, uploads and compiled files."
    ),
    Setting(
        "DATABASE_URL",
        "sqlite:///$SANXIN_DATA_DIR/sanxin.sqlite3",
        "Database; e.g. postgres://user:pass@127.0.0.1:5432/sanxin in production.",
    ),
    Setting(
        "SANXIN_SECRET_KEY", "(random per data dir)", "Django secret key; required in production."
    ),
    Setting("SANXIN_DEBUG", "false", "Debug pages; never true in production."),
    Setting("SANXIN_ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names served."),
    Setting(
        "SANXIN_CSRF_TRUSTED_ORIGINS",
        "",
        "Comma-separated origins, e.g. https://sanxin.example.org.",
    ),
    Setting("SANXIN_SECURE", "false", "Behind TLS: secure cookies, HSTS and HTTPS redirects."),
    Setting(
        "SANXIN_BROKER_URL",
        "",
        "Celery broker (redis://127.0.0.1:6379/0); empty runs tasks in-process.",
    ),
    Setting(
        "SANXIN_CACHE_URL",
        "",
        "Shared cache (redis://127.0.0.1:6379/1) for sessions and cached pages; empty keeps a "
        "cache per process and caches no pages.",
    ),
    Setting(
        "SANXIN_PAGE_CACHE_SECONDS",
        "300",
        "With SANXIN_CACHE_URL: how long a page drawn for one viewer may be served again "
        "while no data changes (0 turns the page cache off).",
    ),
    Setting("SANXIN_MAIL_BACKEND", "console", "console, smtp or locmem."),
    Setting("SANXIN_MAIL_HOST", "localhost", "SMTP server."),
    Setting("SANXIN_MAIL_PORT", "25", "SMTP port."),
    Setting("SANXIN_MAIL_USER", "", "SMTP user."),
    Setting("SANXIN_MAIL_PASSWORD", "", "SMTP password."),
    Setting("SANXIN_MAIL_TLS", "false", "Use STARTTLS for SMTP."),
    Setting("SANXIN_MAIL_FROM", "Sanxin <noreply@localhost>", "Sender of the platform's mail."),
    Setting(
        "SANXIN_SITE_URL",
        "http://127.0.0.1:8000",
        "Address the platform is reached at; links in mail start with it.",
    ),
    Setting("SANXIN_LANGUAGE", "en", "Default UI language: en, zh-hans or vi."),
    Setting("SANXIN_TIME_ZONE", "Asia/Shanghai", "Time zone for dates shown."),
    Setting(
        "SANXIN_STALE_AFTER_DAYS", "365", "A profile not confirmed for this many days is stale."
    ),
    Setting(
        "SANXIN_SHARED_DATA_DIR",
        "../shared/data",
        "Real GEM/WRI data for imports, tests and benchmarks.",
    ),
    Setting("SANXIN_WORKERS", "2", "Web server worker processes for `sanxin serve`."),
    Setting("SANXIN_THREADS", "4", "Request threads per web server worker process."),
    Setting(
        "SANXIN_MATCHING_EMBEDDINGS",
        "true",
        "Compute multilingual embeddings of profiles, offers and projects for matchmaking.",
    ),
    Setting("SANXIN_MATCHING_THREADS", "2", "CPU threads the embedding model may use."),
    Setting(
        "SANXIN_LOGIN_FAILURE_LIMIT",
        "5",
        "Failed sign-ins for one user name from one address before it is locked out.",
    ),
    Setting("SANXIN_LOG_FORMAT", "plain", "Log lines as plain text or json (one object a line)."),
    Setting("SANXIN_LOGIN_COOLOFF_MINUTES", "15", "How long a sign-in lockout lasts."),
    Setting(
        "SANXIN_TRUSTED_PROXIES",
        "0",
        "Reverse proxies in front (e.g. 1 behind nginx): the client address is then read "
        "from X-Forwarded-For.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The value of a documented setting (environment first, then its default)."""
    setting = _BY_NAME[name]
    return os.environ.get(name, setting.default)


def get_bool(name: str) -> bool:
    return get(name).strip().lower() in {"1", "true", "yes", "on"}


def get_list(name: str) -> list[str]:
    return [part.strip() for part in get(name).split(",") if part.strip()]


def data_dir() -> Path:
    return Path(get("SANXIN_DATA_DIR")).expanduser().resolve()
