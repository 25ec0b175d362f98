"""API: token and session authentication, CSRF, error bodies and the OpenAPI schema."""

import pytest
from django.test import Client

from sanxin.common.models import AuditEntry
from sanxin.directory.domain.people import create_api_token, revoke_api_token
from sanxin.directory.models import Offer, Organization

pytestmark = pytest.mark.integration

JSON = "application/json"


def test_token_reads_and_writes_without_csrf(world):
    _token, raw = create_api_token(actor=world.org_admin, name="ERP sync")
    client = Client(enforce_csrf_checks=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    me = client.get("/api/me", **auth)
    assert (me.status_code, me.json()["username"]) == (200, "orgadmin")
    # The token sees what its person sees: the member alliance's organizations.
    slugs = [o["slug"] for o in client.get("/api/organizations", **auth).json()["items"]]
    assert slugs == ["member-org", "partner-org", "public-org", "secretariat"]
    response = client.post(
        "/api/offers", {"kind": "offer", "title_en": "By token"}, content_type=JSON, **auth
    )
    assert response.status_code == 201
    offer = Offer.objects.get()
    assert (offer.organization, offer.created_by) == (world.member_org, world.org_admin)


def test_revoked_or_unknown_token_is_401_never_anonymous(world):
    token, raw = create_api_token(actor=world.org_admin, name="old")
    revoke_api_token(actor=world.org_admin, token=token)
    client = Client()
    for header in (f"Bearer {raw}", "Bearer sx_made-up", "Bearer nonsense"):
        for response in (
            client.get("/api/organizations", HTTP_AUTHORIZATION=header),
            client.post(
                "/api/offers",
                {"kind": "offer", "title_en": "x"},
                content_type=JSON,
                HTTP_AUTHORIZATION=header,
            ),
        ):
            assert response.status_code == 401, header
            assert response.json() == {
                "code": "unauthenticated",
                "message": "Sign in or send a valid API token.",
            }
    assert not Offer.objects.exists()


def test_session_write_without_csrf_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.secretariat)
    before = Organization.objects.count()
    response = client.post(
        "/api/organizations", {"name_en": "No CSRF", "country": "CN"}, content_type=JSON
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert Organization.objects.count() == before
    assert not AuditEntry.objects.exists()
    # Reading needs no CSRF token, and a write with the token goes through.
    assert client.get("/api/organizations").status_code == 200
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    response = client.post(
        "/api/organizations",
        {"name_en": "With CSRF", "country": "CN"},
        content_type=JSON,
        HTTP_X_CSRFTOKEN=secret,
    )
    assert response.status_code == 201


def test_anonymous_write_is_401(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/organizations", {"name_en": "x", "country": "CN"}, content_type=JSON
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_malformed_json_is_a_coded_400(world):
    client = Client()
    client.force_login(world.secretariat)
    response = client.post("/api/organizations", "{not json", content_type=JSON)
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    assert not AuditEntry.objects.exists()


def test_openapi_schema_and_docs(db):
    client = Client()
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/organizations",
        "/api/organizations/{slug}",
        "/api/organizations/{slug}/confirm",
        "/api/memberships",
        "/api/memberships/{membership_id}",
        "/api/memberships/{membership_id}/{action}",
        "/api/alliances/{slug}/invitations",
        "/api/alliances/{slug}/applications",
        "/api/offers",
        "/api/offers/{offer_id}",
        "/api/alliances",
        "/api/alliances/{slug}",
        "/api/capabilities",
        "/api/capabilities/tree",
        "/api/regions",
        "/api/me",
    } <= paths
    org_in = schema["components"]["schemas"]["OrgIn"]["properties"]
    assert "enterprise" in str(org_in["org_type"])
    assert client.get("/api/docs").status_code == 200
