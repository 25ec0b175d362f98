"""Coverage of an alliance's industry chains: who stands at each link, where the gaps are.

- The organizations **at a node** are the alliance's active member organizations that the
  viewer may see (the directory's visibility rules) and that have any of the node's
  capabilities (a parent capability also counts its children), in the region when one is given.
- A node's **status**: ``gap`` with no organization, ``thin`` with fewer than
  ``THIN_BELOW`` (2), ``covered`` otherwise.
- For gap and thin nodes, ``nodes.invite_candidates`` ranks organizations outside the alliance.
- Projects attach to nodes by the rule in ``nodes.attached_projects``.

Every function runs a fixed number of queries, whatever the number of nodes, organizations
and projects (query-count guards in the tests; ``bench/chains.py`` runs 3,000 organizations).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from sanxin.chains.domain.access import Viewer, can_view_chains
from sanxin.chains.enums import THIN_BELOW, CoverageStatus
from sanxin.chains.models import ChainLeader, ChainNode, ChainTemplate
from sanxin.directory.domain.access import visible_organizations
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Alliance, Membership, Organization, Region
from sanxin.projects.domain.access import visible_projects
from sanxin.projects.enums import ENGAGED_STATUSES
from sanxin.projects.models import ConsortiumRole, Project

# --- the region filter ---------------------------------------------------------------------


@dataclass(frozen=True)
class RegionFilter:
    """A country (ISO code) or a province; a province implies its country."""

    country: str = ""
    province: Region | None = None

    @classmethod
    def of(cls, region: Region | None = None, country: str = "") -> RegionFilter:
        if region is not None:
            return cls(country=region.country, province=region)
        return cls(country=country.upper())

    @property
    def is_set(self) -> bool:
        return bool(self.country) or self.province is not None

    def condition(self, prefix: str = "") -> Q:
        """Organizations or projects (reached via ``prefix``) located in the region."""
        if self.province is not None:
            return Q(**{f"{prefix}province": self.province.pk}) | Q(
                **{f"{prefix}province__successor": self.province.pk}
            )
        if self.country:
            return Q(**{f"{prefix}country": self.country})
        return Q()


NO_REGION = RegionFilter()


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeCoverage:
    node: ChainNode
    capability_ids: frozenset[int]
    organization_ids: frozenset[int]
    status: str
    leaders: tuple[Organization, ...] = ()
    project_count: int = 0

    @property
    def organization_count(self) -> int:
        return len(self.organization_ids)

    @property
    def needs_members(self) -> bool:
        return self.status != CoverageStatus.COVERED

    @property
    def status_label(self) -> str:
        return str(CoverageStatus(self.status).label)


@dataclass(frozen=True)
class ChainCoverage:
    template: ChainTemplate
    nodes: tuple[NodeCoverage, ...]
    region: RegionFilter = NO_REGION

    @property
    def stages(self) -> list[list[NodeCoverage]]:
        """The nodes in columns, left to right."""
        columns: dict[int, list[NodeCoverage]] = defaultdict(list)
        for item in self.nodes:
            columns[item.node.stage].append(item)
        return [columns[stage] for stage in sorted(columns)]

    def count(self, status: str) -> int:
        return sum(1 for item in self.nodes if item.status == status)

    @property
    def covered_count(self) -> int:
        return self.count(CoverageStatus.COVERED)

    @property
    def thin_count(self) -> int:
        return self.count(CoverageStatus.THIN)

    @property
    def gap_count(self) -> int:
        return self.count(CoverageStatus.GAP)

    @property
    def gaps(self) -> list[NodeCoverage]:
        return [item for item in self.nodes if item.status == CoverageStatus.GAP]

    @property
    def thin(self) -> list[NodeCoverage]:
        return [item for item in self.nodes if item.status == CoverageStatus.THIN]

    def node(self, key: str) -> NodeCoverage | None:
        return next((item for item in self.nodes if item.node.key == key), None)


@dataclass(frozen=True)
class NodeSummary:
    name: str
    organization_count: int
    status: str  # "covered" | "thin" | "gap"
    leader_names: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ChainSummary:
    slug: str
    name: str
    nodes: list[NodeSummary]
    gap_names: list[str]


@dataclass(frozen=True)
class Candidate:
    organization: Organization
    overlap: int
    #: "province" (the same province), "country" (the same country) or "" (elsewhere).
    region_match: str


# --- templates of an alliance --------------------------------------------------------------


def alliance_templates(alliance: Alliance) -> QuerySet[ChainTemplate]:
    """The alliance's chains: its own copies, and the platform templates it has not copied."""
    own_slugs = ChainTemplate.objects.filter(alliance=alliance).values("slug")
    return ChainTemplate.objects.filter(
        Q(alliance=alliance) | (Q(alliance__isnull=True) & ~Q(slug__in=own_slugs))
    ).order_by("position", "slug")


def status_for(count: int) -> str:
    if count == 0:
        return CoverageStatus.GAP
    if count < THIN_BELOW:
        return CoverageStatus.THIN
    return CoverageStatus.COVERED


def require_chain_access(viewer: Viewer, alliance: Alliance) -> None:
    if not can_view_chains(viewer, alliance):
        raise PermissionDenied


def member_organizations(
    viewer: Viewer, alliance: Alliance, region: RegionFilter = NO_REGION
) -> QuerySet[Organization]:
    """The alliance's active members the viewer may see, in the region."""
    members = Membership.objects.filter(alliance=alliance, status=MembershipStatus.ACTIVE)
    return visible_organizations(viewer).filter(
        region.condition(), pk__in=members.values("organization_id")
    )


def _node_capabilities(node_ids: Iterable[int]) -> dict[int, set[int]]:
    """Each node's capability ids, with the children of parent capabilities (one query)."""
    through = ChainNode.capabilities.through
    rows = through.objects.filter(chainnode_id__in=list(node_ids)).values_list(
        "chainnode_id", "capability_id", "capability__children"
    )
    out: dict[int, set[int]] = defaultdict(set)
    for node_id, capability_id, child_id in rows:
        out[node_id].add(capability_id)
        if child_id is not None:
            out[node_id].add(child_id)
    return out


def _organizations_by_capability(
    organizations: QuerySet[Organization], capability_ids: set[int]
) -> dict[int, set[int]]:
    through = Organization.capabilities.through
    rows = through.objects.filter(
        organization_id__in=organizations.values("pk"), capability_id__in=capability_ids
    ).values_list("capability_id", "organization_id")
    out: dict[int, set[int]] = defaultdict(set)
    for capability_id, organization_id in rows:
        out[capability_id].add(organization_id)
    return out


def _leaders(
    viewer: Viewer, alliance: Alliance, node_ids: list[int], region: RegionFilter
) -> dict[int, list[Organization]]:
    marks = (
        ChainLeader.objects.filter(alliance=alliance, node_id__in=node_ids)
        .filter(organization__in=visible_organizations(viewer).filter(region.condition()))
        .select_related("organization")
        .order_by("organization__slug")
    )
    out: dict[int, list[Organization]] = defaultdict(list)
    for mark in marks:
        out[mark.node_id].append(mark.organization)
    return out


def chain_projects(
    viewer: Viewer, alliance: Alliance, template: ChainTemplate, region: RegionFilter = NO_REGION
) -> QuerySet[Project]:
    """The alliance's projects (attached to it) of the chain's project types, in the region."""
    return visible_projects(viewer).filter(
        region.condition(), alliance=alliance, project_type__in=list(template.project_types)
    )


def _project_counts(
    *,
    viewer: Viewer,
    alliance: Alliance,
    templates: list[ChainTemplate],
    nodes: list[ChainNode],
    capabilities: dict[int, set[int]],
    region: RegionFilter,
) -> dict[int, int]:
    types = sorted({t for template in templates for t in template.project_types})
    if not types:
        return {}
    projects = visible_projects(viewer).filter(
        region.condition(), alliance=alliance, project_type__in=types
    )
    by_type: dict[str, set[int]] = defaultdict(set)
    for pk, ptype in projects.values_list("pk", "project_type"):
        by_type[ptype].add(pk)
    # Engaged consortium members of the alliance's projects of these types, and their
    # capabilities: two plain queries (scoped to the alliance in SQL); rows of projects the
    # viewer may not see are dropped below by intersecting with the visible projects.
    engaged = ConsortiumRole.objects.filter(
        project__alliance=alliance, project__project_type__in=types, status__in=ENGAGED_STATUSES
    )
    roles = list(engaged.values_list("project_id", "organization_id"))
    all_caps = set().union(*capabilities.values()) if capabilities else set()
    org_caps: dict[int, set[int]] = defaultdict(set)
    rows = Organization.capabilities.through.objects.filter(
        organization_id__in=engaged.values("organization_id"), capability_id__in=all_caps
    ).values_list("organization_id", "capability_id")
    for org_id, capability_id in rows:
        org_caps[org_id].add(capability_id)
    by_capability: dict[int, set[int]] = defaultdict(set)
    for project_id, org_id in roles:
        for capability_id in org_caps.get(org_id, ()):
            by_capability[capability_id].add(project_id)
    by_template = {template.pk: template for template in templates}
    counts: dict[int, int] = {}
    for node in nodes:
        chain_types = set(by_template[node.template_id].project_types)
        in_chain = set().union(*(by_type[t] for t in chain_types))
        attached = set().union(*(by_type[t] for t in chain_types & set(node.project_types)))
        via_members = set().union(*(by_capability[c] for c in capabilities.get(node.pk, ())))
        counts[node.pk] = len(attached | (via_members & in_chain))
    return counts


def chains_coverage(
    *,
    viewer: Viewer,
    alliance: Alliance,
    templates: list[ChainTemplate],
    region: RegionFilter = NO_REGION,
    with_projects: bool = True,
) -> list[ChainCoverage]:
    """The coverage of each of ``templates`` for the alliance (a fixed number of queries).

    Without ``with_projects`` the nodes' project counts are left at 0 (saves the work where
    they are not shown).
    """
    require_chain_access(viewer, alliance)
    by_template: dict[int, list[ChainNode]] = defaultdict(list)
    nodes = list(ChainNode.objects.filter(template__in=[t.pk for t in templates]))
    for node in nodes:
        by_template[node.template_id].append(node)
    node_ids = [node.pk for node in nodes]
    capabilities = _node_capabilities(node_ids)
    all_caps = set().union(*capabilities.values()) if capabilities else set()
    members = member_organizations(viewer, alliance, region)
    orgs_by_cap = _organizations_by_capability(members, all_caps) if all_caps else {}
    leaders = _leaders(viewer, alliance, node_ids, region)
    projects = (
        _project_counts(
            viewer=viewer,
            alliance=alliance,
            templates=templates,
            nodes=nodes,
            capabilities=capabilities,
            region=region,
        )
        if with_projects
        else {}
    )
    out = []
    for template in templates:
        items = []
        for node in by_template[template.pk]:
            caps = frozenset(capabilities.get(node.pk, ()))
            org_ids = frozenset().union(*(orgs_by_cap.get(c, ()) for c in caps))
            items.append(
                NodeCoverage(
                    node=node,
                    capability_ids=caps,
                    organization_ids=org_ids,
                    status=status_for(len(org_ids)),
                    leaders=tuple(leaders.get(node.pk, ())),
                    project_count=projects.get(node.pk, 0),
                )
            )
        out.append(ChainCoverage(template=template, nodes=tuple(items), region=region))
    return out


def chain_coverage(
    *,
    viewer: Viewer,
    alliance: Alliance,
    template: ChainTemplate,
    region: RegionFilter = NO_REGION,
    with_projects: bool = True,
) -> ChainCoverage:
    return chains_coverage(
        viewer=viewer,
        alliance=alliance,
        templates=[template],
        region=region,
        with_projects=with_projects,
    )[0]


def coverage_summary(*, viewer, alliance, region=None) -> list[ChainSummary]:
    """Every chain of the alliance with its nodes' counts, statuses and leaders (for reports).

    ``viewer`` is a directory ``Viewer`` (``viewer_for(user)``), ``region`` None or a province
    (``directory.Region``). Names are in the active language.
    """
    templates = list(alliance_templates(alliance))
    coverage = chains_coverage(
        viewer=viewer,
        alliance=alliance,
        templates=templates,
        region=RegionFilter.of(region),
        with_projects=False,
    )
    return [
        ChainSummary(
            slug=chain.template.slug,
            name=chain.template.name,
            nodes=[
                NodeSummary(
                    name=item.node.name,
                    organization_count=item.organization_count,
                    status=str(item.status),
                    leader_names=[org.name for org in item.leaders],
                )
                for item in chain.nodes
            ],
            gap_names=[item.node.name for item in chain.gaps],
        )
        for chain in coverage
    ]


# --- one node: its organizations, whom to invite, its projects --------------------------------
