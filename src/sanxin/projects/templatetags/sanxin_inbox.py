"""``{% unread_notifications as unread %}``: how many notifications the signed-in person has unread.

No query for anonymous visitors, one indexed COUNT for a signed-in person, remembered on the
request so the navigation and the inbox page share it.

``{% nav_notifications %}``: the navigation link with its badge (``projects/_nav_notifications
.html``). In a page drawn for the page cache it is a late fragment, filled in with the reader's
count each time the page is served — a new notification does not make every cached page stale.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from sanxin.common.page_cache import drawing_for_cache, late_fragment, late_marker
from sanxin.projects.domain.inbox import unread_count, unread_count_cached, unread_count_keys

register = template.Library()

_CACHE_ATTR = "_sanxin_unread_notifications"


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return unread_count(user)
    cached = getattr(request, _CACHE_ATTR, None)
    if cached is None:
        cached = unread_count(user)
        setattr(request, _CACHE_ATTR, cached)
    return cached


def _nav_link(person_id: int, *, current: bool, request=None) -> str:
    unread = unread_count_cached(person_id)
    if request is not None:
        setattr(request, _CACHE_ATTR, unread)
    return _drawn_link(get_language(), unread, current)


@lru_cache(maxsize=512)
def _drawn_link(language: str, unread: int, current: bool) -> str:
    """The link for this language, count and state: the same every time (drawn once)."""
    return render_to_string(
        "projects/_nav_notifications.html", {"unread": unread, "current": current}
    )


@late_fragment("nav-notifications", reads=unread_count_keys)
def _late_nav_link(viewer_id: int | None, argument: str) -> str:
    if viewer_id is None:
        return ""
    return _nav_link(viewer_id, current=argument == "current")


@register.simple_tag(takes_context=True)
def nav_notifications(context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    current = context.get("nav") == "notifications"
    if drawing_for_cache(request):
        return mark_safe(late_marker("nav-notifications", "current" if current else ""))  # noqa: S308 - our own fixed comment
    return _nav_link(user.pk, current=current, request=request)
