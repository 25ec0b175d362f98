"""What a chain node's page shows: its organizations, whom to invite for it, its projects.

``invite_candidates`` ranks organizations outside the alliance for a gap or thin node (capability
overlap, same province then country, profile freshness); projects attach to a node by the rule
in ``attached_projects``. A fixed number of queries each, like the coverage in ``coverage``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from sanxin.chains.domain.access import Viewer
from sanxin.chains.domain.coverage import (
    NO_REGION,
    Candidate,
    NodeCoverage,
    RegionFilter,
    chain_projects,
    require_chain_access,
)
from sanxin.chains.enums import INVITE_LIMIT
from sanxin.chains.models import ChainTemplate
from sanxin.directory.domain.access import visible_organizations
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Alliance, Membership, Organization
from sanxin.projects.enums import ENGAGED_STATUSES
from sanxin.projects.models import ConsortiumRole, Project

#: Membership statuses that make an organization no candidate to invite (already in or asked).
_IN_OR_ASKED = (MembershipStatus.ACTIVE, MembershipStatus.PENDING, MembershipStatus.INVITED)


def node_organizations(
    *, viewer: Viewer, alliance: Alliance, item: NodeCoverage
) -> list[Organization]:
    """The organizations at a node (as counted by its coverage), chain leaders first."""
    require_chain_access(viewer, alliance)
    leader_ids = {org.pk for org in item.leaders}
    orgs = list(
        visible_organizations(viewer)
        .filter(pk__in=list(item.organization_ids))
        .select_related("province")
        .order_by("slug")
    )
    for org in orgs:
        org.is_chain_leader = org.pk in leader_ids
    return sorted(orgs, key=lambda org: (not org.is_chain_leader, org.slug))


def _region_rank(alliance: Alliance, region: RegionFilter):
    """2 for the same province, 1 for the same country, else 0 (focus regions if no filter)."""
    if region.province is not None:
        provinces = [region.province.pk]
        countries = [region.country]
    elif region.country:
        provinces, countries = [], [region.country]
    else:
        focus = list(alliance.regions.values_list("pk", "country"))
        provinces = [pk for pk, _country in focus]
        countries = sorted({country for _pk, country in focus})
    return Case(
        When(Q(province__in=provinces) | Q(province__successor__in=provinces), then=Value(2)),
        When(country__in=countries, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def invite_candidates(
    *,
    viewer: Viewer,
    alliance: Alliance,
    capability_ids: Iterable[int],
    region: RegionFilter = NO_REGION,
    limit: int = INVITE_LIMIT,
) -> list[Candidate]:
    """Organizations outside the alliance to invite for a link of the chain, best first.

    Candidates: organizations the viewer may see, with any of ``capability_ids``, that are not
    active, pending or invited members of the alliance and not its secretariat. Ranked by
    the number of the node's capabilities they have, then the same province (or country) as
    the region filter (without one: the alliance's regions of focus), then the freshest
    profile, then the short code. The matching engine can take over this ranking here.
    """
    require_chain_access(viewer, alliance)
    ids = list(capability_ids)
    if not ids:
        return []
    taken = Membership.objects.filter(alliance=alliance, status__in=_IN_OR_ASKED)
    qs = (
        visible_organizations(viewer)
        .filter(capabilities__in=ids)
        .exclude(pk__in=taken.values("organization_id"))
        .annotate(
            overlap=Count("capabilities", filter=Q(capabilities__in=ids), distinct=True),
            region_rank=_region_rank(alliance, region),
        )
        .select_related("province")
        .order_by("-overlap", "-region_rank", F("last_confirmed").desc(nulls_last=True), "slug")
    )
    if alliance.secretariat_id is not None:
        qs = qs.exclude(pk=alliance.secretariat_id)
    return [
        Candidate(
            organization=org,
            overlap=org.overlap,
            region_match=("", "country", "province")[org.region_rank],
        )
        for org in qs[:limit]
    ]


def attached_projects(
    *,
    viewer: Viewer,
    alliance: Alliance,
    template: ChainTemplate,
    item: NodeCoverage,
    region: RegionFilter = NO_REGION,
) -> QuerySet[Project]:
    """Projects attached to a node.

    A project attaches to a node when it is attached to the alliance, the viewer may see it,
    it lies in the region, its type is one of the chain's project types, and either its type
    is one of the node's project types or an engaged (invited or confirmed) consortium member
    has one of the node's capabilities.
    """
    require_chain_access(viewer, alliance)
    at_node = ConsortiumRole.objects.filter(
        status__in=ENGAGED_STATUSES, organization__capabilities__in=list(item.capability_ids)
    ).values("project_id")
    return (
        chain_projects(viewer, alliance, template, region)
        .filter(Q(project_type__in=list(item.node.project_types)) | Q(pk__in=at_node))
        .select_related("province")
        .order_by("-created", "-id")
    )
