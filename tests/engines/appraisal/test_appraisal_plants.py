"""Manufacturing base, recycling plant, energy helpers and the assumptions library."""

import numpy as np
import pytest

from sanxin.engines.appraisal import appraise, parse_input
from sanxin.engines.appraisal.assumptions import ASSUMPTION, defaults_for, input_dict
from sanxin.engines.appraisal.energy import (
    annual_energy_kwh,
    degraded_series,
    parse_profile_csv,
    typical_shape,
)
from sanxin.engines.appraisal.irr import npv
from sanxin.engines.appraisal.manufacturing import (
    Material,
    Phase,
    manufacturing_base,
    recycling_plant,
)

pytestmark = pytest.mark.unit


def test_manufacturing_base_by_hand():
    result = manufacturing_base(
        phases=[Phase(0, 100.0, 10.0), Phase(2, 50.0, 5.0)],
        years=4,
        ramp_up=(0.5, 1.0),
        price_per_unit=10.0,
        materials_per_unit=6.0,
        labour_per_year=5.0,
        depreciation_years=5,
        tax_rate=0.25,
        discount_rate=0.1,
    )
    assert result.volume.tolist() == [0, 5, 10, 12.5, 15]
    # year 2: EBITDA 10*4-5 = 35, depreciation 20, tax 3.75, phase-2 capex 50.
    # year 3: EBITDA 12.5*4-5 = 45, depreciation 30, tax 3.75.
    assert result.cash_flow.tolist() == pytest.approx([-100, 15, -18.75, 41.25, 48.75])
    assert result.npv == pytest.approx(npv(0.1, [-100, 15, -18.75, 41.25, 48.75]))


def test_recycling_plant_revenue_per_tonne():
    materials = {
        "lithium_carbonate": Material(0.03, 0.9, 80_000.0),
        "nickel": Material(0.05, 0.95, 120_000.0),
    }
    result = recycling_plant(
        phases=[Phase(0, 1e7, 1000.0)],
        years=3,
        materials=materials,
        feedstock_price_per_t=5_000.0,
        processing_cost_per_t=2_000.0,
        ramp_up=(1.0,),
        tax_rate=0.0,
    )
    per_t = 0.03 * 0.9 * 80_000 + 0.05 * 0.95 * 120_000
    assert result.revenue[1] == pytest.approx(1000 * per_t)
    assert result.cash_flow[1] == pytest.approx(1000 * (per_t - 7_000))


def test_annual_energy_and_degradation():
    assert annual_energy_kwh(1000, capacity_factor=0.2, availability=0.98) == pytest.approx(
        1000 * 8760 * 0.2 * 0.98
    )
    assert annual_energy_kwh(1000, full_load_hours=1500, curtailment=0.1) == pytest.approx(1.35e6)
    assert degraded_series(100.0, 0.01, 3).tolist() == pytest.approx([100, 99, 98.01])
    with pytest.raises(ValueError, match="exactly one"):
        annual_energy_kwh(1000)


def test_profile_csv_with_header_and_leap_year():
    text = "hour,kw\n" + "\n".join(f"{h},{h % 24}" for h in range(8784))
    profile = parse_profile_csv(text)
    assert profile.size == 8760
    assert profile[1416] == (1440 % 24)
    with pytest.raises(ValueError, match="8760"):
        parse_profile_csv("1\n2\n3")
    with pytest.raises(ValueError, match="row 3"):
        parse_profile_csv("v\n1\nx\n")


@pytest.mark.parametrize("technology", ["pv", "wind", "hydro"])
def test_typical_shapes_hit_the_capacity_factor(technology):
    shape = typical_shape(technology, capacity_factor=0.2, latitude_deg=25.0)
    assert shape.size == 8760
    assert shape.mean() == pytest.approx(0.2, abs=1e-9)
    assert shape.max() <= 1.0
    if technology == "pv":
        assert np.all(shape[np.arange(8760) % 24 == 0] == 0.0)


@pytest.mark.parametrize("country", ["CN", "VN"])
@pytest.mark.parametrize("technology", ["pv", "wind", "hydro", "storage"])
def test_assumptions_have_sources_and_appraise(country, technology):
    rows = defaults_for(technology, country, capacity_kw=5000)
    assert all(row.source for row in rows.values())
    assert rows["capex"].source == ASSUMPTION
    result = appraise(parse_input(input_dict(technology, country, capacity_kw=5000)))
    assert result.npv_project == result.npv_project  # finite, not NaN
    assert result.inputs.capacity_kw == 5000


def test_china_tax_defaults_cite_the_law():
    rows = defaults_for("wind", "CN")
    assert rows["tax_rate"].value == 0.25
    assert "企业所得税法" in rows["tax_rate"].source
    assert rows["tax_holiday"].value == {"free_years": 3, "half_years": 3, "start_year": 1}
