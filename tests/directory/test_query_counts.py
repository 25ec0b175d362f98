"""List pages run the same number of queries for 1 and for 3 rows (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanxin.directory.enums import MembershipStatus
from tests.factories import MembershipFactory, OfferFactory, OrganizationFactory, capability

pytestmark = pytest.mark.integration


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_members(world, n):
    for i in range(n):
        org = OrganizationFactory(slug=f"extra-{i}")
        org.segments.set([capability("wind"), capability("storage")])
        MembershipFactory(alliance=world.alliance, organization=org)
        offer = OfferFactory(organization=org)
        offer.capabilities.set([capability("wind-gearboxes")])


@pytest.mark.parametrize(
    "url_name",
    ["org_list", "offer_list", "home", "alliance_members"],
)
def test_list_pages_constant_queries(client, world, url_name, django_assert_num_queries):
    client.force_login(world.secretariat)
    url = (
        reverse(url_name, args=[world.alliance.slug])
        if url_name == "alliance_members"
        else reverse(url_name)
    )
    _add_members(world, 1)
    with_one = _count(client, url)
    for i in range(2):
        org = OrganizationFactory(slug=f"more-{i}")
        org.segments.set([capability("pv")])
        MembershipFactory(alliance=world.alliance, organization=org, status=MembershipStatus.ACTIVE)
        OfferFactory(organization=org).capabilities.set([capability("pv-modules")])
    with django_assert_num_queries(with_one):
        client.get(url)


def test_directory_search_finds_each_language(client, world):
    org = OrganizationFactory(
        slug="vn-agency",
        name_vi="Sở Kế hoạch và Đầu tư tỉnh Bắc Ninh",
        name_en="",
        name_zh="",
    )
    MembershipFactory(alliance=world.alliance, organization=org)
    client.force_login(world.member)
    for query in ("Bắc Ninh", "bac ninh", "BẮC NINH"):
        response = client.get(reverse("org_list"), {"q": query})
        assert [o.slug for o in response.context["page"]] == ["vn-agency"], query
    response = client.get(reverse("org_list"), {"q": "第"})
    slugs = {o.slug for o in response.context["page"]}
    assert slugs == {"member-org", "partner-org", "public-org"}
