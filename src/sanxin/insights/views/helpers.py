"""Helpers shared by the insights views: the viewer, the alliance in question, the scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sanxin.directory.domain.access import Viewer, viewer_for
from sanxin.directory.models import Alliance
from sanxin.insights.domain.scope import dashboard_alliances


def viewer(request) -> Viewer:
    return viewer_for(request.user)


def alliance_for(request, v: Viewer) -> tuple[Alliance, list[Alliance]]:
    """The alliance named by ``?alliance=`` (or the viewer's first) among those the viewer may
    see the dashboard of: 403 when there is none, 404 when the named one is not among them."""
    alliances = list(dashboard_alliances(v).order_by("slug"))
    if not alliances:
        raise PermissionDenied
    slug = request.GET.get("alliance") or request.POST.get("alliance")
    if not slug:
        return alliances[0], alliances
    for alliance in alliances:
        if alliance.slug == slug:
            return alliance, alliances
    raise Http404
