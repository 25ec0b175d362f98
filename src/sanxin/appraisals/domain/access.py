"""Who sees a project's appraisals, and who may appraise it.

- **Seeing**: everyone who may see the project sees its appraisals — except for projects
  visible to their *own organization* only, whose appraisals (tariffs, returns, debt terms)
  are shown to the project team alone: an organization invited to the consortium sees the
  project but not its financials until it confirms.
- **Appraising**: the project team (``projects.domain.access.can_contribute``: the owner
  organization's staff, confirmed consortium partners, the secretariat in scope, platform
  admins).

The queryset fails closed like every ``visible_*`` function: rows a viewer may not see are
never loaded.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sanxin.appraisals.models import Appraisal
from sanxin.common.enums import Confidentiality
from sanxin.projects.domain.access import (
    Viewer,
    can_contribute,
    can_view_project,
    project_condition,
    team_projects,
    viewer_for,
)
from sanxin.projects.models import Project

__all__ = [
    "Viewer",
    "can_appraise",
    "can_see_appraisals",
    "viewer_for",
    "visible_appraisals",
]


def visible_appraisals(viewer: Viewer) -> QuerySet[Appraisal]:
    if viewer.is_admin:
        return Appraisal.objects.all()
    cond = project_condition(viewer, "project__") & (
        ~Q(project__confidentiality=Confidentiality.OWN)
        | Q(project__in=team_projects(viewer).values("pk"))
    )
    return Appraisal.objects.filter(cond)


def can_see_appraisals(viewer: Viewer, project: Project, *, project_visible: bool = False) -> bool:
    """Whether the viewer sees the appraisals of ``project`` (``project_visible``: the caller
    already loaded it through ``visible_projects``)."""
    if viewer.is_admin:
        return True
    if not project_visible and not can_view_project(viewer, project):
        return False
    if project.confidentiality != Confidentiality.OWN:
        return True
    return can_contribute(viewer, project)


def can_appraise(viewer: Viewer, project: Project) -> bool:
    """Run (store) a new appraisal of the project: its team."""
    return can_contribute(viewer, project)
