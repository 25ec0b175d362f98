"""The appraisals API: list, read, run, defaults, export; errors keyed by input name, in the
caller's language; constant queries on the list."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from sanxin.appraisals.models import Appraisal
from sanxin.projects.enums import CapacityUnit
from tests.appraisals.factories import WIND_INPUTS, AppraisalFactory
from tests.conftest import client_for
from tests.factories import region
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def project(world):
    return ProjectFactory(
        owner=world.member_org, province=region("CN-GD"), capacity=50, capacity_unit=CapacityUnit.MW
    )


def _post(client, project, body, **extra):
    return client.post(
        f"/api/projects/{project.pk}/appraisals", body, content_type="application/json", **extra
    )


def test_run_an_appraisal(world, project):
    response = _post(
        client_for(world, "member"), project, {"scenario": "Base case", "inputs": WIND_INPUTS}
    )
    assert response.status_code == 201
    body = response.json()
    stored = Appraisal.objects.get()
    assert body["id"] == stored.pk
    assert body["project"] == project.pk
    assert body["scenario"] == "Base case"
    assert body["created_by"] == str(world.member)
    assert body["npv_project"] == pytest.approx(float(stored.npv_project))
    assert body["irr_equity"] == pytest.approx(float(stored.irr_equity))
    assert body["emission_factor"]["region"] == "CN-GD"
    assert body["emission_factor"]["source"] == stored.emission_factor_source
    assert body["result"]["cash_flows"]["year"][0] == 0
    assert body["inputs"] == stored.inputs
    assert [bar["input"] for bar in body["tornado"]["bars"]] == [
        bar["input"] for bar in stored.tornado["bars"]
    ]


def test_errors_are_keyed_by_input_in_the_callers_language(world, project):
    client = client_for(world, "member")
    bad = {"scenario": "", "inputs": {**WIND_INPUTS, "years": 99}}
    response = _post(client, project, bad)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "scenario": ["Give the scenario a name."],
        "years": ["Enter a whole number from 1 to 60."],
    }
    response = _post(client, project, bad, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.json()["errors"]["years"] == ["请输入 1 到 60 之间的整数。"]
    response = _post(
        client, project, {"scenario": "A", "inputs": {**WIND_INPUTS, "tax_rate": [0.2]}}
    )
    assert list(response.json()["errors"]) == ["tax_rate"]
    assert Appraisal.objects.count() == 0


def test_list_and_get(world, project):
    older = AppraisalFactory(project=project, scenario="Older")
    newer = AppraisalFactory(project=project, scenario="Newer")
    client = client_for(world, "member")
    body = client.get(f"/api/projects/{project.pk}/appraisals").json()
    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [newer.pk, older.pk]
    assert "result" not in body["items"][0]
    one = client.get(f"/api/appraisals/{older.pk}").json()
    assert one["scenario"] == "Older"
    assert one["result"]["npv_equity"] == older.result["npv_equity"]


def test_defaults_for_a_project(world, project):
    body = client_for(world, "member").get(f"/api/projects/{project.pk}/appraisals/defaults").json()
    assert body["appraisable"] is True
    assert body["technology"] == "wind"
    assert body["inputs"]["capacity_kw"] == 50000
    assert body["inputs"]["region"] == "CN-GD"
    assert body["inputs"]["tax_rate"] == 0.25
    sources = {row["field"]: row for row in body["sources"]}
    assert sources["capacity_kw"]["origin"] == "project"
    assert sources["tax_rate"]["source"].startswith("中华人民共和国企业所得税法")
    assert sources["availability"]["origin"] == "engine"
    # The defaults run as they are.
    response = _post(
        client_for(world, "member"), project, {"scenario": "Defaults", "inputs": body["inputs"]}
    )
    assert response.status_code == 201


def test_export_is_an_excel_workbook(world, project):
    appraisal = AppraisalFactory(project=project)
    response = client_for(world, "member").get(f"/api/appraisals/{appraisal.pk}/export")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Key figures", "Inputs", "Cash flows", "Sensitivity"]


@pytest.mark.parametrize("url", ["/api/projects/{p}/appraisals"])
def test_api_list_constant_queries(world, project, url, django_assert_num_queries):
    client = client_for(world, "secretariat")
    path = url.format(p=project.pk)
    AppraisalFactory(project=project)
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).json()["count"] == 1
    AppraisalFactory(project=project)
    AppraisalFactory(project=project)
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(path).json()["count"] == 3


def test_openapi_lists_the_appraisal_endpoints(db):
    from django.test import Client

    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {p for p in paths if "appraisal" in p} == {
        "/api/projects/{project_id}/appraisals",
        "/api/projects/{project_id}/appraisals/defaults",
        "/api/appraisals/{appraisal_id}",
        "/api/appraisals/{appraisal_id}/export",
    }
    export = paths["/api/appraisals/{appraisal_id}/export"]["get"]["responses"]["200"]
    assert list(export["content"]) == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ]
