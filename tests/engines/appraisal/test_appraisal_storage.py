"""Storage LP dispatch and LFP capacity fade."""

import numpy as np
import pytest

from sanxin.engines.appraisal.battery_ageing import (
    anode_potential,
    augmentation_plan,
    calendar_rate,
    capacity_fade,
    cycling_rate,
)
from sanxin.engines.appraisal.storage import StorageSpec, dispatch

pytestmark = pytest.mark.unit

TOU = [10.0] * 12 + [30.0] * 12


def test_lossless_arbitrage_fills_and_empties_once():
    result = dispatch(StorageSpec(power_kw=1, energy_kwh=2, round_trip_efficiency=1.0), TOU)
    assert result.optimal
    # 2 kWh bought at 10, sold at 30.
    assert result.objective_value == pytest.approx(40.0)
    # Lossless storage may charge and discharge at once for free; a wear cost rules it out.
    worn = dispatch(StorageSpec(1, 2, round_trip_efficiency=1.0, cycle_cost_per_kwh=0.01), TOU)
    assert worn.objective_value == pytest.approx(40.0 - 0.02)
    assert worn.discharged_kwh == pytest.approx(2.0)
    assert worn.equivalent_full_cycles == pytest.approx(1.0)


def test_round_trip_losses_by_hand():
    # eta = 0.9 each way: fill 2 kWh needs 2/0.9 bought; 2 x 0.9 sold.
    result = dispatch(StorageSpec(1, 2, round_trip_efficiency=0.81), TOU)
    assert result.objective_value == pytest.approx(1.8 * 30 - 2 / 0.9 * 10)
    assert result.charged_kwh == pytest.approx(2 / 0.9)


def test_state_of_charge_limits_respected():
    spec = StorageSpec(1, 10, round_trip_efficiency=1.0, soc_min=0.1, soc_max=0.9)
    result = dispatch(spec, TOU)
    assert result.soc_kwh.min() >= 1.0 - 1e-9
    assert result.soc_kwh.max() <= 9.0 + 1e-9
    # power limit 1 kW: 8 kWh usable, 12 cheap hours suffice.
    assert result.objective_value == pytest.approx(8 * 20.0)


def test_flat_price_means_no_cycling():
    result = dispatch(StorageSpec(1, 2, round_trip_efficiency=0.9), [5.0] * 24)
    assert result.objective_value == pytest.approx(0.0, abs=1e-9)
    assert result.discharged_kwh == pytest.approx(0.0, abs=1e-9)


def test_initial_soc_fixed():
    spec = StorageSpec(1, 2, round_trip_efficiency=1.0, initial_soc=1.0)
    result = dispatch(spec, [30.0, 30.0, 10.0])
    # starts full: sells 1 + 1 (power limit); then may buy 1 back at 10 at the end.
    assert result.objective_value == pytest.approx(60.0)


def test_firming_shifts_spilled_energy():
    result = dispatch(
        StorageSpec(1, 2, round_trip_efficiency=1.0),
        [1.0] * 4,
        generation_kw=[3, 3, 0, 0],
        export_limit_kw=2,
    )
    assert result.objective_value == pytest.approx(6.0)
    assert result.export_kw.tolist() == pytest.approx([2, 2, 1, 1])
    assert result.spill_kw.tolist() == pytest.approx([0, 0, 0, 0], abs=1e-9)


def test_firming_does_not_charge_from_grid_by_default():
    result = dispatch(
        StorageSpec(1, 2, round_trip_efficiency=1.0),
        [1.0, 5.0],
        generation_kw=[0.0, 0.0],
        export_limit_kw=5,
    )
    assert result.objective_value == pytest.approx(0.0, abs=1e-9)


def test_full_year_dispatch_is_optimal():
    hours = np.arange(8760) % 24
    price = np.where((hours >= 8) & (hours < 22), 0.9, 0.3)
    result = dispatch(StorageSpec(1000, 4000, round_trip_efficiency=0.81), price)
    assert result.optimal
    # each day: fill 4000 kWh at 0.3 (4000/0.9 bought), sell 3600 at 0.9.
    daily = 3600 * 0.9 - 4000 / 0.9 * 0.3
    assert result.objective_value == pytest.approx(365 * daily, rel=1e-7)


def test_storage_spec_validation():
    with pytest.raises(ValueError, match="round_trip_efficiency"):
        StorageSpec(1, 1, round_trip_efficiency=1.2)


def test_anode_potential_and_rates_closed_form():
    # Safari & Delacourt at SOC 0.5 (x = 0.39425)
    x = 8.5e-3 + 0.5 * (0.78 - 8.5e-3)
    ua = (
        0.6379
        + 0.5416 * np.exp(-305.5309 * x)
        + 0.044 * np.tanh(-(x - 0.1958) / 0.1088)
        - 0.1978 * np.tanh((x - 1.0571) / 0.0854)
        - 0.6875 * np.tanh((x + 0.0117) / 0.0529)
        - 0.0175 * np.tanh((x - 0.5692) / 0.0875)
    )
    assert anode_potential(0.5) == pytest.approx(ua)
    kelvin = 298.15
    assert calendar_rate(25.0, 0.5) == pytest.approx(
        8.37e4 * np.exp(-5.21e3 / kelvin) * np.exp(-3.56e3 * ua / kelvin)
    )
    assert cycling_rate(25.0, 1.0, 0.5) == pytest.approx(
        (4.38e-8 + 1.55e-8 + 1.68e-7 * 0.5) * (np.exp(2.19e3 / kelvin) + np.exp(-1.55e5 / kelvin))
    )


def test_constant_stressors_follow_the_closed_form():
    result = capacity_fade(10, temperature_c=25.0, average_soc=0.5, dod=1.0, c_rate=0.5)
    k_cal = calendar_rate(25.0, 0.5)
    k_cyc = cycling_rate(25.0, 1.0, 0.5)
    for year in (1, 5, 10):
        expected = 1 - k_cal * (365 * year) ** 0.526 - k_cyc * (365 * year) ** 0.828
        assert result.capacity[year - 1] == pytest.approx(expected, rel=1e-12)


def test_hotter_and_more_cycles_fade_faster():
    base = capacity_fade(10).capacity[-1]
    assert capacity_fade(10, temperature_c=35.0).capacity[-1] < base
    assert capacity_fade(10, cycles_per_year=730.0).capacity[-1] < base


def test_varying_stressors_use_equivalent_time():
    # Year 2 at the same rate as year 1 must match the constant-stressor result.
    same = capacity_fade(2, temperature_c=[25.0, 25.0])
    assert same.capacity.tolist() == pytest.approx(capacity_fade(2).capacity.tolist())


def test_augmentation_restores_capacity():
    plan = augmentation_plan(
        15, nameplate_kwh=1000, required_kwh=850, price_per_kwh=800, cycles_per_year=365.0
    )
    fade = capacity_fade(15, cycles_per_year=365.0).capacity
    first = int(np.argmax(plan.added_kwh > 0))
    assert plan.usable_kwh[first - 1] < 850 <= plan.usable_kwh[first - 2]
    assert plan.added_kwh[first] == pytest.approx(1000 - 1000 * fade[first - 1])
    assert plan.cost[first] == pytest.approx(plan.added_kwh[first] * 800)
    assert plan.usable_kwh[first] == pytest.approx(
        1000 * fade[first] + plan.added_kwh[first] * fade[0]
    )
