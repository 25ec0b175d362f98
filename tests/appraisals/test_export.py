"""The Excel export, opened with openpyxl: key figures, inputs and yearly cash flows equal
the engine's own numbers for the stored inputs."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from sanxin.engines.appraisal import appraise, parse_input
from tests.appraisals.factories import AppraisalFactory
from tests.conftest import client_for
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def appraisal(world):
    return AppraisalFactory(
        project=ProjectFactory(owner=world.member_org, title_en="Export wind"),
        scenario="Base case",
        inputs={"tax_losses": "carry_forward", "construction_years": 2},
    )


def _book(world, appraisal, lang="en"):
    url = f"/{lang}/appraisals/{appraisal.pk}/export.xlsx"
    response = client_for(world, "member").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="appraisal-{appraisal.project_id}-{appraisal.pk}.xlsx"'
    )
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_figures_equal_the_engines(world, appraisal):
    expected = appraise(parse_input(appraisal.inputs))
    book = _book(world, appraisal)
    figures = {row[0]: row[1] for row in _rows(book["Key figures"]) if row and row[0]}
    assert figures["Project"] == "Export wind"
    assert figures["Scenario"] == "Base case"
    assert figures["Engine version"] == expected.engine_version
    assert figures["Project NPV (after tax)"] == pytest.approx(expected.npv_project, abs=0.01)
    assert figures["Equity NPV"] == pytest.approx(expected.npv_equity, abs=0.01)
    assert figures["Equity IRR"] == pytest.approx(expected.irr_equity, abs=1e-8)
    assert figures["LCOE, discounted cash flow"] == pytest.approx(expected.lcoe_dcf, abs=1e-6)
    assert figures["Minimum DSCR (pre-tax)"] == pytest.approx(expected.min_dscr_pretax, abs=1e-4)
    assert figures["CO2 avoided over the life"] == pytest.approx(
        expected.tco2_avoided_lifetime, abs=1e-3
    )
    assert figures["Emission factor (tCO2/MWh)"] == expected.emission_factor["t_per_mwh"]
    assert figures["Source"] == expected.emission_factor["source"]


def test_cash_flows_equal_the_engines(world, appraisal):
    expected = appraise(parse_input(appraisal.inputs)).cash_flows
    rows = _rows(_book(world, appraisal)["Cash flows"])
    keys = rows[1]
    columns = {key: [row[i] for row in rows[2:]] for i, key in enumerate(keys)}
    assert columns["year"] == list(expected.year)
    assert columns["year"][:2] == [-1, 0]  # two construction years
    for key in ("revenue", "tax", "project_aftertax", "equity", "debt_balance_opening"):
        assert columns[key] == pytest.approx(list(getattr(expected, key)), abs=1e-6)
    running, total = [], 0.0
    for value in expected.project_aftertax:
        total += value
        running.append(total)
    assert columns["cumulative"] == pytest.approx(running, abs=1e-3)


def test_inputs_are_the_stored_inputs(world, appraisal):
    rows = _rows(_book(world, appraisal)["Inputs"])
    values = {row[1]: row[2] for row in rows[1:]}
    assert values["capex"] == appraisal.inputs["capex"]
    assert values["discount_rate"] == appraisal.inputs["discount_rate"]
    assert values["tax_holiday"] == '{"free_years": 3, "half_years": 3, "start_year": 1}'
    assert values["tax_losses"] == "carry_forward"


def test_the_export_speaks_the_pages_language(world, appraisal):
    book = _book(world, appraisal, "zh-hans")
    with translation.override("zh-hans"):
        assert book.sheetnames[0] == translation.gettext("Key figures")
    assert book.sheetnames[0] != "Key figures"


def test_the_results_page_links_the_export(world, appraisal):
    html = client_for(world, "member").get(reverse("appraisal_detail", args=[appraisal.pk]))
    assert reverse("appraisal_export", args=[appraisal.pk]) in html.content.decode()
