"""Reads of the shared cache gathered into one round trip.

Answering a cached page takes several reads that depend on each other: who the credential
belongs to, then that person's entry for the URL, then the generations of the tables the entry
read, then the late fragments' values. Each is a round trip to Redis — on a busy two-core
server, a context switch there and back and a wait for the CPU each time. Most of the keys can
be foreseen (this process saw the same credential and the same kind of page before), so
``wanting`` them adds them to the next read that must go to the cache anyway, and the reads
after it are answered from what came back.

A value read ahead is as old as that first read: at most a few milliseconds, and the same as
if the request had arrived that much earlier. Code that must see writes made in the request
itself does not read inside ``read_ahead``.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.cache import cache

_ABSENT = object()


class ReadAhead:
    """Keys wanted with the next read, and what every read inside the block brought back."""

    def __init__(self) -> None:
        self.found: dict[str, object] = {}
        self.wanted: dict[str, None] = {}  # ordered, no duplicates

    def want(self, keys: Iterable[str]) -> None:
        """Read these keys with the next read that goes to the cache."""
        for key in keys:
            if key not in self.found:
                self.wanted[key] = None

    def known(self, key: str, default=None):
        """What the key held when it was read (``default`` when absent or not read)."""
        value = self.found.get(key, _ABSENT)
        return default if value is _ABSENT else value

    def get_many(self, keys: list[str]) -> dict:
        """The keys found: those read before from what came back, the rest (and every wanted
        key) in one read."""
        ask = [key for key in keys if key not in self.found]
        if ask:
            extra = [key for key in self.wanted if key not in self.found and key not in ask]
            self.wanted.clear()
            asked = [*ask, *extra]
            got = cache.get_many(asked)
            for key in asked:
                self.found[key] = got.get(key, _ABSENT)
        return {key: self.found[key] for key in keys if self.found[key] is not _ABSENT}


_current: contextvars.ContextVar[ReadAhead | None] = contextvars.ContextVar(
    "sanxin_read_ahead", default=None
)


@contextmanager
def read_ahead() -> Iterator[ReadAhead]:
    """Within the block, ``get_many`` reads wanted keys along and answers keys read before."""
    ahead = ReadAhead()
    token = _current.set(ahead)
    try:
        yield ahead
    finally:
        _current.reset(token)


def get_many(keys: list[str]) -> dict:
    """``cache.get_many(keys)``, through the read-ahead of the current block if there is one."""
    ahead = _current.get()
    if ahead is None:
        return cache.get_many(keys)
    return ahead.get_many(list(keys))
