"""Break-even tariff (closed form), SAM's LCOE, terminal book value, single-row shortcuts."""

import dataclasses

import numpy as np
import pytest

from sanxin.engines.appraisal import InputError, appraise, parse_input
from sanxin.engines.appraisal.breakeven import breakeven_iterative, solve_linear_tax
from sanxin.engines.appraisal.engine import breakeven_tariff
from sanxin.engines.appraisal.inputs import AppraisalInput, TaxHoliday
from sanxin.engines.appraisal.sensitivity import sweep

pytestmark = pytest.mark.unit

WIND = parse_input(
    {
        "technology": "wind",
        "capacity_kw": 100_000,
        "capacity_factor": 0.3,
        "capex": 6.0e8,
        "om_fixed_per_kw_year": 120,
        "om_variable_per_kwh": 0.01,
        "om_escalation": 0.02,
        "tariff_per_kwh": 0.35,
        "tariff_escalation": 0.01,
        "degradation_per_year": 0.005,
        "years": 25,
        "discount_rate": 0.06,
        "equity_discount_rate": 0.08,
        "debt_fraction": 0.7,
        "interest_rate": 0.045,
        "loan_years": 15,
        "grace_years": 2,
        "tax_holiday": "3+3",
        "depreciation_years": 10,
        "salvage_fraction": 0.05,
    }
)

VARIANTS = {
    "floor": {},
    "floor_no_holiday": {"tax_holiday": None},
    "floor_annuity": {"loan_type": "annuity", "tax_losses": "floor"},
    "benefit": {"tax_losses": "benefit"},
    "benefit_two_years_build": {
        "tax_losses": "benefit",
        "construction_years": 2,
        "capex_schedule": (0.4, 0.6),
    },
    "floor_all_tax_free": {"tax_rate": 0.0},
    "floor_no_debt": {"debt_fraction": 0.0, "loan_years": 0, "grace_years": 0},
    "carry_forward": {"tax_losses": "carry_forward"},
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_breakeven_zeroes_equity_npv_and_matches_iterative_search(name):
    inp = dataclasses.replace(WIND, **VARIANTS[name])
    tariff = breakeven_tariff(inp)
    assert tariff == pytest.approx(breakeven_iterative(inp), rel=1e-8)
    at_breakeven = appraise(dataclasses.replace(inp, tariff_per_kwh=tariff))
    assert abs(at_breakeven.npv_equity) <= 1e-7 * inp.capex
    assert appraise(inp).breakeven_tariff_per_kwh == tariff


def test_breakeven_with_floor_crosses_tax_kinks():
    # A tariff low enough that several years make losses (floored) at the break-even.
    inp = dataclasses.replace(WIND, tax_holiday=None, depreciation_years=5, tariff_per_kwh=0.1)
    tariff = breakeven_tariff(inp)
    result = appraise(dataclasses.replace(inp, tariff_per_kwh=tariff))
    taxable = np.array(result.cash_flows.taxable_income[1:])
    assert (taxable < 0).any() and (taxable > 0).any()
    assert abs(result.npv_equity) <= 1e-7 * inp.capex


def test_no_energy_has_no_breakeven():
    inp = dataclasses.replace(WIND, capacity_factor=0.0)
    assert breakeven_tariff(inp) is None
    assert appraise(inp).lcoe_financial is None


def test_lcoe_owner_cost_by_hand():
    # SAM's nominal LCOE: (PV revenue - equity NPV) / PV energy at the equity rate.
    result = appraise(WIND)
    cash = result.cash_flows
    factors = 1.08 ** -np.arange(len(cash.year))
    pv_revenue = float(np.dot(cash.revenue, factors))
    pv_energy = float(np.dot(cash.energy_kwh, factors))
    assert result.lcoe_owner_cost == pytest.approx(
        (pv_revenue - result.npv_equity) / pv_energy, rel=1e-12
    )


def test_lcoe_owner_cost_equals_lcoe_financial_at_the_breakeven_tariff():
    inp = dataclasses.replace(WIND, equity_discount_rate=None)
    at = appraise(dataclasses.replace(inp, tariff_per_kwh=appraise(inp).breakeven_tariff_per_kwh))
    assert at.lcoe_owner_cost == pytest.approx(at.lcoe_financial, rel=1e-9)


def small(**changes) -> AppraisalInput:
    values = {
        "technology": "pv",
        "capacity_kw": 10.0,
        "capex": 1000.0,
        "tariff_per_kwh": 5.0,
        "years": 3,
        "discount_rate": 0.08,
        "energy_year1_kwh": 100.0,
        "tax_rate": 0.25,
        "depreciation_years": 4,
        "salvage_fraction": 0.1,
    }
    values.update(changes)
    return AppraisalInput(**values)


def test_terminal_book_value_deducted_or_ignored():
    # 4-year straight line over a 3-year horizon: 250 of book value left at the end.
    deducted = appraise(small())
    ignored = appraise(small(terminal_book_value="ignored"))
    assert deducted.cash_flows.taxable_income[-1] == pytest.approx(500 - 250 + 100 - 250)
    assert ignored.cash_flows.taxable_income[-1] == pytest.approx(500 - 250 + 100)
    assert ignored.cash_flows.tax[-1] - deducted.cash_flows.tax[-1] == pytest.approx(62.5)


def test_terminal_book_value_is_validated():
    data = {
        "technology": "pv",
        "capacity_kw": 1,
        "energy_year1_kwh": 1,
        "capex": 1,
        "tariff_per_kwh": 1,
        "years": 1,
        "discount_rate": 0.05,
    }
    assert parse_input(data).terminal_book_value == "deducted"
    with pytest.raises(InputError) as error:
        parse_input({**data, "terminal_book_value": "kept"})
    assert error.value.field == "terminal_book_value"


def test_single_appraisal_shortcuts_agree_with_the_vectorised_sweep():
    for inp in (WIND, dataclasses.replace(WIND, construction_years=2, capex_schedule=(0.5, 0.5))):
        capex = np.array([4.0e8, 6.0e8, 9.0e8])
        result = sweep(inp, {"capex": capex})
        for index, value in enumerate(capex):
            single = appraise(dataclasses.replace(inp, capex=float(value)), with_breakeven=False)
            assert result.lcoe_simple[index] == pytest.approx(single.lcoe_simple, rel=1e-12)
            if single.payback_simple_years is None:
                assert np.isnan(result.payback_simple_years[index])
            else:
                assert result.payback_simple_years[index] == pytest.approx(
                    single.payback_simple_years, rel=1e-12
                )


def test_appraisal_without_irr_says_so():
    # Nothing invested: the flows never change sign, so there is no IRR (null, with a note).
    result = appraise(small(capex=0.0, salvage_fraction=0.0, tax_holiday=TaxHoliday()))
    assert result.irr_project is None
    assert result.irr_project_status == "none"
    assert any("project IRR: none" in note for note in result.notes)
    assert result.to_dict()["irr_equity"] is None


def _npv(tariff, *, npv0, tariff0, per_tariff, taxable0, rates, factors, policy):
    """Equity NPV at ``tariff`` straight from the definition (for solve_linear_tax)."""
    taxable = taxable0 + per_tariff * (tariff - tariff0)
    tax = rates * (taxable if policy == "benefit" else np.maximum(taxable, 0.0))
    tax0 = rates * (taxable0 if policy == "benefit" else np.maximum(taxable0, 0.0))
    return npv0 + (tariff - tariff0) * (factors @ per_tariff) - factors @ (tax - tax0)


@pytest.mark.parametrize(
    ("npv0", "taxable0"),
    [
        (-500.0, [-50.0, -20.0, 30.0]),  # root between kinks
        (-5000.0, [-50.0, -20.0, 30.0]),  # beyond the last kink: every year pays tax
        (100.0, [-50.0, -20.0, 30.0]),  # below the first kink: no year pays tax
        (-100.0, [10.0, 10.0, 10.0]),
    ],
)
@pytest.mark.parametrize("policy", ["floor", "benefit"])
def test_solve_linear_tax_on_every_piece(npv0, taxable0, policy):
    case = {
        "npv0": npv0,
        "tariff0": 1.0,
        "per_tariff": np.array([100.0, 90.0, 0.0]),  # the last year earns nothing per tariff
        "taxable0": np.array(taxable0),
        "rates": np.array([0.25, 0.5, 0.25]),
        "factors": np.array([0.9, 0.8, 0.7]),
        "policy": policy,
    }
    root = solve_linear_tax(**case)
    assert abs(_npv(root, **case)) <= 1e-9
    # The NPV increases with the tariff: the root is the only one.
    assert _npv(root - 1e-3, **case) < 0.0 < _npv(root + 1e-3, **case)


def test_solve_linear_tax_without_revenue_has_no_root():
    for policy in ("floor", "benefit"):
        assert (
            solve_linear_tax(
                npv0=-1.0,
                tariff0=1.0,
                per_tariff=np.zeros(3),
                taxable0=np.ones(3),
                rates=np.full(3, 0.25),
                factors=np.ones(3),
                policy=policy,
            )
            is None
        )
