"""API: offers and requests — who sees which, who may post, change and delete."""

import pytest

from sanxin.common.enums import Confidentiality
from sanxin.common.i18n import search_blob
from sanxin.common.models import AuditEntry
from sanxin.directory.enums import OfferStatus
from sanxin.directory.models import Offer
from tests.conftest import ROLES, client_for
from tests.factories import OfferFactory, capability, region

pytestmark = pytest.mark.integration

JSON = "application/json"


@pytest.fixture
def offers(world):
    OfferFactory(
        organization=world.public_org, title_en="public", confidentiality=Confidentiality.PUBLIC
    )
    OfferFactory(organization=world.member_org, title_en="member")
    OfferFactory(organization=world.member_org, title_en="own", confidentiality=Confidentiality.OWN)
    OfferFactory(organization=world.other_org, title_en="other")
    OfferFactory(organization=world.member_org, title_en="closed", status=OfferStatus.CLOSED)
    return world


VISIBLE = {
    "anonymous": ["public"],
    "other_alliance": ["other", "public"],
    "member": ["member", "own", "public"],
    "partner": ["member", "public"],
    "org_admin": ["member", "own", "public"],
    "secretariat": ["member", "own", "public"],
    "admin": ["member", "other", "own", "public"],
}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["title_en"] for item in response.json()["items"])


@pytest.mark.parametrize("role", ROLES)
def test_list_and_detail_per_role(offers, role):
    client = client_for(offers, role)
    assert titles(client.get("/api/offers")) == VISIBLE[role]
    with_closed = titles(client.get("/api/offers?include_closed=true"))
    assert [t for t in with_closed if t != "closed"] == VISIBLE[role]
    for offer in Offer.objects.exclude(status=OfferStatus.CLOSED):
        response = client.get(f"/api/offers/{offer.pk}")
        assert response.status_code == (200 if offer.title_en in VISIBLE[role] else 404)


def test_output_and_filters(offers):
    offer = Offer.objects.get(title_en="public")
    offer.title_zh = "齿轮箱供应"
    offer.save()
    offer.capabilities.set([capability("wind-gearboxes")])
    offer.regions.set([region("VN-01")])
    client = client_for(offers, "member")
    body = client.get(f"/api/offers/{offer.pk}", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert (body["title"], body["title_en"], body["title_zh"]) == (
        "齿轮箱供应",
        "public",
        "齿轮箱供应",
    )
    assert (body["capabilities"], body["regions"]) == (["wind-gearboxes"], ["VN-01"])
    assert body["organization"]["slug"] == "public-org"
    assert titles(client.get("/api/offers?capability=wind")) == ["public"]
    assert titles(client.get("/api/offers?region=VN-01")) == ["public"]
    assert titles(client.get("/api/offers?organization=member-org")) == ["member", "own"]
    assert titles(client.get("/api/offers?kind=request")) == []
    Offer.objects.filter(title_en="own").update(search_text=search_blob("own", "Tìm đối tác"))
    assert titles(client.get("/api/offers?q=doi+tac")) == ["own"]
    response = client.get("/api/offers?kind=gift")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["kind"]


POST_STATUS = {
    "anonymous": 401,
    "other_alliance": 201,
    "member": 201,
    "partner": 201,
    "org_admin": 201,
    "secretariat": 201,
    "admin": 422,  # no organization of its own: must name one
}


@pytest.mark.parametrize("role", ROLES)
def test_post_for_own_organization(world, role):
    response = client_for(world, role).post(
        "/api/offers",
        {
            "kind": "request",
            "title_vi": "Tìm đối tác EPC",
            "capabilities": ["epc"],
            "regions": ["VN-01"],
            "valid_until": "2030-01-01",
        },
        content_type=JSON,
    )
    assert response.status_code == POST_STATUS[role]
    if response.status_code != 201:
        assert not Offer.objects.exists()
        assert not AuditEntry.objects.exists()
        return
    offer = Offer.objects.get()
    person = world.person(role)
    assert (offer.organization_id, offer.created_by_id, offer.kind) == (
        person.organization_id,
        person.pk,
        "request",
    )
    assert list(offer.capabilities.values_list("code", flat=True)) == ["epc"]
    assert response.json()["regions"] == ["VN-01"]
    assert AuditEntry.objects.get().action == "sanxin.offer.posted"


@pytest.mark.parametrize(
    ("role", "organization", "status"),
    [
        ("secretariat", "member-org", 201),  # in its alliance
        ("admin", "other-org", 201),
        ("org_admin", "public-org", 403),  # may see it, may not post for it
        ("member", "other-org", 422),  # may not even see it
    ],
)
def test_post_for_another_organization(world, role, organization, status):
    response = client_for(world, role).post(
        "/api/offers",
        {"kind": "offer", "title_en": "Gearboxes", "organization": organization},
        content_type=JSON,
    )
    assert response.status_code == status
    posted = list(Offer.objects.values_list("organization__slug", flat=True))
    assert posted == ([organization] if status == 201 else [])


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
def test_update(offers, role):
    offer = Offer.objects.get(title_en="member")
    response = client_for(offers, role).patch(
        f"/api/offers/{offer.pk}", {"title_zh": "齿轮箱", "status": "closed"}, content_type=JSON
    )
    assert response.status_code == EDIT_STATUS[role]
    offer.refresh_from_db()
    changed = AuditEntry.objects.filter(action="sanxin.offer.changed").count()
    if response.status_code == 200:
        assert (offer.title_en, offer.title_zh, offer.status, changed) == (
            "member",
            "齿轮箱",
            "closed",
            1,
        )
    else:
        assert (offer.title_zh, offer.status, changed) == ("", "open", 0)


def test_the_author_may_edit_its_own_offer(world):
    response = client_for(world, "member").post(
        "/api/offers", {"kind": "offer", "title_en": "Mine"}, content_type=JSON
    )
    offer_id = response.json()["id"]
    response = client_for(world, "member").patch(
        f"/api/offers/{offer_id}", {"text_en": "Details"}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["text_en"] == "Details"


@pytest.mark.parametrize("role", ROLES)
def test_delete(offers, role):
    offer = Offer.objects.get(title_en="member")
    response = client_for(offers, role).delete(f"/api/offers/{offer.pk}")
    allowed = EDIT_STATUS[role] == 200
    assert response.status_code == (204 if allowed else EDIT_STATUS[role])
    exists = Offer.objects.filter(pk=offer.pk).exists()
    deleted = AuditEntry.objects.filter(action="sanxin.offer.deleted").count()
    assert (exists, deleted) == ((False, 1) if response.status_code == 204 else (True, 0))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "offer"}, "title_en", "Give a title in at least one language."),
        ({"kind": "gift", "title_en": "x"}, "kind", "not a valid choice"),
        ({"kind": "offer", "title_en": "x", "capabilities": ["nope"]}, "capabilities", "nope"),
        ({"kind": "offer", "title_en": "x", "regions": ["XX-1"]}, "regions", "XX-1"),
        ({"kind": "offer", "title_en": "x", "valid_until": "later"}, "valid_until", "date"),
        ({"kind": "offer", "title_en": "x", "confidentiality": "secret"}, "confidentiality", ""),
    ],
)
def test_bad_input_saves_nothing(world, data, field, message):
    response = client_for(world, "org_admin").post("/api/offers", data, content_type=JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert message in " ".join(body["errors"][field])
    assert not Offer.objects.exists()
    assert not AuditEntry.objects.exists()


def test_bad_update_changes_nothing(offers):
    offer = Offer.objects.get(title_en="member")
    offer.capabilities.set([capability("wind-gearboxes")])
    client = client_for(offers, "org_admin")
    for data in (
        {"title_en": "", "capabilities": ["wind-blades"]},
        {"title_zh": "新", "regions": ["nope"]},
        {"organization": "public-org"},
        {"kind": None},
    ):
        response = client.patch(f"/api/offers/{offer.pk}", data, content_type=JSON)
        assert response.status_code == 422, data
    offer.refresh_from_db()
    assert (offer.title_en, offer.title_zh, offer.kind) == ("member", "", "offer")
    assert list(offer.capabilities.values_list("code", flat=True)) == ["wind-gearboxes"]
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_is_constant(world, n, django_assert_num_queries):
    for _ in range(n):
        offer = OfferFactory(organization=world.public_org, confidentiality="public")
        offer.capabilities.set([capability("wind-gearboxes"), capability("epc")])
        offer.regions.set([region("VN-01")])
    client = client_for(world, "member")
    # session, person, the viewer's alliances, count, page, capabilities, regions
    with django_assert_num_queries(7):
        response = client.get("/api/offers?organization=public-org")
    assert response.json()["count"] == n
    assert len(response.json()["items"]) == n
