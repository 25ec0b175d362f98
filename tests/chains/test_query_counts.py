"""The chain pages and API run the same number of queries for 1 and for 3 rows per node."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanxin.chains.models import ChainLeader, ChainNode
from sanxin.common.enums import Confidentiality
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganizationFactory, capability, region
from tests.projects.factories import ConsortiumRoleFactory, ProjectFactory

pytestmark = pytest.mark.integration


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add(world, n: int, offset: int) -> None:
    """Per wind node but castings: n members there (one a chain leader) and n projects;
    n public non-members with castings (candidates for the castings gap)."""
    sc = region("CN-SC")
    nodes = ChainNode.objects.filter(template__alliance=None, template__slug="wind").exclude(
        key="castings"
    )
    for node in nodes.prefetch_related("capabilities"):
        caps = list(node.capabilities.all())
        for i in range(n):
            org = OrganizationFactory(slug=f"{node.key}-{offset + i}", province=sc)
            org.capabilities.set(caps)
            MembershipFactory(alliance=world.alliance, organization=org)
            ChainLeader.objects.create(alliance=world.alliance, node=node, organization=org)
            project = ProjectFactory(alliance=world.alliance, owner=world.member_org)
            ConsortiumRoleFactory(project=project, organization=org)
    for i in range(n):
        outsider = OrganizationFactory(
            slug=f"foundry-{offset + i}", confidentiality=Confidentiality.PUBLIC
        )
        outsider.capabilities.set([capability("wind-castings")])


W = "three-new/wind"
PAGES = {
    "chain_list": "/en/chains/",
    "chain_detail": f"/en/chains/{W}/",
    "chain_detail_region": f"/en/chains/{W}/?province=CN-SC",
    "chain_node": f"/en/chains/{W}/nodes/castings/",
    "chain_node_covered": f"/en/chains/{W}/nodes/gearboxes/?country=CN",
    "api_templates": "/api/chains/three-new/templates",
    "api_coverage": "/api/chains/three-new/templates/wind/coverage?province=CN-SC",
    "api_node": "/api/chains/three-new/templates/wind/nodes/castings",
}


@pytest.mark.parametrize("role", ["member", "secretariat"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_constant_queries(world, role, page, django_assert_num_queries):
    client = client_for(world, role)
    url = PAGES[page]
    _add(world, 2, 0)  # gearboxes covered at both counts
    _count(client, url)  # warm caches (content types, sessions)
    one = _count(client, url)
    _add(world, 2, 10)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["chain_detail", "api_coverage", "chain_node", "api_node"])
def test_one_and_three_organizations_per_node(world, page, django_assert_num_queries):
    client = client_for(world, "secretariat")
    url = PAGES[page]
    _add(world, 1, 0)
    _count(client, url)
    one = _count(client, url)
    _add(world, 2, 10)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.status_code == 200


def test_template_list_at_one_and_three_alliance_copies(world, django_assert_num_queries):
    from sanxin.chains.domain.editing import own_template
    from sanxin.chains.models import ChainTemplate

    client = client_for(world, "member")
    url = "/api/chains/three-new/templates"
    platform = list(ChainTemplate.objects.filter(alliance=None).order_by("position"))
    own_template(actor=world.secretariat, alliance=world.alliance, template=platform[0])
    _count(client, url)
    one = _count(client, url)
    for template in platform[1:3]:
        own_template(actor=world.secretariat, alliance=world.alliance, template=template)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert [t["own_copy"] for t in response.json()["items"]] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
