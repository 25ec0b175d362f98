"""Small helpers shared by the directory views."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404

from sanxin.directory.domain.access import Viewer, viewer_for

PAGE_SIZE = 25


def viewer(request) -> Viewer:
    return viewer_for(request.user)


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def get_visible(queryset, **lookup):
    """One row of a viewer-scoped queryset, or 404 (never 403: do not reveal it exists)."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
