"""The pages: the appraise form (prefilled, sources, errors keep input), the results, the
history, scenarios side by side, the panel on the project page, the assumptions library."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sanxin.appraisals.models import Appraisal
from sanxin.common.enums import Confidentiality
from sanxin.projects.enums import CapacityUnit, ConsortiumStatus, Currency, ProjectType
from tests.appraisals.factories import STORAGE_INPUTS, AppraisalFactory
from tests.conftest import client_for
from tests.factories import region
from tests.projects.factories import ConsortiumRoleFactory, ProjectFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def project(world):
    return ProjectFactory(
        owner=world.member_org,
        title_en="Liangshan wind",
        province=region("CN-SC"),
        capacity=100,
        capacity_unit=CapacityUnit.MW,
        investment=550_000_000,
        currency=Currency.CNY,
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _value(html: str, name: str) -> str:
    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    return found.group(1) if found else ""


def test_the_form_starts_from_the_library_and_the_project(world, project):
    response = client_for(world, "member").get(reverse("appraisal_create", args=[project.pk]))
    assert response.status_code == 200
    html = _text(response)
    assert _value(html, "capacity_kw") == "100000"
    assert _value(html, "capex") == "550000000"
    assert _value(html, "capacity_factor") == "28"
    assert _value(html, "discount_rate") == "6"
    assert _value(html, "region") == "CN-SC"
    assert _value(html, "scenario") == "Base case"
    assert "From the project&#x27;s total investment" in html
    assert "中华人民共和国企业所得税法 art. 4 (25 %)" in html
    assert "Assumption: a typical figure for a first look" in html
    assert reverse("appraisal_assumptions") in html


def test_running_the_form_stores_the_appraisal(world, project):
    client = client_for(world, "member")
    url = reverse("appraisal_create", args=[project.pk])
    form = {
        "scenario": "Base case",
        "technology": "wind",
        "capacity_kw": "100000",
        "years": "20",
        "currency": "CNY",
        "capacity_factor": "28",
        "availability": "100",
        "curtailment": "0",
        "capex": "550000000",
        "construction_years": "1",
        "om_fixed_per_kw_year": "120",
        "tariff_per_kwh": "0.35",
        "discount_rate": "6",
        "debt_fraction": "70",
        "interest_rate": "4",
        "loan_years": "15",
        "grace_years": "0",
        "loan_type": "equal_principal",
        "tax_rate": "25",
        "tax_holiday": "3+3",
        "tax_losses": "carry_forward",
        "loss_carryforward_years": "5",
        "depreciation_years": "20",
        "depreciation_convention": "full_year",
        "salvage_fraction": "0",
        "region": "CN-SC",
    }
    response = client.post(url, form)
    appraisal = Appraisal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("appraisal_detail", args=[appraisal.pk])
    assert appraisal.inputs["capacity_factor"] == pytest.approx(0.28)
    assert appraisal.inputs["discount_rate"] == pytest.approx(0.06)
    assert appraisal.inputs["tax_holiday"] == {"free_years": 3, "half_years": 3, "start_year": 1}
    assert appraisal.inputs["tax_losses"] == "carry_forward"
    assert appraisal.created_by == world.member
    # A list of tax rates shorter than the life goes on at its last rate.
    response = client.post(url, {**form, "scenario": "Viet-style tax", "tax_rate": "0, 0, 10"})
    assert response.status_code == 302
    stored = Appraisal.objects.get(scenario="Viet-style tax").inputs["tax_rate"]
    assert stored == pytest.approx([0.0, 0.0] + [0.1] * 18)


def test_a_form_with_errors_keeps_the_input_and_saves_nothing(world, project):
    client = client_for(world, "member")
    url = reverse("appraisal_create", args=[project.pk])
    initial = client.get(url)
    data = {
        name: _value(_text(initial), name)
        for name in ("capacity_kw", "capex", "years", "capacity_factor", "discount_rate")
    }
    response = client.post(
        url,
        {
            **data,
            "scenario": "Too long",
            "technology": "wind",
            "years": "70",
            "tariff_per_kwh": "0.4",
            "tax_rate": "25",
            "region": "CN-SC",
        },
    )
    assert response.status_code == 200
    html = _text(response)
    assert "Enter a whole number from 1 to 60." in html
    assert 'id="id_years_errors"' in html
    assert _value(html, "years") == "70"
    assert _value(html, "tariff_per_kwh") == "0.4"
    assert _value(html, "scenario") == "Too long"
    assert Appraisal.objects.count() == 0


def test_the_results_page(world, project):
    appraisal = AppraisalFactory(project=project, scenario="Base case")
    response = client_for(world, "member").get(reverse("appraisal_detail", args=[appraisal.pk]))
    assert response.status_code == 200
    html = _text(response)
    assert "Project NPV (after tax)" in html
    assert 'id="figure-irr_equity"' in html
    assert html.count("<svg") == 2
    assert 'role="img"' in html
    assert 'id="cash-table"' in html and 'id="tornado-table"' in html
    factor = f"{float(appraisal.emission_factor_t_per_mwh):.4f}"
    assert f"Emission factor used: {factor} tCO2/MWh: provincial average, CN-GD" in html
    assert "latest provincial average" in html
    assert "生态环境部" in html  # the factor's source document
    assert "<script" not in html.split("</head>")[1]
    assert " style=" not in html


def test_storage_results_say_honestly_what_the_carbon_means(world):
    project = ProjectFactory(owner=world.member_org, project_type=ProjectType.BATTERY_STORAGE)
    appraisal = AppraisalFactory(project=project, inputs=STORAGE_INPUTS)
    response = client_for(world, "member").get(reverse("appraisal_detail", args=[appraisal.pk]))
    assert "its avoided CO2 is therefore negative" in _text(response)


def test_history_lists_the_appraisals_newest_first(world, project):
    first = AppraisalFactory(project=project, scenario="First")
    second = AppraisalFactory(project=project, scenario="Second")
    response = client_for(world, "other_alliance").get(reverse("appraisal_list", args=[project.pk]))
    assert response.status_code == 404
    response = client_for(world, "member").get(reverse("appraisal_list", args=[project.pk]))
    ids = [int(i) for i in re.findall(r'id="appraisal-(\d+)"', response.content.decode())]
    assert ids == [second.pk, first.pk]


@pytest.mark.parametrize("count", [1, 3])
def test_history_constant_queries(world, project, count, django_assert_num_queries):
    client = client_for(world, "member")
    url = reverse("appraisal_list", args=[project.pk])
    AppraisalFactory(project=project)
    client.get(url)  # warm the session and the viewer
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(count - 1):
        AppraisalFactory(project=project)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(re.findall(r'id="appraisal-\d+"', response.content.decode())) == count


def test_scenarios_side_by_side(world, project):
    base = AppraisalFactory(project=project, scenario="Base case")
    low = AppraisalFactory(
        project=project, scenario="Tariff -10 %", inputs={"tariff_per_kwh": 0.315}
    )
    client = client_for(world, "member")
    url = reverse("appraisal_compare", args=[project.pk])
    response = client.get(url, {"id": [base.pk, low.pk]})
    assert response.status_code == 200
    html = _text(response)
    assert html.index("Base case") < html.index("Tariff -10 %")
    assert "≠</span> Tariff in year 1 (per kWh)" in html
    assert "≠</span> Capacity (kW)" not in html
    response = client.get(url, {"id": [base.pk]})
    assert response.status_code == 302
    other = AppraisalFactory(project=ProjectFactory(owner=world.member_org))
    assert client.get(url, {"id": [base.pk, other.pk]}).status_code == 404
    assert client.get(url, {"id": [base.pk, "x"]}).status_code == 404


def test_the_project_page_shows_the_latest_appraisal(world, project):
    detail = reverse("project_detail", args=[project.pk])
    response = client_for(world, "member").get(detail)
    assert "No appraisal yet." in _text(response)
    assert reverse("appraisal_create", args=[project.pk]) in _text(response)
    appraisal = AppraisalFactory(project=project, scenario="Base case")
    html = _text(client_for(world, "member").get(detail))
    assert "Latest: “Base case”" in html
    assert reverse("appraisal_detail", args=[appraisal.pk]) in html
    assert 'id="panel-irr_equity"' in html
    # Someone who sees the project but is not on its team: figures, no "Appraise".
    ConsortiumRoleFactory(
        project=project, organization=world.partner_org, status=ConsortiumStatus.INVITED
    )
    html = _text(client_for(world, "partner").get(detail))
    assert 'id="panel-irr_equity"' in html
    assert reverse("appraisal_create", args=[project.pk]) not in html


def test_own_organization_projects_show_appraisals_to_the_team_only(world):
    own = ProjectFactory(owner=world.member_org, confidentiality=Confidentiality.OWN)
    ConsortiumRoleFactory(
        project=own, organization=world.partner_org, status=ConsortiumStatus.INVITED
    )
    appraisal = AppraisalFactory(project=own)
    html = _text(client_for(world, "partner").get(reverse("project_detail", args=[own.pk])))
    assert "shown to its team only" in html
    assert reverse("appraisal_detail", args=[appraisal.pk]) not in html


def test_a_type_the_engine_does_not_cover(world):
    plant = ProjectFactory(owner=world.member_org, project_type=ProjectType.BATTERY_RECYCLING)
    response = client_for(world, "member").get(reverse("appraisal_create", args=[plant.pk]))
    html = _text(response)
    assert response.status_code == 200
    assert "this project&#x27;s type is not covered" in html
    assert 'id="appraisal-form"' not in html


def test_the_assumptions_library(world):
    response = client_for(world, "anonymous").get(reverse("appraisal_assumptions"))
    html = _text(response)
    assert response.status_code == 200
    assert 'id="library-CN-tax_rate"' in html and 'id="library-VN-tax_rate"' in html
    assert "Decree 218/2013/ND-CP" in html
    assert "4 × 0 %, 9 × 5 %, 2 × 10 %, then 20 %" in html


def test_pages_in_chinese(world, project):
    appraisal = AppraisalFactory(project=project)
    client = client_for(world, "member")
    html = _text(client.get(f"/zh-hans/appraisals/{appraisal.pk}/"))
    assert "内部收益率" in html
    html = _text(client.get(f"/vi/appraisals/{appraisal.pk}/"))
    assert "tỷ suất hoàn vốn nội bộ" in html.lower()


def test_charts_draw_the_same_in_every_language(world, project):
    appraisal = AppraisalFactory(project=project)
    client = client_for(world, "member")
    svgs = {}
    for lang in ("en", "zh-hans", "vi"):
        html = client.get(f"/{lang}/appraisals/{appraisal.pk}/").content.decode()
        shapes = re.findall(r"<(?:rect|line|polyline)[^>]*>", html)
        svgs[lang] = shapes
        assert not [s for s in shapes if re.search(r'(?:x|y|x1|y1|width|height)="[^"]*,', s)]
    assert svgs["en"] == svgs["zh-hans"] == svgs["vi"]


def test_figures_are_grouped_in_thousands_in_every_language(world, project):
    appraisal = AppraisalFactory(project=project)
    client = client_for(world, "member")
    npv = round(float(appraisal.npv_project))
    grouped = f"{npv:,}"
    pages = {
        lang: _text(client.get(f"/{lang}/appraisals/{appraisal.pk}/"))
        for lang in ("en", "zh-hans", "vi")
    }
    assert f"{grouped} CNY" in pages["en"]
    assert f"{grouped} CNY" in pages["zh-hans"]
    assert f"{grouped.replace(',', '.')} CNY" in pages["vi"]
    irr = float(appraisal.irr_equity) * 100
    assert f"{irr:.2f} %".replace(".", ",") in pages["vi"]
