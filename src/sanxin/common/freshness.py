"""Which tables a page read, and a generation per table that every committed write moves on.

Every database connection of the platform runs its statements through ``watch_statement``:

- a write (``INSERT INTO``, ``UPDATE``, ``DELETE FROM``) notes its table, and once the
  transaction commits (at once outside one) the table's generation in the shared cache moves
  on — whoever wrote: a page, the API, a Celery task, an import, ``QuerySet.update()``,
  ``bulk_create()`` or a management command;
- while a page is being drawn for the cache (``start_reading``), every table a statement reads is
  noted with its generation *before* the statement runs, so a write that commits after the
  read always shows as a newer generation.

A cached page is served only while every table it read still has the generation it was drawn
with (``sanxin.common.page_cache``). One more generation, ``ALL``, is part of every page: it
moves on after every ``sanxin`` command, for writes made outside the platform's connections.

If a generation is lost from the cache, it restarts from the clock in microseconds — larger
than any number handed out before — so a lost counter never brings an old page back.
"""

from __future__ import annotations

import contextvars
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from sanxin.common import read_ahead

ALL = "*"
_PREFIX = "sanxin:gen:"
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)', re.I)
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?', re.I)
#: Tables written on every sign-in or request that no page shows.
QUIET_TABLES = frozenset(
    {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
)
#: Bookkeeping columns no cached page shows: an UPDATE setting only one of them moves nothing
#: (a sign-in elsewhere must not redraw every signed-in page; an API token's last use).
QUIET_COLUMNS = frozenset({("directory_person", "last_login"), ("common_apitoken", "last_used")})
_SET_ONE = re.compile(r'^\s*UPDATE\s+"?(\w+)"?\s+SET\s+"?(\w+)"?\s*=\s*%s\s+WHERE\b', re.I)
_reading: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar(
    "sanxin_reading", default=None
)
#: Generations read ahead with the page's entry (``start_reading(fetched=…)``): noted when read.
_fetched: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar(
    "sanxin_fetched", default=None
)
_narrowed: contextvars.ContextVar[tuple[tuple[str, tuple[str, ...]], ...]] = contextvars.ContextVar(
    "sanxin_narrowed", default=()
)


def enabled() -> bool:
    return getattr(settings, "SANXIN_PAGE_CACHE_SECONDS", 0) > 0


def _restart_value() -> int:
    return time.time_ns() // 1000


def generation_key(name: str) -> str:
    """The shared-cache key of a table's (or a named) generation."""
    return f"{_PREFIX}{name}"


def generations(names: list[str] | tuple[str, ...]) -> dict[str, int]:
    """The current generation of each table (starting those the cache holds none of)."""
    return generations_and(names, ())[0]


def generations_and(names, others) -> tuple[dict[str, int], dict]:
    """``generations(names)`` and the cache entries ``others`` (those found), in one read."""
    keys = {generation_key(name): name for name in names}
    found = read_ahead.get_many([*keys, *others])
    extra = {key: found.pop(key) for key in others if key in found}
    for key in keys.keys() - found.keys():
        cache.add(key, _restart_value(), timeout=None)
        found[key] = cache.get(key)
    return {keys[key]: int(value) for key, value in found.items()}, extra


def bump(names) -> None:
    """Move these tables' generations on: every page that read one of them is out of date."""
    for name in names:
        key = generation_key(name)
        try:
            cache.incr(key)
        except ValueError:  # lost or never set: restart above anything handed out before
            cache.add(key, _restart_value(), timeout=None)


def bump_all() -> None:
    bump([ALL])


def bump_after_commit(names) -> None:
    """Move these generations on once the current transaction commits (at once outside one)."""
    names = sorted(names)
    if enabled() and names:
        transaction.on_commit(lambda: bump(names))


def cached_value(key: str, names: tuple[str, ...], compute, *, timeout: int):
    """``compute()``, kept in the shared cache while none of the generations ``names`` moved.

    For small per-person figures that change more often than the pages around them (the unread
    count); the writers of what it counts move its generation on (``bump_after_commit``). The
    generations are read before computing, so a write committed meanwhile is never missed.
    """
    if not enabled():
        return compute()
    gen_keys = [generation_key(name) for name in names]
    found = read_ahead.get_many([key, *gen_keys])
    stored = found.get(key)
    current = tuple(found.get(k) for k in gen_keys)
    if stored is not None and None not in current and stored[0] == current:
        return stored[1]
    before = generations(names)
    value = compute()
    cache.set(key, (tuple(before[name] for name in names), value), timeout=timeout)
    return value


def generations_among(found: dict) -> dict[str, int]:
    """The generations among cache entries read together (``read_ahead.ReadAhead.found``)."""
    size = len(_PREFIX)
    return {
        key[size:]: value
        for key, value in found.items()
        if key.startswith(_PREFIX) and isinstance(value, int)
    }


def cached_value_keys(key: str, names: tuple[str, ...]) -> list[str]:
    """The shared-cache keys ``cached_value(key, names, …)`` reads (to read them ahead)."""
    return [key, *(generation_key(name) for name in names)]


def start_reading(
    tables: tuple[str, ...], *, fetched: dict[str, int] | None = None
) -> tuple[contextvars.Token, contextvars.Token]:
    """From now on, note the tables read (with their generations) in this context; ``tables``
    were read before (the viewer's own row) and are noted at once, with ``ALL``. ``fetched``:
    generations read just before (with the page's entry), noted as they are once their table
    is read, which spares asking for them then."""
    fetched = fetched or {}
    seen = {name: fetched[name] for name in (ALL, *tables) if name in fetched}
    missing = tuple(name for name in (ALL, *tables) if name not in seen)
    seen.update(generations(missing) if missing else {})
    return _reading.set(seen), _fetched.set(fetched)


def stop_reading(token: tuple[contextvars.Token, contextvars.Token]) -> dict[str, int]:
    """Stop noting; the tables read meanwhile with the generations they had."""
    seen = _reading.get() or {}
    _reading.reset(token[0])
    _fetched.reset(token[1])
    return seen


@contextmanager
def narrowed(table: str, names: tuple[str, ...]) -> Iterator[None]:
    """While reading only some rows of ``table`` whose writers move ``names`` on (e.g. one
    record's audit entries), note those generations instead of the whole table's."""
    token = _narrowed.set((*_narrowed.get(), (table, names)))
    try:
        yield
    finally:
        _narrowed.reset(token)


class _PendingWrites:
    """The tables a connection wrote in its open transaction, bumped once it commits."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.tables: set[str] = set()

    def add(self, table: str) -> None:
        fresh = table not in self.tables
        self.tables.add(table)
        if fresh or not self._scheduled():
            transaction.on_commit(self.flush, using=self.connection.alias)

    def _scheduled(self) -> bool:
        # A callback dropped with a rolled-back savepoint must be scheduled again.
        return any(
            len(entry) > 1 and entry[1] == self.flush
            for entry in getattr(self.connection, "run_on_commit", ())
        )

    def flush(self) -> None:
        tables, self.tables = self.tables, set()
        if tables:
            bump(sorted(tables))


def watch_statement(execute, sql, params, many, context):
    """Execute wrapper of every connection (installed in CommonConfig.ready)."""
    if not enabled() or not isinstance(sql, str):
        return execute(sql, params, many, context)
    seen = _reading.get()
    if seen is not None:
        tables = set(_READ.findall(sql))
        for table, names in _narrowed.get():
            if table in tables:
                tables.discard(table)
                tables.update(names)
        new = {t for t in tables if t not in seen}
        if new:
            fetched = _fetched.get() or {}
            seen.update({t: fetched[t] for t in new if t in fetched})
            rest = sorted(t for t in new if t not in fetched)
            if rest:
                seen.update(generations(rest))
    result = execute(sql, params, many, context)
    write = _WRITE.match(sql)
    if write is not None and write.group(1) not in QUIET_TABLES and not _quiet_update(sql):
        connection = context["connection"]
        pending = getattr(connection, "_sanxin_pending_writes", None)
        if pending is None:
            pending = connection._sanxin_pending_writes = _PendingWrites(connection)
        pending.add(write.group(1))
    return result


def _quiet_update(sql: str) -> bool:
    one = _SET_ONE.match(sql)
    return one is not None and (one.group(1), one.group(2)) in QUIET_COLUMNS


def install(connection, **kwargs) -> None:
    """connection_created receiver: watch every statement of the new connection."""
    if watch_statement not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_statement)
