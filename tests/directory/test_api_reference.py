"""API: alliances, the capability taxonomy, regions and /me."""

import pytest
from django.test import Client

from sanxin.common.enums import Confidentiality
from sanxin.directory.models import Capability, Region
from tests.conftest import ROLES, client_for
from tests.factories import AllianceFactory, MembershipFactory, OrganizationFactory, PersonFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def closed(world):
    """A members-only alliance that the member organization belongs to."""
    alliance = AllianceFactory(
        slug="closed", secretariat=world.public_org, confidentiality=Confidentiality.ALLIANCE
    )
    MembershipFactory(alliance=alliance, organization=world.member_org)
    return world


ALLIANCES = {
    "anonymous": ["other", "three-new"],
    "other_alliance": ["other", "three-new"],
    "member": ["closed", "other", "three-new"],
    "partner": ["other", "three-new"],
    "org_admin": ["closed", "other", "three-new"],
    "secretariat": ["other", "three-new"],
    "admin": ["closed", "other", "three-new"],
}
#: Who may see the secretariat organization of each alliance (it is named only then).
SECRETARIATS = {
    "anonymous": {"other": None, "three-new": None},
    "other_alliance": {"other": "other-secretariat", "three-new": None},
    "member": {"closed": "public-org", "other": None, "three-new": "secretariat"},
}


@pytest.mark.parametrize("role", ROLES)
def test_alliances_per_role(closed, role):
    client = client_for(closed, role)
    response = client.get("/api/alliances")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [a["slug"] for a in items] == ALLIANCES[role]
    if role in SECRETARIATS:
        named = {a["slug"]: (a["secretariat"] or {}).get("slug") for a in items}
        assert named == SECRETARIATS[role]
    for slug in ("closed", "other", "three-new"):
        status = client.get(f"/api/alliances/{slug}").status_code
        assert status == (200 if slug in ALLIANCES[role] else 404)


def test_alliance_detail_languages(world):
    body = Client().get("/api/alliances/three-new", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert (body["name"], body["name_zh"], body["name_en"]) == (
        world.alliance.name_zh,
        world.alliance.name_zh,
        world.alliance.name_en,
    )


@pytest.mark.parametrize("n", [1, 3])
def test_alliance_list_query_count_is_constant(db, n, django_assert_num_queries):
    for _ in range(n):
        AllianceFactory()
    client = Client()
    client.force_login(PersonFactory())
    # session, person, the viewer's alliances, count, page, fields, regions
    with django_assert_num_queries(7):
        response = client.get("/api/alliances")
    assert response.json()["count"] == n


def test_capabilities_flat_and_tree(db):
    flat = Client().get("/api/capabilities", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert len(flat) == Capability.objects.count()
    by_code = {c["code"]: c for c in flat}
    gearboxes = by_code["wind-gearboxes"]
    assert gearboxes == {
        "code": "wind-gearboxes",
        "parent": "wind",
        "position": 1,
        "name": "Hộp số",
        "name_en": "Gearboxes",
        "name_zh": "齿轮箱",
        "name_vi": "Hộp số",
    }
    tree = Client().get("/api/capabilities/tree").json()
    top = list(Capability.objects.filter(parent=None).values_list("code", flat=True))
    assert [node["code"] for node in tree] == top
    wind = next(node for node in tree if node["code"] == "wind")
    assert "wind-gearboxes" in [child["code"] for child in wind["children"]]
    assert sum(1 + len(node["children"]) for node in tree) <= len(flat)


@pytest.mark.parametrize("n", [1, 3])
def test_capability_query_count_is_constant(db, n, django_assert_num_queries):
    wind = Capability.objects.get(code="wind")
    for i in range(n):
        Capability.objects.create(
            code=f"extra-{i}", parent=wind, name_en="x", name_zh="x", name_vi="x"
        )
    with django_assert_num_queries(1):
        assert Client().get("/api/capabilities").status_code == 200
    with django_assert_num_queries(1):
        assert Client().get("/api/capabilities/tree").status_code == 200


def test_regions(db):
    client = Client()
    legacy = client.get("/api/regions?country=VN&scheme=vn63&limit=200").json()
    assert legacy["count"] == 63
    assert all(item["successor"] for item in legacy["items"])
    current = client.get("/api/regions?country=vn&scheme=vn2025&limit=200").json()
    assert current["count"] == 34
    assert {item["successor"] for item in current["items"]} == {None}
    successors = {item["successor"] for item in legacy["items"]}
    assert successors <= {item["code"] for item in current["items"]}
    china = client.get("/api/regions?country=CN&limit=200").json()
    assert {item["scheme"] for item in china["items"]} == {"cn"}
    sichuan = next(item for item in china["items"] if item["code"] == "CN-SC")
    assert (sichuan["name_en"], sichuan["name_zh"]) == ("Sichuan", "四川省")
    response = client.get("/api/regions?scheme=old")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["scheme"]


@pytest.mark.parametrize("n", [1, 3])
def test_region_query_count_is_constant(db, n, django_assert_num_queries):
    with django_assert_num_queries(2):  # count, page (successor joined)
        response = Client().get(f"/api/regions?scheme=vn63&limit={n}")
    assert len(response.json()["items"]) == n
    assert Region.objects.filter(scheme="vn63").count() == response.json()["count"]


ME = {
    "other_alliance": ("other", "org_admin", "other-org", ["other"], []),
    "member": ("member", "member", "member-org", ["three-new"], []),
    "partner": ("partner", "org_admin", "partner-org", ["three-new"], []),
    "org_admin": ("orgadmin", "org_admin", "member-org", ["three-new"], []),
    "secretariat": ("secretariat", "secretariat", "secretariat", ["three-new"], ["three-new"]),
    "admin": ("admin", "member", None, [], []),
}


@pytest.mark.parametrize("role", ROLES)
def test_me(world, role):
    response = client_for(world, role).get("/api/me")
    if role == "anonymous":
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
        return
    body = response.json()
    org = body["organization"]["slug"] if body["organization"] else None
    assert (body["username"], body["role"], org, body["alliances"], body["secretariat_of"]) == (
        ME[role]
    )
    assert body["is_admin"] is (role == "admin")


def test_public_only_for_anonymous_even_with_filters(world):
    OrganizationFactory(slug="hidden", confidentiality=Confidentiality.OWN, country="VN")
    response = Client().get("/api/organizations?country=VN")
    assert response.json() == {"items": [], "count": 0}
