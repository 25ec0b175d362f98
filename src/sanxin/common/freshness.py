"""The data generation: one number in the shared cache that every change to the data moves on.

Cached pages (``sanxin.common.page_cache``) are stored under the generation they were drawn
from, so a change anywhere makes every older page unreachable at once — no page has to know
which rows it showed. The number moves on

- after the commit of any save or delete of a model of the platform's own apps (signals), and
  of a membership change of a many-to-many relation;
- after every request that is not a read (POST, PUT, PATCH, DELETE), whatever it changed —
  this also covers ``QuerySet.update()`` and ``bulk_create()``, which send no signals;
- after every background task (Celery's ``task_postrun``) and every ``sanxin`` command.

If the number is ever lost from the cache, it restarts from the clock in microseconds, which
is larger than any number handed out before, so a lost counter never brings old pages back.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "sanxin:data-generation"

#: Apps whose writes are bookkeeping, not data a page shows.
QUIET_APPS = frozenset({"sessions", "axes", "admin", "contenttypes", "migrations"})


def enabled() -> bool:
    return getattr(settings, "SANXIN_PAGE_CACHE_SECONDS", 0) > 0


def _restart_value() -> int:
    return time.time_ns() // 1000


def data_generation() -> int:
    """The current generation (starting it when the cache holds none)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _restart_value(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return int(value)


def bump_generation() -> None:
    """Move the generation on: every page cached so far is out of date."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # lost or never set: restart above anything handed out before
        cache.add(GENERATION_KEY, _restart_value(), timeout=None)


def data_changed() -> None:
    """Move the generation on once the current transaction commits (at once outside one)."""
    if enabled():
        transaction.on_commit(bump_generation)


def on_model_change(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed (connected in CommonConfig.ready)."""
    if kwargs.get("raw"):  # loading fixtures
        return
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return
    if sender._meta.app_label in QUIET_APPS:
        return
    data_changed()


def on_task_done(**kwargs) -> None:
    """Receiver of Celery's task_postrun: a task may have written without signals."""
    if enabled():
        bump_generation()
