"""The dashboard page, its charts and CSV exports, the target form and the reports pages."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from sanxin.common.audit import history_for
from sanxin.insights.models import CarbonTarget, Report
from tests.conftest import client_for

pytestmark = pytest.mark.integration


def test_dashboard_shows_charts_with_their_tables(world, pipeline):
    response = client_for(world, "secretariat").get(reverse("dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="stat-projects">4<' in html
    for key in ("stage", "type", "region", "capacity-mw", "capacity-mwh", "capacity-t-yr"):
        assert f'id="chart-{key}"' in html
        assert f'id="table-{key}"' in html
    assert "<svg" in html and 'role="img"' in html
    assert " style=" not in html.split('id="charts-heading"')[1].split('id="events"')[0]
    assert "<script" not in html.split("<main")[1]
    assert "Chengdu symposium" in html


def test_dashboard_in_chinese(world, pipeline):
    response = client_for(world, "member").get("/zh-hans/insights/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "按阶段划分的项目" in html


def test_csv_export_matches_the_table(world, pipeline):
    client = client_for(world, "secretariat")
    response = client.get(reverse("dashboard_csv", args=["stage"]), {"alliance": "three-new"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Stage", "Projects"]
    assert dict(rows[1:]) == {
        "Idea": "1",
        "Proposed": "1",
        "Agreement signed": "1",
        "Financing closed": "0",
        "Construction started": "1",
        "Commissioning": "0",
        "In operation": "0",
    }
    assert client.get(reverse("dashboard_csv", args=["nothing"])).status_code == 404
    bad = client.get(reverse("dashboard_csv", args=["stage"]), {"region": "Atlantis"})
    assert bad.status_code == 400


def test_bad_filter_is_shown_on_the_form(world, pipeline):
    response = client_for(world, "member").get(
        reverse("dashboard"), {"start": "2025-05-01", "end": "2025-04-01"}
    )
    assert response.status_code == 200
    assert "The end of the period is before its start." in response.content.decode()
    assert "figures" not in response.context


def test_secretariat_sets_the_target_and_it_is_audited(world, pipeline):
    client = client_for(world, "secretariat")
    url = reverse("insights_target")
    response = client.post(url, {"alliance": "three-new", "year": 2031, "tco2_per_year": "1250000"})
    assert response.status_code == 302
    target = CarbonTarget.objects.get(alliance=world.alliance, year=2031)
    assert target.tco2_per_year == Decimal("1250000.0")
    assert target.set_by == world.secretariat
    entry = history_for(target).get()
    assert (entry.action, entry.actor) == ("sanxin.insights.target.set", world.secretariat)
    assert entry.changes["new"] == {"year": 2031, "tco2_per_year": "1250000.0"}
    bad = client.post(url, {"alliance": "three-new", "year": 2031, "tco2_per_year": "-5"})
    assert bad.status_code == 200
    assert "Enter the target as a number of tonnes of CO2 per year, 0 or more." in (
        bad.content.decode()
    )
    assert CarbonTarget.objects.get(alliance=world.alliance, year=2031).tco2_per_year == (
        Decimal("1250000.0")
    )


def test_report_is_generated_in_the_background_and_downloaded(
    world, pipeline, django_capture_on_commit_callbacks
):
    client = client_for(world, "member")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("report_list"),
            {
                "alliance": "three-new",
                "start": "2020-01-01",
                "end": "2030-12-31",
                "language": "vi",
                "file_format": "xlsx",
            },
        )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("report_detail", args=[report.pk])
    assert (report.status, report.progress, report.requested_by) == ("done", 100, world.member)
    page = client.get(reverse("report_detail", args=[report.pk]), HTTP_HX_REQUEST="true")
    assert 'id="report-download"' in page.content.decode()
    download = client.get(reverse("report_download", args=[report.pk]))
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    # the partner (another member) may not open the member's report; the secretariat may
    assert (
        client_for(world, "partner").get(reverse("report_detail", args=[report.pk])).status_code
        == 404
    )
    assert (
        client_for(world, "secretariat")
        .get(reverse("report_download", args=[report.pk]))
        .status_code
        == 200
    )


def test_bad_report_request_saves_nothing(world, pipeline):
    response = client_for(world, "member").post(
        reverse("report_list"),
        {
            "alliance": "three-new",
            "start": "2025-05-01",
            "end": "2025-04-01",
            "language": "vi",
            "file_format": "pdf",
        },
    )
    assert response.status_code == 200
    assert "The end of the period is before its start." in response.content.decode()
    assert not Report.objects.exists()
