"""The in-app notifications inbox: the signed-in person's own notifications, marked read here.

Every page works without JavaScript (forms POST and redirect back); with HTMX, "Mark as read"
swaps the one notification in place and "Mark all as read" reloads the list alone.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sanxin.projects.domain.inbox import mark_read, notifications_for, with_project_access
from sanxin.projects.views.helpers import get_visible, paginate, viewer


def _back(request) -> str:
    """Where to go after marking: the list page the form was on (same site only)."""
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return back
    return reverse("notification_list")


@login_required
def notification_list(request):
    """The person's notifications, newest first, 25 a page; ``?unread=1`` keeps unread ones."""
    unread_only = request.GET.get("unread") == "1"
    notifications = notifications_for(request.user, unread_only=unread_only)
    page = paginate(request, with_project_access(notifications, viewer(request)))
    context = {
        "nav": "notifications",
        "page": page,
        "unread_only": unread_only,
        "here": request.get_full_path(),
    }
    return render(request, "projects/inbox.html", context)


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one of the person's notifications read (another person's answers 404)."""
    mine = with_project_access(notifications_for(request.user), viewer(request))
    notification = get_visible(mine, pk=pk)
    mark_read(actor=request.user, ids=[notification.pk])
    if request.htmx:
        notification.refresh_from_db(fields=["read"])
        context = {"item": notification, "here": _back(request), "swap_badge": True}
        return render(request, "projects/_inbox_item.html", context)
    messages.success(request, _("The notification is marked as read."))
    return redirect(_back(request))


@login_required
@require_POST
def notification_read_all(request):
    """Mark every notification of the person read."""
    count = mark_read(actor=request.user)
    if not request.htmx:  # HTMX swaps the list alone: the message would never be shown
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count},
        )
    return redirect(_back(request))
