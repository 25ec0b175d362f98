"""API: memberships — lists, invitations, applications and every transition, per role."""

import pytest

from sanxin.common.enums import Confidentiality
from sanxin.common.models import AuditEntry
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Membership
from tests.conftest import ROLES, client_for
from tests.factories import AllianceFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.integration

JSON = "application/json"


@pytest.fixture
def scoped(world):
    world.partner_org.confidentiality = Confidentiality.OWN
    world.partner_org.save()
    pending = OrganizationFactory(slug="pending-org")
    world.pending = MembershipFactory(
        alliance=world.alliance, organization=pending, status=MembershipStatus.PENDING
    )
    return world


THREE = "three-new"
VISIBLE = {
    "anonymous": [(THREE, "public-org")],
    "other_alliance": [
        ("other", "other-org"),
        ("other", "other-secretariat"),
        (THREE, "public-org"),
    ],
    "member": [(THREE, "member-org"), (THREE, "public-org"), (THREE, "secretariat")],
    "partner": [
        (THREE, "member-org"),
        (THREE, "partner-org"),
        (THREE, "public-org"),
        (THREE, "secretariat"),
    ],
    "org_admin": [(THREE, "member-org"), (THREE, "public-org"), (THREE, "secretariat")],
    "secretariat": [
        (THREE, "member-org"),
        (THREE, "partner-org"),
        (THREE, "pending-org"),
        (THREE, "public-org"),
        (THREE, "secretariat"),
    ],
    "admin": [
        ("other", "other-org"),
        ("other", "other-secretariat"),
        (THREE, "member-org"),
        (THREE, "partner-org"),
        (THREE, "pending-org"),
        (THREE, "public-org"),
        (THREE, "secretariat"),
    ],
}


def pairs(response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.content
    return [(m["alliance"]["slug"], m["organization"]["slug"]) for m in response.json()["items"]]


@pytest.mark.parametrize("role", ROLES)
def test_list_and_detail_per_role(scoped, role):
    client = client_for(scoped, role)
    response = client.get("/api/memberships?limit=200")
    assert pairs(response) == VISIBLE[role]
    assert response.json()["count"] == len(VISIBLE[role])
    visible_ids = {m["id"] for m in response.json()["items"]}
    for membership in Membership.objects.all():
        status = client.get(f"/api/memberships/{membership.pk}").status_code
        assert status == (200 if membership.pk in visible_ids else 404)


def test_list_filters(scoped):
    client = client_for(scoped, "secretariat")
    assert pairs(client.get("/api/memberships?status=pending")) == [(THREE, "pending-org")]
    assert pairs(client.get("/api/memberships?organization=member-org")) == [(THREE, "member-org")]
    assert pairs(client.get("/api/memberships?alliance=other")) == []
    assert pairs(client.get("/api/memberships?role=chair")) == []
    assert len(pairs(client.get("/api/memberships?role=member&alliance=three-new"))) == 5
    response = client.get("/api/memberships?status=sleeping")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["status"]


# --- invitations and applications ---------------------------------------------------------

INVITE_STATUS = {
    "anonymous": 401,
    "other_alliance": 403,
    "member": 403,
    "partner": 403,
    "org_admin": 403,
    "secretariat": 201,
    "admin": 201,
}


@pytest.mark.parametrize("role", ROLES)
def test_invite(world, role):
    OrganizationFactory(slug="newcomer", confidentiality=Confidentiality.PUBLIC)
    response = client_for(world, role).post(
        "/api/alliances/three-new/invitations",
        {"organization": "newcomer", "role": "observer", "note": "Welcome"},
        content_type=JSON,
    )
    assert response.status_code == INVITE_STATUS[role]
    invited = Membership.objects.filter(organization__slug="newcomer")
    if response.status_code != 201:
        assert not invited.exists()
        assert not AuditEntry.objects.exists()
        return
    body = response.json()
    assert (body["status"], body["role"], body["organization"]["slug"]) == (
        "invited",
        "observer",
        "newcomer",
    )
    assert [(m.status, m.role) for m in invited] == [("invited", "observer")]
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == [
        "sanxin.membership.invited",
        "sanxin.organization.membership.invited",
    ]


def test_invite_bad_input(world):
    client = client_for(world, "secretariat")
    url = "/api/alliances/three-new/invitations"
    cases = [
        ({"organization": "no-such-org"}, "organization"),
        (
            {"organization": "other-org"},
            "organization",
        ),  # exists, but the secretariat cannot see it
        ({"organization": "public-org", "role": "emperor"}, "role"),
        ({"organization": "public-org"}, "__all__"),  # already a member
        ({"organization": "x", "note": "n" * 301}, "note"),
        ({}, "organization"),
    ]
    for data, field in cases:
        response = client.post(url, data, content_type=JSON)
        assert response.status_code == 422, data
        assert list(response.json()["errors"]) == [field], data
    missing = client.post(
        "/api/alliances/nope/invitations", {"organization": "newcomer"}, content_type=JSON
    )
    assert missing.status_code == 404
    assert Membership.objects.count() == 6
    assert not AuditEntry.objects.exists()


APPLY_STATUS = {
    "anonymous": 401,
    "other_alliance": 201,
    "member": 403,  # a plain member may not act for its organization
    "partner": 201,
    "org_admin": 201,
    "secretariat": 201,
    "admin": 422,  # belongs to no organization, so must say which
}


@pytest.mark.parametrize("role", ROLES)
def test_apply_for_own_organization(world, role):
    AllianceFactory(slug="third", secretariat=world.public_org)
    response = client_for(world, role).post(
        "/api/alliances/third/applications", {"note": "We make gearboxes"}, content_type=JSON
    )
    assert response.status_code == APPLY_STATUS[role]
    applied = list(Membership.objects.filter(alliance__slug="third"))
    if response.status_code != 201:
        assert applied == []
        assert not AuditEntry.objects.exists()
        return
    person = world.person(role)
    assert [(m.organization_id, m.status) for m in applied] == [(person.organization_id, "pending")]
    assert response.json()["status"] == "pending"


def test_apply_for_someone_else_is_refused(world):
    AllianceFactory(slug="third", secretariat=world.public_org)
    client = client_for(world, "org_admin")
    response = client.post(
        "/api/alliances/third/applications", {"organization": "partner-org"}, content_type=JSON
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Membership.objects.filter(alliance__slug="third").exists()


def test_applying_to_an_alliance_you_may_not_see_is_404(world):
    AllianceFactory(slug="secret", confidentiality=Confidentiality.ALLIANCE)
    response = client_for(world, "org_admin").post(
        "/api/alliances/secret/applications", {}, content_type=JSON
    )
    assert response.status_code == 404


# --- transitions --------------------------------------------------------------------------

APPROVE_STATUS = {
    "anonymous": 401,
    "other_alliance": 404,
    "member": 404,
    "partner": 404,
    "org_admin": 404,
    "secretariat": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_approve(scoped, role):
    response = client_for(scoped, role).post(f"/api/memberships/{scoped.pending.pk}/approve")
    assert response.status_code == APPROVE_STATUS[role]
    scoped.pending.refresh_from_db()
    expected = "active" if response.status_code == 200 else "pending"
    assert scoped.pending.status == expected
    assert AuditEntry.objects.filter(action="sanxin.membership.approved").count() == (
        1 if expected == "active" else 0
    )


ACCEPT_STATUS = {
    "anonymous": 401,
    "other_alliance": 404,
    "member": 403,
    "partner": 404,
    "org_admin": 200,
    "secretariat": 404,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_accept_invitation(world, role):
    third = AllianceFactory(slug="third", secretariat=world.public_org)
    invitation = MembershipFactory(
        alliance=third, organization=world.member_org, status=MembershipStatus.INVITED
    )
    response = client_for(world, role).post(f"/api/memberships/{invitation.pk}/accept")
    assert response.status_code == ACCEPT_STATUS[role]
    invitation.refresh_from_db()
    assert invitation.status == ("active" if response.status_code == 200 else "invited")


SUSPEND_STATUS = {
    "anonymous": 401,
    "other_alliance": 404,
    "member": 403,
    "partner": 403,
    "org_admin": 403,
    "secretariat": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_suspend(world, role):
    membership = Membership.objects.get(organization=world.member_org)
    response = client_for(world, role).post(f"/api/memberships/{membership.pk}/suspend")
    assert response.status_code == SUSPEND_STATUS[role]
    membership.refresh_from_db()
    assert membership.status == ("suspended" if response.status_code == 200 else "active")


def test_suspend_reinstate_end_and_a_wrong_move(world):
    membership = Membership.objects.get(organization=world.member_org)
    client = client_for(world, "secretariat")
    url = f"/api/memberships/{membership.pk}"
    assert client.post(f"{url}/suspend").json()["status"] == "suspended"
    assert client.post(f"{url}/reinstate").json()["status"] == "active"
    response = client.post(f"{url}/approve")
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "__all__": ["Only a membership awaiting approval can be approved."]
    }
    assert client.post(f"{url}/end").json()["status"] == "left"
    assert client.post(f"{url}/dance").status_code == 422
    membership.refresh_from_db()
    assert membership.status == "left"
    assert list(
        AuditEntry.objects.filter(object_type="directory.membership")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "sanxin.membership.suspended",
        "sanxin.membership.reinstated",
        "sanxin.membership.ended",
    ]


def test_an_organization_admin_may_leave(world):
    membership = Membership.objects.get(organization=world.member_org)
    response = client_for(world, "org_admin").post(f"/api/memberships/{membership.pk}/end")
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.status == "left"


# --- query counts -------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_is_constant(world, n, django_assert_num_queries):
    alliance = AllianceFactory(slug="open")
    for _ in range(n):
        MembershipFactory(
            alliance=alliance, organization=OrganizationFactory(confidentiality="public")
        )
    client = client_for(world, "member")
    # session, person, the viewer's alliances, count, page
    with django_assert_num_queries(5):
        response = client.get("/api/memberships?alliance=open")
    assert response.json()["count"] == n
    assert len(response.json()["items"]) == n
