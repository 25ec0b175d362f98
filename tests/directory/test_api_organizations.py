"""API: organizations — what each role sees and may do, bad input, query counts."""

import pytest

from sanxin.common.enums import Confidentiality
from sanxin.common.models import AuditEntry
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Organization
from tests.conftest import ROLES, client_for
from tests.factories import MembershipFactory, OrganizationFactory, capability, region

pytestmark = pytest.mark.integration

JSON = "application/json"


@pytest.fixture
def scoped(world):
    """The world plus a partner whose profile is its own business and a pending applicant."""
    world.partner_org.confidentiality = Confidentiality.OWN
    world.partner_org.save()
    pending = OrganizationFactory(slug="pending-org")
    MembershipFactory(
        alliance=world.alliance, organization=pending, status=MembershipStatus.PENDING
    )
    return world


VISIBLE = {
    "anonymous": ["public-org"],
    "other_alliance": ["other-org", "other-secretariat", "public-org"],
    "member": ["member-org", "public-org", "secretariat"],
    "partner": ["member-org", "partner-org", "public-org", "secretariat"],
    "org_admin": ["member-org", "public-org", "secretariat"],
    "secretariat": ["member-org", "partner-org", "pending-org", "public-org", "secretariat"],
    "admin": [
        "member-org",
        "other-org",
        "other-secretariat",
        "partner-org",
        "pending-org",
        "public-org",
        "secretariat",
    ],
}
ALL_SLUGS = VISIBLE["admin"]


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_exactly_what_the_role_may_see(scoped, role):
    response = client_for(scoped, role).get("/api/organizations?limit=200")
    assert response.status_code == 200
    body = response.json()
    assert [item["slug"] for item in body["items"]] == VISIBLE[role]
    assert body["count"] == len(VISIBLE[role])


@pytest.mark.parametrize("role", ROLES)
def test_detail_answers_404_for_what_the_role_may_not_see(scoped, role):
    client = client_for(scoped, role)
    seen = [
        slug for slug in ALL_SLUGS if client.get(f"/api/organizations/{slug}").status_code == 200
    ]
    assert seen == VISIBLE[role]
    hidden = sorted(set(ALL_SLUGS) - set(VISIBLE[role]))
    for slug in hidden:
        response = client.get(f"/api/organizations/{slug}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_detail_has_all_languages_and_the_request_language(scoped):
    org = scoped.member_org
    org.capabilities.set([capability("wind-gearboxes")])
    org.segments.set([capability("wind")])
    org.province = region("CN-SC")
    org.situation_zh = "齿轮箱制造"
    org.save()
    client = client_for(scoped, "member")
    body = client.get("/api/organizations/member-org", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert body["name"] == org.name_zh
    assert (body["name_en"], body["name_zh"], body["name_vi"]) == (org.name_en, org.name_zh, "")
    assert body["capabilities"] == ["wind-gearboxes"]
    assert body["segments"] == ["wind"]
    assert body["province"]["code"] == "CN-SC"
    assert body["situation"] == "齿轮箱制造"
    # A member sees the memberships it may see: its own, in the member alliance.
    assert [(m["alliance"]["slug"], m["status"]) for m in body["memberships"]] == [
        ("three-new", "active")
    ]
    assert client.get("/api/organizations/member-org").json()["name"] == org.name_en


# --- writes -------------------------------------------------------------------------------

CREATE_STATUS = {
    "anonymous": 401,
    "other_alliance": 403,
    "member": 403,
    "partner": 403,
    "org_admin": 403,
    "secretariat": 201,
    "admin": 201,
}


@pytest.mark.parametrize("role", ROLES)
def test_create(world, role):
    before = Organization.objects.count()
    response = client_for(world, role).post(
        "/api/organizations",
        {
            "name_zh": "四川风电齿轮箱有限公司",
            "name_en": "Sichuan Wind Gearbox Co.",
            "country": "cn",
            "province": "CN-SC",
            "segments": ["wind"],
            "capabilities": ["wind-gearboxes", "wind-bearings"],
            "confidentiality": "public",
        },
        content_type=JSON,
    )
    assert response.status_code == CREATE_STATUS[role]
    if response.status_code != 201:
        assert Organization.objects.count() == before
        assert not AuditEntry.objects.filter(action="sanxin.organization.created").exists()
        return
    body = response.json()
    org = Organization.objects.get(slug=body["slug"])
    assert (org.name_zh, org.country, org.province.code) == (
        "四川风电齿轮箱有限公司",
        "CN",
        "CN-SC",
    )
    assert sorted(org.capabilities.values_list("code", flat=True)) == [
        "wind-bearings",
        "wind-gearboxes",
    ]
    assert body["capabilities"] == ["wind-gearboxes", "wind-bearings"]  # taxonomy order
    entry = AuditEntry.objects.get(action="sanxin.organization.created")
    assert (entry.object_id, entry.actor_id) == (str(org.pk), world.person(role).pk)


EDIT_STATUS = {
    "anonymous": 401,
    "other_alliance": 404,
    "member": 403,
    "partner": 403,
    "org_admin": 200,
    "secretariat": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_partial_update(world, role):
    org = world.member_org
    org.capabilities.set([capability("wind-gearboxes")])
    old_zh = org.name_zh
    response = client_for(world, role).patch(
        "/api/organizations/member-org",
        {"name_en": "Renamed Gearbox Co.", "capabilities": ["wind-blades", "storage"]},
        content_type=JSON,
    )
    assert response.status_code == EDIT_STATUS[role]
    org.refresh_from_db()
    codes = sorted(org.capabilities.values_list("code", flat=True))
    changes = AuditEntry.objects.filter(action="sanxin.organization.changed")
    if response.status_code != 200:
        assert (org.name_en, codes, changes.count()) == (
            "Member Gearbox Co.",
            ["wind-gearboxes"],
            0,
        )
        return
    # Only the fields sent changed.
    assert (org.name_en, org.name_zh, codes) == (
        "Renamed Gearbox Co.",
        old_zh,
        ["storage", "wind-blades"],
    )
    assert response.json()["name_en"] == "Renamed Gearbox Co."
    (entry,) = changes
    assert entry.changes["new"]["name_en"] == "Renamed Gearbox Co."
    assert entry.changes["old"]["capabilities"] == ["wind-gearboxes"]


@pytest.mark.parametrize("role", ROLES)
def test_confirm(world, role):
    org = world.member_org
    Organization.objects.filter(pk=org.pk).update(last_confirmed="2020-01-01")
    response = client_for(world, role).post("/api/organizations/member-org/confirm")
    assert response.status_code == EDIT_STATUS[role]
    org.refresh_from_db()
    confirmed = AuditEntry.objects.filter(action="sanxin.organization.confirmed").count()
    if response.status_code == 200:
        assert response.json()["is_stale"] is False
        assert org.last_confirmed.isoformat() != "2020-01-01"
        assert confirmed == 1
    else:
        assert (org.last_confirmed.isoformat(), confirmed) == ("2020-01-01", 0)


DELETE_STATUS = {
    "anonymous": 401,
    "other_alliance": 403,
    "member": 403,
    "partner": 403,
    "org_admin": 403,
    "secretariat": 403,
    "admin": 204,
}


@pytest.mark.parametrize("role", ROLES)
def test_delete(world, role):
    OrganizationFactory(slug="lonely", confidentiality=Confidentiality.PUBLIC)
    response = client_for(world, role).delete("/api/organizations/lonely")
    assert response.status_code == DELETE_STATUS[role]
    exists = Organization.objects.filter(slug="lonely").exists()
    deleted = AuditEntry.objects.filter(action="sanxin.organization.deleted").count()
    assert (exists, deleted) == ((False, 1) if response.status_code == 204 else (True, 0))


def test_delete_of_a_member_is_refused_and_nothing_changes(world):
    response = client_for(world, "admin").delete("/api/organizations/member-org")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert "end the membership first" in body["errors"]["__all__"][0]
    assert Organization.objects.filter(slug="member-org").exists()
    assert not AuditEntry.objects.exists()


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name_en": "A", "country": "CN", "capabilities": ["nope"]}, "capabilities", "nope"),
        ({"name_en": "A", "country": "CN", "segments": ["wind-blades"]}, "segments", "top-level"),
        (
            {"name_en": "A", "country": "CN", "province": "VN-01"},
            "province",
            "This province is not in the chosen country",
        ),
        ({"name_en": "A", "country": "CN", "province": "XX-99"}, "province", "Unknown province"),
        ({"name_en": "A", "country": "ZZ"}, "country", "Unknown country code"),
        ({"name_en": "A", "country": "CN", "slug": "member-org"}, "slug", "already exists"),
        ({"name_en": "A", "country": "CN", "slug": "no spaces"}, "slug", "valid"),
        ({"country": "CN"}, "name_en", "Give the organization a name in at least one language."),
        ({"name_en": "A", "country": "CN", "email": "no-at-sign"}, "email", "valid email"),
        ({"name_en": "A", "country": "CN", "org_type": "pirate"}, "org_type", "not a valid"),
        ({"name_en": "A", "country": "CN", "confidentiality": "x"}, "confidentiality", "valid"),
        ({"name_en": "A", "country": "CN", "website": "not a url"}, "website", "valid URL"),
        ({"name_en": "A", "country": "CN", "last_confirmed": "soon"}, "last_confirmed", "date"),
        ({"name_en": "A", "country": "CN", "capabilities": "wind"}, "capabilities", "list"),
    ],
)
def test_bad_input_is_refused_with_field_errors_and_nothing_is_saved(world, data, field, message):
    before = Organization.objects.count()
    response = client_for(world, "secretariat").post("/api/organizations", data, content_type=JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert message in " ".join(body["errors"][field])
    assert Organization.objects.count() == before
    assert not AuditEntry.objects.exists()


def test_bad_update_changes_nothing(world):
    org = world.member_org
    org.capabilities.set([capability("wind-gearboxes")])
    client = client_for(world, "org_admin")
    for data in (
        {"name_en": "New name", "capabilities": ["wind-blades", "nope"]},
        {"name_en": "", "name_zh": "", "name_vi": None},
        {"capabilities": ["wind-blades"], "email": "bad"},
        {"slug": "renamed"},
    ):
        response = client.patch("/api/organizations/member-org", data, content_type=JSON)
        assert response.status_code == 422, data
    org.refresh_from_db()
    assert (org.slug, org.name_en, org.email) == ("member-org", "Member Gearbox Co.", "")
    assert list(org.capabilities.values_list("code", flat=True)) == ["wind-gearboxes"]
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Enter a valid email address."),
        ("vi", "Nhập địa chỉ email."),
        ("zh-hans", "输入一个有效的 Email 地址。"),
    ],
)
def test_field_errors_come_in_the_request_language(world, language, expected):
    response = client_for(world, "secretariat").post(
        "/api/organizations",
        {"name_en": "A", "country": "CN", "email": "bad"},
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"email": [expected]}


@pytest.mark.parametrize(
    ("query", "field"),
    [("type=pirate", "type"), ("role=king", "role"), ("limit=0", "limit"), ("limit=x", "limit")],
)
def test_bad_filters(world, query, field):
    response = client_for(world, "member").get(f"/api/organizations?{query}")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


def test_filters(world):
    gearbox = OrganizationFactory(
        slug="vn-gearbox",
        country="VN",
        confidentiality=Confidentiality.PUBLIC,
        province=region("VN-01"),
        name_vi="Công ty Hộp số Điện gió",
    )
    gearbox.capabilities.set([capability("wind-gearboxes")])
    gearbox.segments.set([capability("wind")])
    client = client_for(world, "member")

    def slugs(query):
        response = client.get(f"/api/organizations?{query}")
        assert response.status_code == 200, response.content
        return [item["slug"] for item in response.json()["items"]]

    assert slugs("country=vn") == ["vn-gearbox"]
    assert slugs("capability=wind") == ["vn-gearbox"]
    assert slugs("segment=wind") == ["vn-gearbox"]
    assert slugs("province=VN-01") == ["vn-gearbox"]
    assert slugs("q=hop+so") == ["vn-gearbox"]
    assert slugs("type=financial") == []
    assert slugs("alliance=three-new&role=member") == [
        "member-org",
        "partner-org",
        "public-org",
        "secretariat",
    ]
    assert slugs("limit=2&offset=1") == ["partner-org", "public-org"]


# --- query counts -------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_is_constant(world, n, django_assert_num_queries):
    for i in range(n):
        org = OrganizationFactory(
            slug=f"vn-{i}", country="VN", province=region("VN-01"), confidentiality="public"
        )
        org.capabilities.set([capability("wind-gearboxes"), capability("wind-blades")])
        org.segments.set([capability("wind")])
    client = client_for(world, "member")
    # session, person, the viewer's alliances, count, page, segments, capabilities
    with django_assert_num_queries(7):
        response = client.get("/api/organizations?country=VN")
    assert response.json()["count"] == n
    assert len(response.json()["items"]) == n
