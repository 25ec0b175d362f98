"""``{% unread_notifications as unread %}``: how many notifications the signed-in person has unread.

No query for anonymous visitors, one indexed COUNT for a signed-in person, remembered on the
request so the navigation and the inbox page share it.

``{% nav_notifications %}``: the navigation link with its badge (``projects/_nav_notifications
.html``). In a page drawn for the page cache it is a late fragment, filled in with the reader's
count each time the page is served — a new notification does not make every cached page stale.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from sanxin.common.page_cache import drawing_for_cache, late_fragment, late_marker
from sanxin.projects.domain.inbox import unread_count, unread_count_cached

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


def _nav_link(request, user, *, current: bool) -> str:
    unread = unread_count_cached(user)
    if request is not None:
        setattr(request, _CACHE_ATTR, unread)
    return render_to_string(
        "projects/_nav_notifications.html", {"unread": unread, "current": current}
    )


@late_fragment("nav-notifications")
def _late_nav_link(request, argument: str) -> str:
    if not request.user.is_authenticated:
        return ""
    return _nav_link(request, request.user, current=argument == "current")


@register.simple_tag(takes_context=True)
def nav_notifications(context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    current = context.get("nav") == "notifications"
    if drawing_for_cache(request):
        return mark_safe(late_marker("nav-notifications", "current" if current else ""))  # noqa: S308 - our own fixed comment
    return _nav_link(request, user, current=current)
