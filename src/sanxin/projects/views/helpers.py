"""Helpers shared by the projects views."""

from __future__ import annotations

from sanxin.directory.views.helpers import get_visible, paginate, viewer
from sanxin.projects.domain.access import visible_projects
from sanxin.projects.domain.queries import ProjectFilters
from sanxin.projects.enums import Stage
from sanxin.projects.models import Project

__all__ = ["filters_from", "get_visible", "paginate", "project_for", "viewer"]


def filters_from(request) -> ProjectFilters:
    g = request.GET
    stage = g.get("stage", "")
    return ProjectFilters(
        q=g.get("q", "")[:200],
        project_type=g.get("type", ""),
        stage=stage if stage in Stage.values else "",
        country=g.get("country", "").upper()[:2],
        province=g.get("province", ""),
        alliance=g.get("alliance", ""),
        owner=g.get("owner", ""),
        overdue=g.get("overdue") == "1",
    )


def project_for(request, pk: int) -> Project:
    """A project the viewer may see, or 404 (never 403: do not reveal it exists)."""
    return get_visible(visible_projects(viewer(request)).select_related("owner", "alliance"), pk=pk)
