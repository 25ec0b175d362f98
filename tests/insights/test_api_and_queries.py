"""The API's figures, the background report through the API, and query-count guards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanxin.insights.domain.reports import finish_report, request_report
from sanxin.insights.models import Report
from sanxin.projects.enums import Stage
from tests.appraisals.factories import AppraisalFactory
from tests.conftest import client_for
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration


def test_api_dashboard_figures(world, pipeline):
    response = client_for(world, "secretariat").get(
        "/api/insights/dashboard", {"alliance": "three-new", "region": "VN"}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["scope"]["region"] == "VN"
    assert data["projects"] == 2
    assert {r["key"]: r["value"] for r in data["by_stage"] if r["value"] != "0"} == {
        "idea": "1",
        "agreement_signed": "1",
    }
    assert data["investment"]["total"] == "71000000.00"
    assert data["investment"]["missing_rates"] == ["VND"]
    assert [(c["unit"], Decimal(c["total"])) for c in data["capacity"]] == [
        ("MWh", Decimal(200)),
        ("t/yr", Decimal(50)),
    ]
    assert Decimal(data["carbon"]["tco2_per_year"]) == pipeline.storage_appraisal.tco2_year1
    assert data["carbon"]["target"] == "500000.0"


def test_api_target_and_report(world, pipeline, django_capture_on_commit_callbacks):
    client = client_for(world, "secretariat")
    response = client.put(
        "/api/insights/targets",
        {"alliance": "three-new", "year": 2030, "tco2_per_year": "-1"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "tco2_per_year": ["Enter the target as a number of tonnes of CO2 per year, 0 or more."]
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/insights/reports",
            {"alliance": "three-new", "start": "2020-01-01", "language": "vi", "format": "pdf"},
            content_type="application/json",
        )
    assert response.status_code == 202
    report_id = response.json()["id"]
    status = client.get(f"/api/insights/reports/{report_id}").json()
    assert (status["status"], status["progress"], status["language"]) == ("done", 100, "vi")
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    bad = client.post(
        "/api/insights/reports",
        {"alliance": "three-new", "language": "fr", "format": "pdf"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"] == {
        "language": ["Choose English, Simplified Chinese or Vietnamese."]
    }
    assert Report.objects.count() == 1


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add_projects(world, n: int) -> None:
    for i in range(n):
        stage = (Stage.IDEA, Stage.AGREEMENT, Stage.OPERATION)[i % 3]
        project = ProjectFactory(owner=world.member_org, alliance=world.alliance, stage=stage)
        AppraisalFactory(project=project, scenario=f"Case {i}")


PAGES = {
    "dashboard": ("/en/insights/", {"alliance": "three-new"}),
    "csv": ("/en/insights/csv/stage/", {"alliance": "three-new"}),
    "api_dashboard": ("/api/insights/dashboard", {"alliance": "three-new"}),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_dashboard_queries_do_not_grow_with_projects(world, name):
    url, params = PAGES[name]
    client = client_for(world, "secretariat")
    _add_projects(world, 1)
    one = _count(client, url, params)
    _add_projects(world, 2)
    assert _count(client, url, params) == one


@pytest.mark.parametrize(
    "url", ["/en/insights/reports/?alliance=three-new", "/api/insights/reports"]
)
def test_report_lists_do_not_grow_with_reports(world, url):
    client = client_for(world, "member")

    def add(n):
        for _ in range(n):
            report = request_report(
                actor=world.member,
                alliance=world.alliance,
                start=None,
                end=None,
                language="en",
                file_format="pdf",
            )
            finish_report(report, b"%PDF-1.4")

    add(1)
    one = _count(client, url)
    add(2)
    assert _count(client, url) == one
