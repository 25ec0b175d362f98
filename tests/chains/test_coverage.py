"""Coverage: statuses, the region filter, chain leaders, whom to invite, attached projects."""

import datetime as dt

import pytest

from sanxin.chains.domain.coverage import (
    RegionFilter,
    alliance_templates,
    chain_coverage,
    status_for,
)
from sanxin.chains.domain.nodes import attached_projects, invite_candidates, node_organizations
from sanxin.chains.enums import THIN_BELOW
from sanxin.chains.models import ChainLeader, ChainNode
from sanxin.common.enums import Confidentiality
from sanxin.directory.domain.access import viewer_for
from sanxin.directory.enums import MembershipStatus
from sanxin.projects.enums import ConsortiumStatus, ProjectType
from tests.factories import MembershipFactory, OrganizationFactory, capability, region
from tests.projects.factories import ConsortiumRoleFactory, ProjectFactory

pytestmark = pytest.mark.integration


def _coverage(cw, role="secretariat", **region):
    w = cw.world
    return chain_coverage(
        viewer=viewer_for(w.person(role)),
        alliance=w.alliance,
        template=cw.wind,
        region=RegionFilter.of(**region),
    )


def _counts(coverage):
    return {i.node.key: (i.organization_count, i.status) for i in coverage.nodes}


def test_statuses_follow_the_thin_threshold():
    assert THIN_BELOW == 2
    assert [status_for(n) for n in (0, 1, 2, 5)] == ["gap", "thin", "covered", "covered"]


def test_organizations_at_each_node(chain_world):
    counts = _counts(_coverage(chain_world))
    assert counts == {
        "castings": (0, "gap"),
        "bearings": (1, "thin"),
        "gearboxes": (2, "covered"),
        "generators": (0, "gap"),
        "blades": (1, "thin"),
        "towers": (0, "gap"),
        "turbines": (2, "covered"),
        "epc": (0, "gap"),
        "operation": (0, "gap"),
        "repowering": (0, "gap"),
    }


def test_a_parent_capability_counts_its_children(chain_world):
    w = chain_world.world
    org = OrganizationFactory(slug="om-all")
    org.capabilities.set([capability("om-monitoring")])
    MembershipFactory(alliance=w.alliance, organization=org)
    node = ChainNode.objects.get(template=chain_world.wind, key="repowering")
    node.capabilities.set([capability("om")])  # the parent of om-monitoring
    assert _counts(_coverage(chain_world))["repowering"] == (1, "thin")


def test_pending_members_and_hidden_organizations_do_not_count(chain_world):
    w = chain_world.world
    pending = OrganizationFactory(slug="pending-foundry")
    pending.capabilities.set([capability("wind-castings")])
    MembershipFactory(alliance=w.alliance, organization=pending, status=MembershipStatus.PENDING)
    hidden = OrganizationFactory(slug="hidden-foundry", confidentiality=Confidentiality.OWN)
    hidden.capabilities.set([capability("wind-castings")])
    MembershipFactory(alliance=w.alliance, organization=hidden)
    # The member may not see an organization visible to itself only; the secretariat may.
    assert _counts(_coverage(chain_world, "member"))["castings"] == (0, "gap")
    assert _counts(_coverage(chain_world, "secretariat"))["castings"] == (1, "thin")


def test_region_filter_by_province_country_and_successor(chain_world):
    assert _counts(_coverage(chain_world, region=region("CN-SC")))["gearboxes"] == (2, "covered")
    assert _counts(_coverage(chain_world, region=region("CN-GD")))["turbines"] == (1, "thin")
    assert _counts(_coverage(chain_world, country="vn"))["blades"] == (1, "thin")
    assert _counts(_coverage(chain_world, country="VN"))["turbines"] == (0, "gap")


def test_legacy_vietnamese_province_counts_in_its_successor(chain_world):
    from sanxin.directory.enums import RegionScheme
    from sanxin.directory.models import Region

    old = Region.objects.filter(scheme=RegionScheme.VN_LEGACY, successor__isnull=False).first()
    org = chain_world.world.public_org
    org.province = old
    org.save()
    counts = _counts(_coverage(chain_world, region=old.successor))
    assert counts["blades"] == (1, "thin")


def test_leaders_are_listed_and_filtered_by_region(chain_world):
    w = chain_world.world
    turbines = ChainNode.objects.get(template=chain_world.wind, key="turbines")
    ChainLeader.objects.create(
        alliance=w.alliance, node=turbines, organization=chain_world.turbines_sc
    )
    ChainLeader.objects.create(
        alliance=w.alliance, node=turbines, organization=chain_world.turbines_gd
    )
    # a mark of another alliance on the same (platform) node is not ours
    ChainLeader.objects.create(alliance=w.other_alliance, node=turbines, organization=w.other_org)
    item = _coverage(chain_world).node("turbines")
    assert [o.slug for o in item.leaders] == ["turbines-gd", "turbines-sc"]
    item = _coverage(chain_world, region=region("CN-SC")).node("turbines")
    assert [o.slug for o in item.leaders] == ["turbines-sc"]
    orgs = node_organizations(viewer=viewer_for(w.member), alliance=w.alliance, item=item)
    assert [(o.slug, o.is_chain_leader) for o in orgs] == [("turbines-sc", True)]


def _candidates(cw, key, role="secretariat", **region):
    w = cw.world
    item = _coverage(cw, role, **region).node(key)
    return [
        (c.organization.slug, c.overlap, c.region_match)
        for c in invite_candidates(
            viewer=viewer_for(w.person(role)),
            alliance=w.alliance,
            capability_ids=item.capability_ids,
            region=RegionFilter.of(**region),
        )
    ]


def test_candidates_exclude_members_and_rank_overlap_region_freshness(chain_world):
    w = chain_world.world
    sc, gd = region("CN-SC"), region("CN-GD")
    fresh = dt.date(2026, 1, 1)
    both = OrganizationFactory(
        slug="zz-both", province=gd, confidentiality=Confidentiality.PUBLIC, last_confirmed=fresh
    )
    both.capabilities.set([capability("wind-gearboxes"), capability("wind-bearings")])
    stale = OrganizationFactory(
        slug="aa-stale",
        province=sc,
        confidentiality=Confidentiality.PUBLIC,
        last_confirmed=dt.date(2020, 1, 1),
    )
    stale.capabilities.set([capability("wind-bearings")])
    invited = OrganizationFactory(slug="invited", confidentiality=Confidentiality.PUBLIC)
    invited.capabilities.set([capability("wind-bearings")])
    MembershipFactory(alliance=w.alliance, organization=invited, status=MembershipStatus.INVITED)
    # bearings is thin; its capabilities: wind-bearings only
    assert _candidates(chain_world, "bearings", region=sc) == [
        ("aa-stale", 1, "province"),
        ("zz-both", 1, "country"),
    ]
    # without a region filter: freshness decides between equals
    assert _candidates(chain_world, "bearings") == [("zz-both", 1, ""), ("aa-stale", 1, "")]
    node = ChainNode.objects.get(template=chain_world.wind, key="bearings")
    node.capabilities.add(capability("wind-gearboxes"))
    # more matching capabilities first; members (member_org, partner_org) never appear
    assert _candidates(chain_world, "bearings", region=sc)[0] == ("zz-both", 2, "country")
    assert {s for s, *_ in _candidates(chain_world, "bearings")} == {
        "zz-both",
        "aa-stale",
        "public-gearbox",
    }


def test_candidates_prefer_the_alliance_focus_regions_without_a_filter(chain_world):
    w = chain_world.world
    w.alliance.regions.set([region("CN-SC")])
    far = OrganizationFactory(
        slug="aaa-far", province=region("CN-GD"), confidentiality=Confidentiality.PUBLIC
    )
    far.capabilities.set([capability("wind-gearboxes")])
    assert _candidates(chain_world, "bearings") == []  # nobody has bearings but members
    node = ChainNode.objects.get(template=chain_world.wind, key="generators")
    node.capabilities.set([capability("wind-gearboxes")])
    assert _candidates(chain_world, "generators", role="member") == [
        ("public-gearbox", 1, "province"),
        ("aaa-far", 1, "country"),
    ]


def test_projects_attach_by_node_type_or_consortium(chain_world):
    w = chain_world.world
    farm = ProjectFactory(alliance=w.alliance, owner=w.member_org, project_type=ProjectType.WIND)
    plant = ProjectFactory(
        alliance=w.alliance,
        owner=w.member_org,
        project_type=ProjectType.EQUIPMENT_MANUFACTURING,
        title_en="Gearbox plant",
    )
    ConsortiumRoleFactory(project=plant, organization=w.partner_org)
    declined = ProjectFactory(
        alliance=w.alliance, owner=w.member_org, project_type=ProjectType.WIND
    )
    ConsortiumRoleFactory(
        project=declined, organization=chain_world.turbines_sc, status=ConsortiumStatus.DECLINED
    )
    # a PV project with a gearbox maker in its consortium is not in the wind chain
    pv = ProjectFactory(alliance=w.alliance, owner=w.member_org, project_type=ProjectType.PV)
    ConsortiumRoleFactory(project=pv, organization=w.partner_org)
    # a wind project of no alliance is not the alliance's
    ProjectFactory(owner=w.member_org, project_type=ProjectType.WIND)
    coverage = _coverage(chain_world)
    projects = {i.node.key: i.project_count for i in coverage.nodes if i.project_count}
    # operation: wind farms (farm, declined); turbines: equipment plants; bearings and
    # gearboxes: the plant whose consortium has the partner (bearings + gearboxes)
    assert projects == {"operation": 2, "turbines": 1, "bearings": 1, "gearboxes": 1}
    viewer = viewer_for(w.member)
    item = coverage.node("gearboxes")
    assert list(
        attached_projects(viewer=viewer, alliance=w.alliance, template=chain_world.wind, item=item)
    ) == [plant]
    item = coverage.node("operation")
    assert list(
        attached_projects(viewer=viewer, alliance=w.alliance, template=chain_world.wind, item=item)
    ) == [declined, farm]
    gd = _coverage(chain_world, region=region("CN-GD"))
    assert gd.node("operation").project_count == 0


def test_alliance_templates_prefer_the_alliance_copy(chain_world):
    from sanxin.chains.domain.editing import own_template

    w = chain_world.world
    copy = own_template(actor=w.secretariat, alliance=w.alliance, template=chain_world.wind)
    mine = list(alliance_templates(w.alliance))
    assert [t.slug for t in mine] == ["battery", "wind", "pv", "hydro", "hydrogen", "grid"]
    assert mine[1].pk == copy.pk
    assert (
        next(t for t in alliance_templates(w.other_alliance) if t.slug == "wind").alliance is None
    )
