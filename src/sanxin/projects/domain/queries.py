"""Read queries of the projects app: lists, the pipeline, a project's page, my follow-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from sanxin.directory.domain.access import visible_organizations
from sanxin.directory.domain.queries import _text_condition
from sanxin.directory.models import Membership, Organization
from sanxin.projects.domain.access import (
    Viewer,
    visible_consortium,
    visible_documents,
    visible_follow_ups,
    visible_projects,
)
from sanxin.projects.enums import FollowUpStatus, Stage
from sanxin.projects.models import (
    ConsortiumRole,
    Document,
    FollowUp,
    FundingSource,
    Milestone,
    Phase,
    Project,
    ProjectStageChange,
)
from sanxin.projects.models.milestones import overdue_condition


@dataclass(frozen=True)
class ProjectFilters:
    q: str = ""
    project_type: str = ""
    stage: str = ""
    country: str = ""
    province: str = ""
    alliance: str = ""
    owner: str = ""
    overdue: bool = False


def search_projects(
    viewer: Viewer, filters: ProjectFilters, *, today: dt.date | None = None
) -> QuerySet[Project]:
    today = today or timezone.localdate()
    qs = visible_projects(viewer)
    if filters.q.strip():
        qs = qs.filter(_text_condition(filters.q))
    if filters.project_type:
        qs = qs.filter(project_type=filters.project_type)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.province:
        qs = qs.filter(
            Q(province__code=filters.province) | Q(province__successor__code=filters.province)
        )
    if filters.alliance:
        qs = qs.filter(alliance__slug=filters.alliance)
    if filters.owner:
        qs = qs.filter(owner__slug=filters.owner)
    qs = with_overdue_counts(qs, today)
    if filters.overdue:
        qs = qs.filter(overdue_milestones__gt=0)
    return qs.select_related("owner", "province", "alliance")


def with_overdue_counts(qs: QuerySet[Project], today: dt.date) -> QuerySet[Project]:
    """Annotate ``overdue_milestones``: the flag every list shows.

    A correlated subquery, not a join with GROUP BY: the database counts milestones only for
    the rows it returns (a page), and can walk an index in the list's order (10,000 projects:
    see bench/projects.py).
    """
    overdue = (
        Milestone.objects.filter(overdue_condition(today), project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        overdue_milestones=Coalesce(Subquery(overdue, output_field=IntegerField()), 0)
    )


def owner_choices(viewer: Viewer, selected: str = "") -> QuerySet[Organization]:
    """The owners the project filters offer: members of an alliance that own projects (and
    the owner filtered by now). Imported data brings thousands of owners that are no members;
    a list of them all would be unusable and slow (the filter still takes any owner's short
    code: ``?owner=slug``).
    """
    members = Membership.objects.values("organization_id")
    return (
        visible_organizations(viewer)
        .filter(
            Q(pk__in=members) | Q(slug=selected),
            pk__in=Project.objects.filter(owner__isnull=False).values("owner_id"),
        )
        .only("slug", "name_en", "name_zh", "name_vi")
        .order_by("slug")
    )


def pipeline(viewer: Viewer, qs: QuerySet[Project] | None = None) -> dict[str, int]:
    """How many visible projects are in each stage (every stage present, in order)."""
    qs = visible_projects(viewer) if qs is None else qs
    counts = dict(qs.values_list("stage").annotate(n=Count("id")).order_by())
    return {stage: counts.get(stage, 0) for stage in Stage.values}


@dataclass(frozen=True)
class _Part:
    """A kind of related rows a project's page shows; ``rows``: the viewer's queryset of them
    (built only for a project that has such rows: each visibility rule is a queryset of its
    own to build), kept at ``to_attr`` when set."""

    relation: str
    model: type
    rows: Callable[[], QuerySet] | None = None
    to_attr: str | None = None

    def lookup(self, present: bool) -> Prefetch:
        if not present:
            return Prefetch(self.relation, self.model.objects.none(), to_attr=self.to_attr)
        return Prefetch(self.relation, self.rows() if self.rows else None, to_attr=self.to_attr)


def _page_parts(viewer: Viewer) -> list[_Part]:
    """The related rows a project's page shows."""
    return [
        _Part("phases", Phase),
        _Part("milestones", Milestone, lambda: Milestone.objects.select_related("phase")),
        _Part(
            "consortium",
            ConsortiumRole,
            lambda: visible_consortium(viewer).select_related("organization"),
            "visible_consortium",
        ),
        _Part("funding_sources", FundingSource),
        _Part(
            "documents",
            Document,
            lambda: visible_documents(viewer).select_related("uploaded_by"),
            "visible_documents",
        ),
        _Part(
            "follow_ups",
            FollowUp,
            lambda: visible_follow_ups(viewer).select_related("owner"),
            "visible_follow_ups",
        ),
        _Part("stage_changes", ProjectStageChange),
    ]


def project_page(viewer: Viewer, pk: int) -> Project:
    """One project the viewer may see, with what its page shows (or DoesNotExist).

    The project's query also says which kinds of related rows exist at all; a kind with none is
    "prefetched" from an empty queryset, which costs no query — most projects of an imported
    pipeline have no phases, consortium, funding, documents or follow-ups yet.
    """
    parts = _page_parts(viewer)
    project = (
        visible_projects(viewer)
        .select_related("owner", "province", "alliance")
        .annotate(
            **{
                f"has_{part.relation}": Exists(part.model.objects.filter(project_id=OuterRef("pk")))
                for part in parts
            }
        )
        .get(pk=pk)
    )
    lookups: list[Prefetch | str] = []
    for part in parts:
        present = getattr(project, f"has_{part.relation}")
        lookups.append(part.lookup(present))
        if present and part.relation == "funding_sources":
            lookups += ["funding_sources__entries", "funding_sources__organization"]
    prefetch_related_objects([project], *lookups)
    return project


def my_follow_ups(viewer: Viewer, *, include_closed: bool = False) -> QuerySet[FollowUp]:
    if viewer.person_id is None:
        return FollowUp.objects.none()
    qs = visible_follow_ups(viewer).filter(owner_id=viewer.person_id)
    if not include_closed:
        qs = qs.filter(status=FollowUpStatus.OPEN)
    return qs.select_related("project").order_by("due", "pk")


def overdue_milestones(viewer: Viewer, *, today: dt.date | None = None) -> QuerySet[Milestone]:
    today = today or timezone.localdate()
    return (
        Milestone.objects.filter(project__in=visible_projects(viewer).values("pk"))
        .overdue(today)
        .select_related("project")
    )
