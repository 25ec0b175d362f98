"""Sweeps vectorised over variants agree with single appraisals; tornado ordering."""

import dataclasses

import numpy as np
import pytest

from sanxin.engines.appraisal import appraise, parse_input
from sanxin.engines.appraisal.sensitivity import grid, sweep, tornado

pytestmark = pytest.mark.unit

CASE = parse_input(
    {
        "technology": "wind",
        "capacity_kw": 100_000,
        "capacity_factor": 0.3,
        "capex": 6.0e8,
        "om_fixed_per_kw_year": 120,
        "tariff_per_kwh": 0.35,
        "years": 20,
        "discount_rate": 0.06,
        "debt_fraction": 0.7,
        "interest_rate": 0.045,
        "loan_years": 15,
        "loan_type": "annuity",
        "tax_holiday": "3+3",
        "tax_losses": "carry_forward",
        "region": "CN",
    }
)


def test_sweep_matches_single_runs():
    capex = np.array([4.0e8, 6.0e8, 8.0e8, 2.0e9])
    tariff = np.array([0.30, 0.35, 0.40, 0.10])
    result = sweep(CASE, {"capex": capex, "tariff_per_kwh": tariff})
    assert result.variants == 4
    for index in range(4):
        single = appraise(
            dataclasses.replace(CASE, capex=capex[index], tariff_per_kwh=tariff[index]),
            with_breakeven=False,
        )
        assert result.npv_project[index] == pytest.approx(single.npv_project, rel=1e-12)
        assert result.npv_equity[index] == pytest.approx(single.npv_equity, rel=1e-12)
        assert result.lcoe_dcf[index] == pytest.approx(single.lcoe_dcf, rel=1e-12)
        if single.irr_project is None:
            assert np.isnan(result.irr_project[index])
        else:
            assert result.irr_project[index] == pytest.approx(single.irr_project, abs=1e-10)
        if single.irr_equity is not None:
            assert result.irr_equity[index] == pytest.approx(single.irr_equity, abs=1e-10)
        if single.min_dscr_pretax is not None:
            assert result.min_dscr_pretax[index] == pytest.approx(single.min_dscr_pretax)


def test_sweep_of_ten_thousand_variants_returns_one_value_each():
    rng = np.random.default_rng(4)
    overrides = {
        "capex": rng.uniform(4e8, 8e8, 10_000),
        "tariff_per_kwh": rng.uniform(0.25, 0.45, 10_000),
        "interest_rate": rng.uniform(0.03, 0.06, 10_000),
    }
    result = sweep(CASE, overrides)
    assert result.npv_project.shape == (10_000,)
    # NPV rises with tariff at fixed capex: check on a sorted pair set.
    pair = sweep(CASE, {"tariff_per_kwh": np.array([0.3, 0.31])})
    assert pair.npv_project[1] > pair.npv_project[0]


def test_grid_is_cartesian():
    axes = grid({"capex": [1.0, 2.0], "discount_rate": [0.05, 0.06, 0.07]})
    assert axes["capex"].tolist() == [1, 1, 1, 2, 2, 2]
    assert axes["discount_rate"].tolist() == [0.05, 0.06, 0.07] * 2


def test_sweep_rejects_unknown_input():
    with pytest.raises(KeyError, match="technology"):
        sweep(CASE, {"technology": np.array([1.0])})


def test_tornado_bars_sorted_by_swing_and_base_consistent():
    base, bars = tornado(CASE, metric="npv_equity")
    assert base == pytest.approx(appraise(CASE, with_breakeven=False).npv_equity, rel=1e-12)
    swings = [bar.swing for bar in bars]
    assert swings == sorted(swings, reverse=True)
    capex = next(bar for bar in bars if bar.input == "capex")
    assert capex.low == pytest.approx(5.4e8)
    assert capex.metric_low > base > capex.metric_high


def test_tornado_with_custom_spans():
    _, bars = tornado(CASE, spans={"tariff_per_kwh": (0.3, 0.4)})
    assert len(bars) == 1
    high = appraise(dataclasses.replace(CASE, tariff_per_kwh=0.4), with_breakeven=False)
    assert bars[0].metric_high == pytest.approx(high.npv_project, rel=1e-12)
