"""Whole GET responses cached per viewer, for the pages and API lists read most.

A view opts in with ``@cached_per_viewer`` (a page view, or a django-ninja operation). The
response is stored in the shared cache under

    (who is looking, language, path and query, HTMX headers)

where *who is looking* is the signed-in person (from the session or an API token) or
"anonymous". Two people never share an entry, so what one may see can never reach another.
With the response the entry keeps every table the view read and that table's generation
(``sanxin.common.freshness``); it is served again only while none of them has been written
since — a meeting request sent does not throw away the directory's pages, a renamed
organization does. Entries also expire after ``SANXIN_PAGE_CACHE_SECONDS`` for what changes
with the clock alone ("3 days ago").

The CSRF token is not stored: pages are drawn with a placeholder (the ``csrf_placeholder``
context processor) that is replaced by the requesting browser's own token when served. Parts
that change far more often than the page around them (the unread-notifications badge in the
navigation) are *late fragments*: drawn for the cache as a marker (``late_marker``) and filled
in on every serving by the function registered with ``@late_fragment``. A
request with a flash message waiting, a response that sets a cookie or is not a plain 200, and
every request that is not a GET pass by the cache.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from sanxin.common.freshness import enabled, generations, start_reading, stop_reading

#: Stands in for the CSRF token in a stored page (64 characters like a real one).
CSRF_PLACEHOLDER = "sanxin-csrf-placeholder-" + "0" * 40
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
_KEY_ATTR = "_sanxin_page_cache_key"
_READING_ATTR = "_sanxin_page_cache_reading"
_HTMX_HEADERS = ("HX-Request", "HX-Target", "HX-Trigger", "HX-Trigger-Name", "HX-Boosted")
#: django-ninja operations that opted in, by URL name (ninja names a route after its function).
_API_OPERATIONS: set[str] = set()


_LATE_FRAGMENTS: dict[str, Callable[[HttpRequest, str], str]] = {}
_LATE = re.compile(rb"<!--sanxin-late:([a-z-]+):([A-Za-z0-9_-]*)-->")


def late_fragment(name: str):
    """Register ``render(request, argument) -> html`` to fill the late fragment ``name``."""

    def register(render: Callable[[HttpRequest, str], str]):
        _LATE_FRAGMENTS[name] = render
        return render

    return register


def drawing_for_cache(request: HttpRequest | None) -> bool:
    """Whether this request's page is being drawn to be stored (and served to others later)."""
    return request is not None and getattr(request, _KEY_ATTR, None) is not None


def late_marker(name: str, argument: str = "") -> str:
    """What a late fragment is drawn as in a page for the cache (HTML comment, no content)."""
    return f"<!--sanxin-late:{name}:{argument}-->"


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
    """Who is looking, or None when the request's credentials are not valid (no caching)."""
    authorization = request.headers.get("Authorization", "")
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        from sanxin.directory.domain.people import person_for_token  # noqa: PLC0415

        person = person_for_token(token.strip())
        return None if person is None else f"p{person.pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"p{user.pk}"
    return "anon"


def _messages_waiting(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return "messages" in request.COOKIES or bool(session is not None and "_messages" in session)


def cache_key(request: HttpRequest, identity: str) -> str:
    htmx = "|".join(request.headers.get(h, "") for h in _HTMX_HEADERS)
    language = getattr(request, "LANGUAGE_CODE", "")
    raw = f"{identity}|{language}|{request.get_full_path()}|{htmx}"
    return "sanxin:page:" + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def _personalised(request: HttpRequest, body: bytes, content_type: str) -> bytes:
    """The stored page for this reader: their CSRF token and the late fragments filled in.

    Only HTML pages carry them (templates escape ``<`` in what users wrote, so a marker in a
    page is always ours); a JSON body is served as stored, whatever its texts say.
    """
    if not content_type.startswith("text/html"):
        return body
    if _PLACEHOLDER_BYTES in body:
        body = body.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
    if b"<!--sanxin-late:" in body:
        body = _LATE.sub(lambda m: _late(request, m), body)
    return body


def _late(request: HttpRequest, marker: re.Match) -> bytes:
    render = _LATE_FRAGMENTS.get(marker.group(1).decode())
    if render is None:
        return marker.group(0)
    return render(request, marker.group(2).decode()).encode()


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
    )


class PageCacheMiddleware:
    """Serves and stores opted-in GET responses.

    Placed last in MIDDLEWARE, so sessions, sign-in, language and HTMX are known when it looks,
    and the outer middleware (CSRF cookie, session, security headers) still runs on a hit.
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
        if _storable(response):
            cache.set(
                key,
                (read, dict(response.items()), response.content),
                timeout=settings.SANXIN_PAGE_CACHE_SECONDS,
            )
        if not response.streaming:
            response.content = _personalised(
                request, response.content, response.get("Content-Type", "")
            )
        response["X-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not enabled() or request.method != "GET" or not _opted_in(request, view_func):
            return None
        if _messages_waiting(request):
            return None
        identity = _identity(request)
        if identity is None:
            return None
        key = cache_key(request, identity)
        stored = cache.get(key)
        known: dict[str, int] = {}
        if stored is not None:
            read, headers, body = stored
            known = generations(tuple(read))
            if known == read:
                content_type = headers.get("Content-Type", "")
                response = HttpResponse(_personalised(request, body, content_type), headers=headers)
                response["X-Cache"] = "hit"
                return response
        setattr(request, _KEY_ATTR, key)
        # What the view reads from here on is noted with its generation (freshness.py). The
        # viewer's own row was read by the sign-in before, so it is noted now; so are the
        # tables the out-of-date entry read, with the generations just fetched (before the view
        # reads anything), which spares asking for them one query at a time.
        viewer_rows = () if identity == "anon" else (get_user_model()._meta.db_table,)
        setattr(request, _READING_ATTR, start_reading(viewer_rows, known=known))
        return None


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """Context processor: a page drawn for the cache carries a placeholder, not a token."""
    if getattr(request, _KEY_ATTR, None) is not None:
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}
