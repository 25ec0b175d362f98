"""Who is looking, known before Django signs the request in: for the page cache's early answer.

Answering a cached page before the middleware chain runs needs the viewer without loading their
row. Once the full chain has signed a request in — the session checked against the person's
row, or the API token looked up — the page cache remembers the result under the credential (a
hash of the session key or of the token), with the generations of the tables the check read,
fetched *before* the check:

- a session: the person table; a later request with the same session cookie is that person (or
  anonymous) as long as no person was written since (a deactivated account or a changed
  password moves the table on) and the session still exists with the same signed-in person (a
  sign-out deletes it);
- a token: the person and token tables (a revocation moves them on) and the token's expiry; a
  minute at most, so its last use keeps being recorded by the full chain.

Each process also remembers the identity it last found for a credential (``guess``), so the
page cache can read the viewer's entry along with the credential's check, in one round trip;
the guess is only ever used once the check confirmed it.

Anything unknown, out of date or unusual (a flash message waiting, a malformed credential) means
no early answer: the request takes the full chain, which checks everything itself.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import cache
from django.http import HttpRequest

from sanxin.common.freshness import generations_and

_PREFIX = "sanxin:viewer:"
SESSION_SECONDS = 300
TOKEN_SECONDS = 60
_ATTR = "_sanxin_viewer_glance"
#: The identity this process last found for a credential's pointer (bounded: cleared when full).
_LAST_FOUND: dict[str, str] = {}
_LAST_FOUND_SIZE = 20_000


@dataclass
class Glance:
    """What the early look at a request's credentials found."""

    identity: str | None = None  # "p<id>" or "anon" when known without the full chain
    blocked: bool = False  # never cache this request (a flash message waits, odd credentials)
    pointer: str | None = None  # where the identity is remembered for this credential
    depends: dict[str, int] = field(default_factory=dict)  # generations read before signing in
    session_key: str | None = None
    token: str | None = None


def person_table() -> str:
    return get_user_model()._meta.db_table


def _digest(kind: str, credential: str) -> str:
    return _PREFIX + kind + hashlib.blake2b(credential.encode(), digest_size=20).hexdigest()


def bearer_token(request: HttpRequest) -> str | None:
    """The API token of an ``Authorization: Bearer`` header; "" when the header is malformed."""
    authorization = request.headers.get("Authorization", "")
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _pointer(request: HttpRequest) -> str | None:
    token = bearer_token(request)
    if token is not None:
        return _digest("t", token) if token else None
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    return _digest("s", session_key) if session_key else None


def guess(request: HttpRequest) -> str | None:
    """Who this process last found behind the request's credential ("anon" without one); None
    when it has not seen it. Not a sign-in: ``glance`` decides, this only says what to read
    along with it."""
    pointer = _pointer(request)
    return "anon" if pointer is None else _LAST_FOUND.get(pointer)


def _found(glanced_: Glance) -> Glance:
    if glanced_.identity is not None and glanced_.pointer is not None:
        if len(_LAST_FOUND) >= _LAST_FOUND_SIZE:
            _LAST_FOUND.clear()
        _LAST_FOUND[glanced_.pointer] = glanced_.identity
    return glanced_


def glance(request: HttpRequest) -> Glance:
    """Look at the request's credentials with one read of the shared cache (no query)."""
    token = bearer_token(request)
    if token is not None:
        return _glance_token(token)
    if "messages" in request.COOKIES:
        return Glance(blocked=True)
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return Glance(identity="anon")
    return _glance_session(session_key)


def _glance_token(token: str) -> Glance:
    if not token:
        return Glance(blocked=True)
    tables = (person_table(), "common_apitoken")
    pointer = _digest("t", token)
    depends, found = generations_and(tables, [pointer])
    glanced = Glance(pointer=pointer, depends=depends, token=token)
    remembered = found.get(pointer)
    if remembered is not None:
        identity, known, expires = remembered
        if known == depends and (expires is None or time.time() < expires):
            glanced.identity = identity
    return _found(glanced)


def _glance_session(session_key: str) -> Glance:
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    table = person_table()
    pointer = _digest("s", session_key)
    # Sessions kept in the shared cache (cached_db) are read with the rest in one round trip.
    session_cache = getattr(store, "cache_key_prefix", None) and (
        getattr(settings, "SESSION_CACHE_ALIAS", "default") == "default"
    )
    keys = [pointer] + ([store.cache_key] if session_cache else [])
    depends, found = generations_and((table,), keys)
    data = found.get(store.cache_key) if session_cache else None
    if data is None:
        data = store.load()
    glanced = Glance(pointer=pointer, depends=depends, session_key=session_key)
    if "_messages" in data:
        glanced.blocked = True
        return glanced
    remembered = found.get(pointer)
    if not data or remembered is None:
        return glanced
    identity, known = remembered
    user_id = data.get(SESSION_KEY)
    if known == depends and identity == (f"p{user_id}" if user_id else "anon"):
        glanced.identity = identity
    return _found(glanced)


def glanced(request: HttpRequest) -> Glance | None:
    return getattr(request, _ATTR, None)


def note_glance(request: HttpRequest, glanced_: Glance) -> None:
    setattr(request, _ATTR, glanced_)


def remember(request: HttpRequest, identity: str) -> None:
    """After the full chain signed the request in as ``identity``: remember it for the early
    look, with the generations read before the sign-in (never after: a change committed in
    between then shows as out of date)."""
    seen = glanced(request)
    if seen is None or seen.pointer is None or seen.identity == identity or seen.blocked:
        return
    if seen.token is not None:
        from sanxin.common.models.tokens import ApiToken, hash_token  # noqa: PLC0415

        expires = (
            ApiToken.objects.filter(key_hash=hash_token(seen.token))
            .values_list("expires", flat=True)
            .first()
        )
        value = (identity, seen.depends, None if expires is None else expires.timestamp())
        cache.set(seen.pointer, value, timeout=TOKEN_SECONDS)
        return
    session = getattr(request, "session", None)
    if session is None or session.session_key != seen.session_key or session.modified:
        return
    cache.set(seen.pointer, (identity, seen.depends), timeout=SESSION_SECONDS)
