"""The form's starting values: the assumptions library for the project's technology and
country, then the project's own capacity, investment and province, each with its source."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sanxin.appraisals.domain.appraisals import run_appraisal
from sanxin.appraisals.domain.defaults import ENGINE, LIBRARY, PROJECT, describe_source, prefill_for
from sanxin.engines.appraisal import assumptions
from sanxin.projects.enums import CapacityUnit, Currency, ProjectType
from tests.factories import region
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration


def test_a_chinese_wind_farm(world):
    project = ProjectFactory(
        owner=world.member_org,
        project_type=ProjectType.WIND,
        country="CN",
        province=region("CN-SC"),
        capacity=Decimal("100"),
        capacity_unit=CapacityUnit.MW,
        investment=Decimal("550000000"),
        currency=Currency.CNY,
    )
    prefill = prefill_for(project)
    library = assumptions.defaults_for("wind", "CN", capacity_kw=100000)
    values = prefill.values
    assert prefill.technology == "wind"
    assert values["capacity_kw"].value == 100000
    assert values["capacity_kw"].origin == PROJECT
    assert values["capex"].value == 550000000
    assert describe_source(values["capex"]) == "From the project's total investment"
    assert values["region"].value == "CN-SC"
    assert describe_source(values["region"]) == "From the project's province"
    assert values["tax_rate"].value == 0.25
    assert values["tax_rate"].origin == LIBRARY
    assert describe_source(values["tax_rate"]) == library["tax_rate"].source
    assert values["capacity_factor"].value == library["capacity_factor"].value
    assert describe_source(values["capacity_factor"]).startswith("Assumption: a typical figure")
    assert values["availability"].origin == ENGINE
    assert describe_source(values["availability"]) == "Engine default"
    assert prefill.notes == ()
    # The defaults run as they are.
    appraisal = run_appraisal(
        actor=world.member, project=project, data=prefill.inputs(), scenario="D"
    )
    assert appraisal.emission_factor_region == "CN-SC"


def test_a_vietnamese_project_with_its_investment_in_another_currency(world):
    project = ProjectFactory(
        owner=world.member_org,
        project_type=ProjectType.PV,
        country="VN",
        province=None,
        capacity=Decimal("50"),
        capacity_unit=CapacityUnit.MW,
        investment=Decimal("30000000"),
        currency=Currency.USD,
    )
    prefill = prefill_for(project)
    assert prefill.values["currency"].value == "VND"
    assert prefill.values["region"].value == "VN"
    assert (
        prefill.values["capex"].value
        == assumptions.defaults_for("pv", "VN", capacity_kw=50000)["capex"].value
    )
    assert len(prefill.values["tax_rate"].value) == prefill.values["years"].value
    assert any("USD" in note and "VND" in note for note in prefill.notes)


def test_storage_in_mwh_and_several_technologies(world):
    project = ProjectFactory(
        owner=world.member_org,
        project_type=ProjectType.RENEWABLE_STORAGE,
        capacity=Decimal("200"),
        capacity_unit=CapacityUnit.MWH,
        investment=None,
    )
    prefill = prefill_for(project)
    assert prefill.technologies == ("pv", "wind", "storage")
    assert prefill.technology == "pv"
    assert "capacity_kw" not in prefill.values
    assert "capex" not in prefill.values
    assert prefill.notes[0] == "The project's capacity is not in MW: enter the power in kW."
    assert "per kW of capacity" in prefill.notes[1]
    storage = prefill_for(project, "storage")
    assert storage.technology == "storage"
    assert storage.values["storage_round_trip_efficiency"].value == 0.85
    assert prefill_for(project, "hydro").technology == "pv"  # not allowed: the first one


def test_annual_energy_replaces_the_capacity_factor(world):
    project = ProjectFactory(
        owner=world.member_org, capacity=Decimal("300"), capacity_unit=CapacityUnit.GWH_YR
    )
    prefill = prefill_for(project)
    assert prefill.values["energy_year1_kwh"].value == 300_000_000
    assert "capacity_factor" not in prefill.values


def test_a_biomass_plant_gets_the_country_rows_only(world):
    project = ProjectFactory(owner=world.member_org, project_type=ProjectType.BIOENERGY)
    prefill = prefill_for(project)
    assert prefill.technology == "biomass"
    assert prefill.values["tax_rate"].value == 0.25
    assert "capacity_factor" not in prefill.values
    assert "years" not in prefill.values


def test_outside_the_library_and_outside_the_engine(world):
    laos = ProjectFactory(owner=world.member_org, country="LA", currency=Currency.USD)
    prefill = prefill_for(laos)
    assert prefill.appraisable
    assert "tax_rate" not in prefill.values
    assert prefill.values["currency"].value == "USD"
    assert any("China and Viet Nam only" in note for note in prefill.notes)
    recycling = ProjectFactory(owner=world.member_org, project_type=ProjectType.BATTERY_RECYCLING)
    assert not prefill_for(recycling).appraisable
