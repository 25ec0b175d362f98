"""Whole GET responses cached per viewer, for the pages and API lists read most.

A view opts in with ``@cached_per_viewer`` (a page view, or a django-ninja operation). The
response is stored in the shared cache under

    (who is looking, host, language, path and query, HTMX headers)

where *who is looking* is the signed-in person (from the session or an API token) or
"anonymous". Two people never share an entry, so what one may see can never reach another.
With the response the entry keeps every table the view read and that table's generation
(``sanxin.common.freshness``); it is served again only while none of them has been written
since — a meeting request sent does not throw away the directory's pages, a renamed
organization does. Entries also expire within ``SANXIN_PAGE_CACHE_SECONDS`` for what changes
with the clock alone ("3 days ago"), each at its own time (``lifetime``).

Two middlewares share the work. ``PageCacheMiddleware``, first in the chain, answers a fresh
entry at once when the viewer is known from the credentials alone (``page_viewers``: a session
or token the full chain signed in before, with nothing changed since) — no session middleware,
no query, no URL resolving — and stores what the chain drew with the headers the whole chain
gave it. ``PageCacheViewMiddleware``, last, is where the full chain decides: it knows the view
(opted in or not) and the verified viewer, answers an entry the first could not, or notes what
the view reads while it draws the page to be stored.

The CSRF token is not stored: pages are drawn with a placeholder (the ``csrf_placeholder``
context processor) that is replaced by the requesting browser's own token when served (a
browser without a valid CSRF cookie takes the full chain, which hands one out). Parts
that change far more often than the page around them (the unread-notifications badge in the
navigation) are *late fragments*: drawn for the cache as a marker (``late_marker``) and filled
in on every serving by the function registered with ``@late_fragment``. Flash messages
("Your request was sent.") are drawn as a marker too and filled with the request's own, so the
page shown after a form may come from the cache, and the page drawn then is stored without
them; a request with messages waiting is answered by the full chain, which reads them. A
response that sets a cookie, changes the session or is not a plain 200, and every request that
is not a GET pass by the cache.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_from_path

from sanxin.common import read_ahead
from sanxin.common.freshness import (
    enabled,
    generation_key,
    generations,
    generations_among,
    start_reading,
    stop_reading,
)
from sanxin.common.page_viewers import (
    bearer_token,
    glance,
    guess,
    note_glance,
    person_table,
    remember,
)

#: Stands in for the CSRF token in a stored page (64 characters like a real one).
CSRF_PLACEHOLDER = "sanxin-csrf-placeholder-" + "0" * 40
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
_KEY_ATTR = "_sanxin_page_cache_key"
_READING_ATTR = "_sanxin_page_cache_reading"
_IDENTITY_ATTR = "_sanxin_page_cache_identity"
_LOOKUP_ATTR = "_sanxin_page_cache_lookup"
_ENTRY_ATTR = "_sanxin_page_cache_entry"
_HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Trigger", "HX-Trigger-Name", "HX-Boosted")
#: django-ninja operations that opted in, by URL name (ninja names a route after its function).
_API_OPERATIONS: set[str] = set()


_LATE_FRAGMENTS: dict[str, Callable[[int | None, str], str]] = {}
_LATE_READS: list[Callable[[int], list[str]]] = []
_LATE = re.compile(rb"<!--sanxin-late:([a-z-]+):([A-Za-z0-9_-]*)-->")


def late_fragment(name: str, *, reads: Callable[[int], list[str]] | None = None):
    """Register ``render(viewer_id, argument) -> html`` to fill the late fragment ``name``
    (``viewer_id``: the signed-in person's id, None for an anonymous visitor). ``reads(
    viewer_id)``: the shared-cache keys it reads for a signed-in viewer, read along with the
    page's entry."""

    def register(render: Callable[[int | None, str], str]):
        _LATE_FRAGMENTS[name] = render
        if reads is not None:
            _LATE_READS.append(reads)
        return render

    return register


def drawing_for_cache(request: HttpRequest | None) -> bool:
    """Whether this request's page is being drawn to be stored (and served to others later)."""
    return request is not None and getattr(request, _KEY_ATTR, None) is not None


def late_marker(name: str, argument: str = "") -> str:
    """What a late fragment is drawn as in a page for the cache (HTML comment, no content)."""
    return f"<!--sanxin-late:{name}:{argument}-->"


_FLASH_MARKER = "<!--sanxin-flash-messages-->"
_FLASH_BYTES = _FLASH_MARKER.encode()


def flash_messages_marker(request: HttpRequest | None) -> str | None:
    """Where a page drawn for the cache shows the flash messages (None: not drawing for it)."""
    return mark_safe(_FLASH_MARKER) if drawing_for_cache(request) else None  # noqa: S308 - our own fixed comment


def flash_messages_html(request: HttpRequest | None) -> str:
    """The request's flash messages, drawn (and so marked as shown); "" when none wait."""
    from django.contrib.messages import get_messages  # noqa: PLC0415

    if request is None:
        return ""
    waiting = get_messages(request)
    if not waiting:
        return ""
    return render_to_string("common/_messages.html", {"messages": waiting}, request=None)


def cached_per_viewer(view: Callable) -> Callable:
    """Opt a page view or an API operation into the per-viewer response cache."""
    view.sanxin_cached_per_viewer = True  # type: ignore[attr-defined]
    if view.__module__.rsplit(".", 1)[-1].startswith("api"):  # a django-ninja operation
        _API_OPERATIONS.add(view.__name__)
    return view


def _opted_in(request: HttpRequest, view_func: Callable) -> bool:
    if getattr(view_func, "sanxin_cached_per_viewer", False):
        return True
    match = request.resolver_match
    return bool(match and match.namespace == "api" and match.url_name in _API_OPERATIONS)


def _identity(request: HttpRequest) -> str | None:
    """Who is looking, as the full chain signed them in; None when the request's credentials
    are not valid (no caching)."""
    token = bearer_token(request)
    if token is not None:
        if not token:
            return None
        from sanxin.directory.domain.people import person_for_token  # noqa: PLC0415

        person = person_for_token(token)
        return None if person is None else f"p{person.pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"p{user.pk}"
    return "anon"


def _viewer_id(identity: str) -> int | None:
    return int(identity[1:]) if identity.startswith("p") else None


def cache_key(request: HttpRequest, identity: str) -> str:
    """The entry of this request for this viewer: host and scheme, language, path and query,
    HTMX headers. The language is the path's (``/vi/…``) or, for paths without one (the API),
    the browser's choice as sent (Accept-Language and the language cookie)."""
    htmx = "|".join(request.headers.get(h, "") for h in _HTMX_HEADERS)
    language = get_language_from_path(request.path_info) or (
        f"{request.headers.get('Accept-Language', '')}"
        f"|{request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, '')}"
    )
    host = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}"
    raw = f"{identity}|{host}|{language}|{request.get_full_path()}|{htmx}"
    return "sanxin:page:" + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def _personalised(
    body: bytes, content_type: str, request: HttpRequest, viewer_id: int | None
) -> bytes:
    """The stored page for this reader: their CSRF token, their flash messages (none for an
    early answer: a request with messages waiting takes the full chain) and the late
    fragments filled in.

    Only HTML pages carry them (templates escape ``<`` in what users wrote, so a marker in a
    page is always ours); a JSON body is served as stored, whatever its texts say.
    """
    if not content_type.startswith("text/html"):
        return body
    if _PLACEHOLDER_BYTES in body:
        body = body.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
    if _FLASH_BYTES in body:
        body = body.replace(_FLASH_BYTES, flash_messages_html(request).encode())
    if b"<!--sanxin-late:" in body:
        body = _LATE.sub(lambda m: _late(viewer_id, m), body)
    return body


def _late(viewer_id: int | None, marker: re.Match) -> bytes:
    render = _LATE_FRAGMENTS.get(marker.group(1).decode())
    if render is None:
        return marker.group(0)
    return render(viewer_id, marker.group(2).decode()).encode()


def _served(stored, viewer_id: int | None, request: HttpRequest) -> HttpResponse:
    _, headers, body = stored
    content_type = headers.get("Content-Type", "")
    # late fragments speak the page's language (an early answer runs before LocaleMiddleware)
    with translation.override(headers.get("Content-Language") or translation.get_language()):
        body = _personalised(body, content_type, request, viewer_id)
    response = HttpResponse(body, headers=headers)
    response["Content-Length"] = str(len(response.content))
    response["X-Cache"] = "hit"
    return response


def lifetime() -> int:
    """How long a new entry lives at the most: between half of ``SANXIN_PAGE_CACHE_SECONDS``
    and all of it, at random. Pages drawn together (after a restart, every page at once) would
    otherwise expire together and all be drawn again in the same moment, every period."""
    seconds = settings.SANXIN_PAGE_CACHE_SECONDS
    return random.randint(max(1, seconds // 2), seconds)  # noqa: S311 - not for security


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and not (session is not None and session.modified)
    )


def _look_up(key: str) -> tuple[tuple | None, dict[str, int]]:
    """The stored entry (or None) and the current generations of the tables it read."""
    stored = read_ahead.get_many([key]).get(key)
    return stored, (generations(tuple(stored[0])) if stored is not None else {})


#: Per kind of page (``_kind``): the tables' generation keys its entries read, as this process
#: saw them; per entry: the generations of narrowed reads (one record's, one party's), which
#: differ from page to page of a kind.
_KIND_READS: dict[str, dict[str, None]] = {}
_ENTRY_READS: dict[str, tuple[str, ...]] = {}
_KINDS = 2_000
_KIND_KEYS = 64
_ENTRIES = 20_000


def _kind(request: HttpRequest) -> str:
    """Pages of a kind read much the same tables: the path's first part after the language and
    its number of parts (``/vi/o/<slug>/`` → ``o/2``); API paths by their whole path."""
    parts = request.path_info.strip("/").split("/")
    if len(parts) > 1 and get_language_from_path(request.path_info):
        parts = parts[1:]
    if parts[0] == "api":
        return "/".join(parts)
    return f"{parts[0]}/{len(parts)}"


def _learn(request: HttpRequest, key: str, names) -> None:
    """Note the generations an entry read, to read them ahead with it next time. Table names
    have no hyphen; named generations (``narrowed`` reads) do."""
    kind = _kind(request)
    tables = _KIND_READS.get(kind)
    if tables is None:
        if len(_KIND_READS) >= _KINDS:
            _KIND_READS.clear()
        tables = _KIND_READS.setdefault(kind, {})
    named = []
    for name in names:
        if "-" in name:
            named.append(generation_key(name))
        elif len(tables) < _KIND_KEYS:
            tables.setdefault(generation_key(name))
    if named:
        if len(_ENTRY_READS) >= _ENTRIES:
            _ENTRY_READS.clear()
        _ENTRY_READS[key] = tuple(named)
    else:
        _ENTRY_READS.pop(key, None)


def _foreseen(request: HttpRequest, key: str, identity: str) -> list[str]:
    """What answering this request will read after the credential's check: the entry, the
    generations its kind of page read, the late fragments' values (pages, signed in)."""
    keys = [key, *list(_KIND_READS.get(_kind(request), ())), *_ENTRY_READS.get(key, ())]
    viewer_id = _viewer_id(identity)
    if viewer_id is not None and bearer_token(request) is None:
        for reads in _LATE_READS:
            keys.extend(reads(viewer_id))
    return keys


#: Headers of a response that are never stored: set anew for each answer.
_NOT_STORED = frozenset({"x-cache", "content-length", "set-cookie"})


@dataclass
class _Lookup:
    """What the early look found, handed to the full chain when it could not answer."""

    identity: str
    key: str
    stored: tuple | None
    known: dict[str, int]
    fetched: dict[str, int]  # every generation read along (``start_reading(fetched=…)``)


class PageCacheMiddleware:
    """First in MIDDLEWARE: answers a fresh cached page before the rest of the chain runs, when
    the viewer is known from the credentials alone (``page_viewers``), and stores the pages the
    chain drew, with the headers the whole chain gave them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_url = settings.STATIC_URL or "/static/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not enabled()
            or request.method != "GET"
            or request.path_info.startswith(self.static_url)
        ):
            return self.get_response(request)
        with read_ahead.read_ahead() as ahead:
            answer = self._early(request, ahead)
        if answer is not None:
            return answer
        response = self.get_response(request)
        entry = getattr(response, _ENTRY_ATTR, None)
        if entry is not None:
            key, read, body = entry
            headers = {k: v for k, v in response.items() if k.lower() not in _NOT_STORED}
            cache.set(key, (read, headers, body), timeout=lifetime())
            _learn(request, key, read)
        return response

    def _early(self, request: HttpRequest, ahead: read_ahead.ReadAhead) -> HttpResponse | None:
        # The viewer this process last saw with this credential: their entry and what it
        # needs are read along with the credential's check (one round trip when right).
        guessed = guess(request)
        key = cache_key(request, guessed) if guessed is not None else None
        if key is not None:
            ahead.want(_foreseen(request, key, guessed))
        seen = glance(request)
        note_glance(request, seen)
        if seen.identity is None or seen.blocked:
            return None
        if seen.identity != guessed:
            key = cache_key(request, seen.identity)
            ahead.want(_foreseen(request, key, seen.identity))
        stored, known = _look_up(key)
        if stored is not None:
            _learn(request, key, stored[0])
        fetched = generations_among(ahead.found)
        setattr(request, _LOOKUP_ATTR, _Lookup(seen.identity, key, stored, known, fetched))
        if stored is None or known != stored[0]:
            return None
        csrf_secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
        if _PLACEHOLDER_BYTES in stored[2] and not _csrf_secret_valid(csrf_secret):
            return None  # the full chain hands out a new CSRF cookie
        request.META["CSRF_COOKIE"] = csrf_secret
        return _served(stored, _viewer_id(seen.identity), request)


def _csrf_secret_valid(secret: str) -> bool:
    return len(secret) == CSRF_SECRET_LENGTH and all(c in CSRF_ALLOWED_CHARS for c in secret)


class PageCacheViewMiddleware:
    """Last in MIDDLEWARE: for an opted-in view, answers a fresh cached page (the early look could
    not: an unknown session), or notes what the view reads while it draws the page to store.

    Sessions, sign-in, language and HTMX are known here; the outer middleware (CSRF cookie,
    session, security headers) still runs on its answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        finally:
            token = getattr(request, _READING_ATTR, None)
            read = stop_reading(token) if token is not None else None
        key = getattr(request, _KEY_ATTR, None)
        if key is None or read is None:
            return response
        if _storable(request, response):
            setattr(response, _ENTRY_ATTR, (key, read, response.content))
        if not response.streaming:
            response.content = _personalised(
                response.content,
                response.get("Content-Type", ""),
                request,
                _viewer_id(getattr(request, _IDENTITY_ATTR)),
            )
        response["X-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not enabled() or request.method != "GET" or not _opted_in(request, view_func):
            return None
        identity = _identity(request)
        if identity is None:
            return None
        remember(request, identity)
        key = cache_key(request, identity)
        looked = getattr(request, _LOOKUP_ATTR, None)
        if looked is not None and looked.key == key:
            stored, known, fetched = looked.stored, looked.known, looked.fetched
        else:
            stored, known = _look_up(key)
            fetched = known
        if stored is not None and known == stored[0]:
            return _served(stored, _viewer_id(identity), request)
        setattr(request, _KEY_ATTR, key)
        setattr(request, _IDENTITY_ATTR, identity)
        # What the view reads from here on is noted with its generation (freshness.py). The
        # viewer's own row was read by the sign-in before, so it is noted now. The generations
        # read along with the entry (before the view reads anything) are noted as they were
        # when the view reads their table, which spares asking for them one query at a time.
        viewer_rows = () if identity == "anon" else (person_table(),)
        setattr(request, _READING_ATTR, start_reading(viewer_rows, fetched=fetched))
        return None


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """Context processor: a page drawn for the cache carries a placeholder, not a token."""
    if getattr(request, _KEY_ATTR, None) is not None:
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}
