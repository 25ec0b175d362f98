"""Queries over stored appraisals; dashboards use ``latest_appraisals``."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from sanxin.appraisals.domain.access import Viewer, visible_appraisals
from sanxin.appraisals.models import Appraisal
from sanxin.projects.models import Project

#: Columns a list needs (the full result and inputs stay in the database).
LIST_DEFER = ("result", "inputs", "tornado")
COMPARE_MIN = 2
COMPARE_MAX = 4


def project_appraisals(viewer: Viewer, project: Project) -> QuerySet[Appraisal]:
    """The project's appraisals the viewer may see, newest first, light for lists."""
    return (
        visible_appraisals(viewer)
        .filter(project=project)
        .select_related("created_by")
        .defer(*LIST_DEFER)
        .order_by("-created", "-id")
    )


def latest_appraisal(project: Project, *, light: bool = False) -> Appraisal | None:
    """The project's most recent appraisal (no visibility check: the caller has done it);
    ``light`` leaves the full result, inputs and tornado in the database."""
    rows = Appraisal.objects.filter(project=project).order_by("-created", "-id")
    return (rows.defer(*LIST_DEFER) if light else rows).first()


def latest_appraisals(viewer: Viewer, projects: QuerySet[Project] | None = None):
    """Each project's most recent appraisal that the viewer may see (one row per project).

    ``projects`` narrows the set (e.g. ``visible_projects(viewer).filter(alliance=...)``).
    Dashboards sum the key-figure columns of these rows (npv_project, tco2_lifetime, …).
    """
    newest = (
        Appraisal.objects.filter(project=OuterRef("project"))
        .order_by("-created", "-id")
        .values("pk")[:1]
    )
    rows = visible_appraisals(viewer).filter(pk=Subquery(newest))
    if projects is not None:
        rows = rows.filter(project__in=projects.values("pk"))
    return rows


def appraisals_to_compare(
    viewer: Viewer, project: Project, ids: list[int]
) -> list[Appraisal] | None:
    """The chosen appraisals of the project in the order chosen (None: some are not there)."""
    unique = list(dict.fromkeys(ids))
    found = {
        a.pk: a
        for a in visible_appraisals(viewer)
        .filter(project=project, pk__in=unique)
        .select_related("created_by")
    }
    if len(found) != len(unique):
        return None
    return [found[pk] for pk in unique]
