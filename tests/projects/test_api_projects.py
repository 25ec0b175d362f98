"""API of projects: what each role sees, the lifecycle through the API, bad input, query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanxin.common.models import AuditEntry
from sanxin.projects.enums import ConsortiumStatus, MilestoneStatus, Stage
from sanxin.projects.models import (
    ConsortiumRole,
    FollowUp,
    FundingEntry,
    FundingSource,
    Milestone,
    Phase,
    Project,
)
from tests.conftest import ROLES, client_for
from tests.factories import region
from tests.projects.factories import (
    ConsortiumRoleFactory,
    FollowUpFactory,
    FundingEntryFactory,
    FundingSourceFactory,
    MilestoneFactory,
    PhaseFactory,
    ProjectFactory,
)
from tests.projects.test_visibility import EVERY, EXPECTED

pytestmark = pytest.mark.integration

JSON = "application/json"
PAST = dt.date(2020, 1, 1)


def post(client, url, data):
    return client.post(url, data, content_type=JSON)


def patch(client, url, data):
    return client.patch(url, data, content_type=JSON)


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_exactly_what_the_role_may_see(world, projects, role):
    body = client_for(world, role).get("/api/projects?limit=200").json()
    assert {item["title_en"] for item in body["items"]} == EXPECTED[role]
    assert body["count"] == len(EXPECTED[role])


@pytest.mark.parametrize("role", ROLES)
def test_detail_answers_404_for_what_the_role_may_not_see(world, projects, role):
    client = client_for(world, role)
    by_title = projects.by_title()
    seen = {t for t in EVERY if client.get(f"/api/projects/{by_title[t].pk}").status_code == 200}
    assert seen == EXPECTED[role]
    for title in EVERY - EXPECTED[role]:
        body = client.get(f"/api/projects/{by_title[title].pk}").json()
        assert body["code"] == "not_found"


def test_pagination_and_filters(world):
    for i in range(3):
        ProjectFactory(title_en=f"P{i}", owner=world.member_org, stage=Stage.PROPOSED)
    ProjectFactory(title_en="Storage", owner=world.member_org, project_type="battery_storage")
    client = client_for(world, "member")
    body = client.get("/api/projects?limit=2&offset=1").json()
    assert (body["count"], [i["title_en"] for i in body["items"]]) == (4, ["P2", "P1"])
    body = client.get("/api/projects?stage=proposed&limit=200").json()
    assert sorted(i["title_en"] for i in body["items"]) == ["P0", "P1", "P2"]
    body = client.get("/api/projects?type=battery_storage").json()
    assert [i["title_en"] for i in body["items"]] == ["Storage"]
    response = client.get("/api/projects?stage=flying&limit=0")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["limit"]


def test_unknown_stage_filter_is_a_field_error(world):
    response = client_for(world, "member").get("/api/projects?stage=flying")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["stage"]


def test_the_lifecycle_through_the_api(world):
    client = client_for(world, "org_admin")
    response = post(
        client,
        "/api/projects",
        {
            "title_zh": "凉山风电",
            "project_type": "wind",
            "country": "cn",
            "province": "CN-SC",
            "capacity": "100",
            "capacity_unit": "MW",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    pid = body["id"]
    assert (body["owner"]["slug"], body["stage"], body["province"]["code"]) == (
        "member-org",
        "idea",
        "CN-SC",
    )
    assert body["allowed_stages"] == ["proposed", "on_hold", "cancelled"]

    body = patch(client, f"/api/projects/{pid}", {"city": "Xichang"}).json()
    assert body["city"] == "Xichang"

    response = post(client, f"/api/projects/{pid}/phases", {"name_en": "Phase 1"})
    assert (response.status_code, response.json()["number"]) == (201, 1)
    phase_id = response.json()["id"]
    response = post(
        client,
        f"/api/projects/{pid}/milestones",
        {"title_en": "Permit", "planned": "2020-01-01", "phase": phase_id},
    )
    assert response.status_code == 201
    assert (response.json()["phase"], response.json()["is_overdue"]) == (phase_id, True)

    response = post(
        client, f"/api/projects/{pid}/consortium", {"organization": "partner-org", "role": "epc"}
    )
    assert (response.status_code, response.json()["status"]) == (201, "invited")
    role_id = response.json()["id"]
    partner = client_for(world, "partner")
    response = post(partner, f"/api/projects/{pid}/consortium/{role_id}/accept", {})
    assert (response.status_code, response.json()["status"]) == (200, "confirmed")

    for stage in ("proposed", "agreement_signed", "financing_closed", "construction_started"):
        response = post(client, f"/api/projects/{pid}/stage", {"stage": stage})
        assert response.status_code == 200, response.content
    body = client.get(f"/api/projects/{pid}").json()
    assert (body["stage"], body["furthest_stage"], body["overdue_milestones"]) == (
        "construction_started",
        "construction_started",
        1,
    )
    assert [c["to_stage"] for c in body["stage_changes"]] == [
        "idea",
        "proposed",
        "agreement_signed",
        "financing_closed",
        "construction_started",
    ]
    assert [(r["organization"]["slug"], r["status"]) for r in body["consortium"]] == [
        ("partner-org", "confirmed")
    ]
    landing = client.get("/api/projects/landing").json()
    ratios = {r["key"]: r for r in landing["ratios"]}
    assert ratios["construction_started"]["percent"] == "100.0"
    assert ratios["in_operation"]["percent"] == "0.0"
    assert ratios["funds_arrived"]["percent"] is None  # nothing committed: no value, not 0 %
    assert ratios["agreements_fulfilled"]["definition"].startswith("Of the projects that reached")


def test_a_refused_stage_move_is_a_field_error_and_changes_nothing(world):
    project = ProjectFactory(owner=world.member_org, stage=Stage.IDEA, stage_since=PAST)
    client = client_for(world, "org_admin")
    response = post(client, f"/api/projects/{project.pk}/stage", {"stage": "in_operation"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "stage": [
            "A project that is “Idea” cannot move to “In operation”; it can move to: "
            "“Proposed”, “On hold”, “Cancelled”."
        ]
    }
    response = post(
        client, f"/api/projects/{project.pk}/stage", {"stage": "proposed", "on": "2999-01-01"}
    )
    assert response.json()["errors"] == {"on": ["A stage change cannot be dated in the future."]}
    project.refresh_from_db()
    assert project.stage == Stage.IDEA
    assert not AuditEntry.objects.exists()


def test_create_with_bad_input_gives_field_errors_and_saves_nothing(world):
    client = client_for(world, "org_admin")
    response = post(
        client,
        "/api/projects",
        {"project_type": "wind", "country": "XX", "province": "NOPE", "owner": "nobody"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "country": ["Unknown country code. Use a two-letter code like CN or VN."],
        "province": ["Unknown province code: NOPE."],
        "owner": ["Nothing with the short code “nobody”."],
    }
    response = post(client, "/api/projects", {"project_type": "wind", "country": "CN"})
    assert response.json()["errors"] == {
        "title_en": ["Give the project a title in at least one language."]
    }
    response = post(
        client, "/api/projects", {"title_en": "X", "project_type": "rocket", "country": "CN"}
    )
    assert list(response.json()["errors"]) == ["project_type"]
    response = post(client, "/api/projects", {"title_en": "X", "capacity": "abc"})
    assert list(response.json()["errors"]) == ["capacity"]
    assert not Project.objects.exists()
    assert not AuditEntry.objects.exists()


def test_patch_cannot_change_the_stage(world):
    project = ProjectFactory(owner=world.member_org)
    response = patch(
        client_for(world, "org_admin"), f"/api/projects/{project.pk}", {"stage": "proposed"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["stage"]


def test_subresource_bad_input_saves_nothing(world):
    project = ProjectFactory(owner=world.member_org)
    other_phase = PhaseFactory()
    client = client_for(world, "org_admin")
    base = f"/api/projects/{project.pk}"
    response = post(
        client,
        f"{base}/milestones",
        {"title_en": "X", "phase": other_phase.pk, "planned": "2030-01-01"},
    )
    assert response.json()["errors"] == {"phase": ["Choose a phase of this project."]}
    response = post(
        client, f"{base}/milestones", {"title_en": "X", "status": "done", "planned": "2030-01-01"}
    )
    assert response.json()["errors"] == {
        "actual": ["Give the date on which the milestone was reached."]
    }
    response = post(client, f"{base}/phases", {"capacity": "5"})
    assert list(response.json()["errors"]) == ["capacity_unit"]
    response = post(client, f"{base}/consortium", {"organization": "other-org", "role": "epc"})
    assert response.json()["errors"] == {
        "organization": ["No organization with the short code “other-org”."]
    }
    response = post(
        client, f"{base}/consortium", {"organization": "partner-org", "role": "epc", "share": "120"}
    )
    assert response.status_code == 422
    response = post(client, f"{base}/funding", {"label": ""})
    assert response.json()["errors"] == {"label": ["Name the source, or choose its organization."]}
    response = post(
        client, f"{base}/follow-ups", {"title": "X", "due": "2030-01-01", "owner": "other"}
    )
    assert response.json()["errors"] == {
        "owner": ["This person cannot see the project; choose someone who can."]
    }
    assert not Milestone.objects.exists()
    assert not Phase.objects.filter(project=project).exists()
    assert not ConsortiumRole.objects.exists()
    assert not FundingSource.objects.exists()
    assert not FollowUp.objects.exists()


def test_funding_and_follow_ups(world):
    project = ProjectFactory(owner=world.member_org)
    client = client_for(world, "member")
    base = f"/api/projects/{project.pk}"
    source = post(client, f"{base}/funding", {"label": "Bank of Sichuan", "kind": "loan"}).json()
    url = f"{base}/funding/{source['id']}/entries"
    response = post(client, url, {"kind": "arrived", "amount": "10", "on": "2024-01-01"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["amount"]
    post(client, url, {"kind": "committed", "amount": "1000", "on": "2024-01-01"})
    body = post(client, url, {"kind": "arrived", "amount": "400", "on": "2024-02-01"}).json()
    assert (Decimal(body["committed"]), Decimal(body["arrived"])) == (Decimal(1000), Decimal(400))
    assert FundingEntry.objects.count() == 2

    item = post(
        client, f"{base}/follow-ups", {"title": "Call the bank", "due": "2030-01-01"}
    ).json()
    assert item["owner"]["username"] == "member"
    mine = client.get("/api/follow-ups/mine").json()
    assert [i["title"] for i in mine["items"]] == ["Call the bank"]
    body = patch(client, f"/api/follow-ups/{item['id']}", {"status": "done"}).json()
    assert (body["status"], body["done_on"]) == ("done", dt.date.today().isoformat())  # noqa: DTZ011
    assert client.get("/api/follow-ups/mine").json()["count"] == 0
    assert client_for(world, "anonymous").get("/api/follow-ups/mine").status_code == 401


def test_consortium_list_hides_declined_rows_from_outsiders(world):
    project = ProjectFactory(owner=world.member_org)
    ConsortiumRoleFactory(project=project, organization=world.partner_org, status="invited")
    ConsortiumRoleFactory(project=project, organization=world.public_org, status="declined")
    url = f"/api/projects/{project.pk}/consortium"
    team = client_for(world, "member").get(url).json()
    assert sorted(r["status"] for r in team) == ["declined", "invited"]
    partner = client_for(world, "partner").get(url).json()
    assert [r["status"] for r in partner] == [ConsortiumStatus.INVITED]


# --- query counts ---------------------------------------------------------------------------


def _add(world, n: int) -> None:
    for _ in range(n):
        project = ProjectFactory(owner=world.member_org, province=region("CN-SC"))
        MilestoneFactory(project=project, planned=PAST, status=MilestoneStatus.PLANNED)
        FollowUpFactory(project=project, owner=world.secretariat)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/api/projects", "/api/projects/landing", "/api/follow-ups/mine"])
def test_api_lists_constant_queries(world, url, django_assert_num_queries):
    client = client_for(world, "secretariat")
    _add(world, 1)
    with_one = _count(client, url)
    _add(world, 2)
    with django_assert_num_queries(with_one):
        client.get(url)


@pytest.mark.parametrize(
    "part", ["phases", "milestones", "consortium", "funding", "follow-ups", "documents", ""]
)
def test_project_parts_constant_queries(world, part, django_assert_num_queries):
    project = ProjectFactory(owner=world.member_org)
    client = client_for(world, "secretariat")
    url = f"/api/projects/{project.pk}/{part}".rstrip("/")

    def add(n):
        for _ in range(n):
            PhaseFactory(project=project)
            MilestoneFactory(project=project, phase=Phase.objects.filter(project=project).first())
            ConsortiumRoleFactory(project=project, share=None)
            FundingEntryFactory(source=FundingSourceFactory(project=project))
            FollowUpFactory(project=project, owner=world.secretariat)

    add(1)
    with_one = _count(client, url)
    add(2)
    with django_assert_num_queries(with_one):
        client.get(url)


def test_openapi_lists_the_project_endpoints(db):
    from django.test import Client

    paths = Client().get("/api/openapi.json").json()["paths"]
    ours = {p for p in paths if p.startswith(("/api/projects", "/api/follow-ups"))}
    # The appraisal records of a project are the appraisals app's (tests/appraisals).
    assert {p for p in ours if "/appraisals" not in p} == {
        "/api/projects",
        "/api/projects/landing",
        "/api/projects/{project_id}",
        "/api/projects/{project_id}/stage",
        "/api/projects/{project_id}/watch",
        "/api/projects/{project_id}/phases",
        "/api/projects/{project_id}/phases/{phase_id}",
        "/api/projects/{project_id}/milestones",
        "/api/projects/{project_id}/milestones/{milestone_id}",
        "/api/projects/{project_id}/consortium",
        "/api/projects/{project_id}/consortium/{role_id}/{action}",
        "/api/projects/{project_id}/funding",
        "/api/projects/{project_id}/funding/{source_id}/entries",
        "/api/projects/{project_id}/follow-ups",
        "/api/projects/{project_id}/documents",
        "/api/projects/{project_id}/documents/{document_id}",
        "/api/follow-ups/mine",
        "/api/follow-ups/{follow_up_id}",
    }
