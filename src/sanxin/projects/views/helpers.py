"""Helpers shared by the projects views."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sanxin.directory.models import Membership
from sanxin.directory.views.helpers import get_visible, paginate, viewer
from sanxin.projects.domain.access import ADMIN_ROLES, Viewer, visible_projects
from sanxin.projects.domain.queries import ProjectFilters
from sanxin.projects.enums import Stage
from sanxin.projects.models import Project

__all__ = ["editable_ids", "filters_from", "get_visible", "paginate", "project_for", "viewer"]


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


def editable_ids(v: Viewer, projects: QuerySet[Project], ids: list[int]) -> set[int]:
    """Of ``ids``, the projects whose stage the viewer may move: one query for a whole page.

    The same rule as ``domain.access.can_edit_project`` (the domain still checks every move;
    tests/projects/test_views_board.py checks the two agree for every role and project).
    """
    if not ids or not v.is_authenticated:
        return set()
    if v.is_admin:
        return set(ids)
    cond = Q(pk__in=[])
    if v.org_id is not None and v.role in ADMIN_ROLES:
        cond |= Q(owner_id=v.org_id)
    if v.secretariat_alliance_ids:
        members = Membership.objects.filter(alliance_id__in=v.secretariat_alliance_ids).values(
            "organization_id"
        )
        cond |= Q(alliance_id__in=v.secretariat_alliance_ids) | Q(owner_id__in=members)
    return set(projects.filter(cond, pk__in=ids).values_list("pk", flat=True))
