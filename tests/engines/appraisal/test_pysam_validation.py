"""The engine reproduces NREL's SAM Single Owner model (PySAM) on wind and PV projects.

Generation is given to SAM as an hourly profile, so only its financial model runs; every SAM
input that would change the cash flows is set explicitly by
:func:`sanxin.engines.appraisal.sam.single_owner_inputs` (incentives, reserves, state and
property tax, insurance, financing costs, debt by percent, depreciation allocations, PPA
escalation, degradation, salvage). Tolerances (issue 4): NPV 1e-6 relative, IRR 1e-6
absolute, DSCR 1e-9; the yearly cash flows agree to 1e-9 of their largest value.

Conventions matched (docs/appraisal.md, "SAM conventions"): SAM's after-tax NPV and IRR are
our equity NPV and IRR, its DSCR is pre-tax, it depreciates with the half-year convention,
credits tax losses (``tax_losses="benefit"``), keeps the undepreciated book value
(``terminal_book_value="ignored"``), and its nominal LCOE (which includes financing and tax)
is ``lcoe_owner_cost``; its levelised PPA price at our break-even tariff is
``lcoe_financial``.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

pytest.importorskip(
    "PySAM.Singleowner",
    reason="nrel-pysam is not installed (optional extra: uv sync --extra validation)",
)

from sanxin.engines.appraisal import appraise, parse_input
from sanxin.engines.appraisal.energy import typical_shape
from sanxin.engines.appraisal.sam import (
    NotRepresentableError,
    run_single_owner,
    single_owner_inputs,
)

pytestmark = pytest.mark.unit

NPV_REL = 1e-6
IRR_ABS = 1e-6
DSCR_ABS = 1e-9
FLOWS_REL = 1e-9


def _hourly(technology: str, capacity_kw: float, capacity_factor: float) -> list[float]:
    return (typical_shape(technology, capacity_factor=capacity_factor) * capacity_kw).tolist()


def _wind() -> tuple[dict, list[float]]:
    """100 MW wind, China: 70 % debt at equal principal with a grace year, 三免三减半."""
    hourly = _hourly("wind", 100_000.0, 0.30)
    return {
        "technology": "wind",
        "capacity_kw": 100_000,
        "energy_year1_kwh": math.fsum(hourly),
        "capex": 6.0e8,
        "om_fixed_per_kw_year": 120,
        "om_variable_per_kwh": 0.01,
        "om_escalation": 0.02,
        "tariff_per_kwh": 0.35,
        "tariff_escalation": 0.01,
        "degradation_per_year": 0.005,
        "years": 25,
        "discount_rate": 0.06,
        "debt_fraction": 0.7,
        "interest_rate": 0.045,
        "loan_years": 15,
        "grace_years": 1,
        "loan_type": "equal_principal",
        "tax_rate": 0.25,
        "tax_holiday": "3+3",
        "depreciation_years": 20,
        "depreciation_convention": "half_year",
        "depreciable_fraction": 0.9,
        "salvage_fraction": 0.05,
        "tax_losses": "benefit",
        "terminal_book_value": "ignored",
    }, hourly


def _pv() -> tuple[dict, list[float]]:
    """50 MW PV, Viet Nam: annuity loan, CIT 10 % for 15 years then 20 %, 4 years free and
    9 at half rate; 12-year straight line (full-year: SAM's custom schedule)."""
    hourly = _hourly("pv", 50_000.0, 0.18)
    return {
        "technology": "pv",
        "capacity_kw": 50_000,
        "energy_year1_kwh": math.fsum(hourly),
        "capex": 1.1e12,
        "om_fixed_per_kw_year": 350_000,
        "om_escalation": 0.03,
        "tariff_per_kwh": 1_800,
        "degradation_per_year": 0.007,
        "years": 25,
        "discount_rate": 0.10,
        "debt_fraction": 0.6,
        "interest_rate": 0.09,
        "loan_years": 12,
        "loan_type": "annuity",
        "tax_rate": [0.10] * 15 + [0.20] * 10,
        "tax_holiday": {"free_years": 4, "half_years": 9, "start_year": 1},
        "depreciation_years": 12,
        "depreciation_convention": "full_year",
        "tax_losses": "benefit",
        "terminal_book_value": "ignored",
        "currency": "VND",
    }, hourly


def _wind_with_losses() -> tuple[dict, list[float]]:
    """Wind at a low tariff, no holiday, 5-year straight line: early years make tax losses
    that SAM credits; annuity loan with two grace years; no salvage."""
    case, hourly = _wind()
    case.update(
        tariff_per_kwh=0.26,
        tariff_escalation=0.0,
        tax_holiday=None,
        depreciation_years=5,
        loan_type="annuity",
        grace_years=2,
        loan_years=18,
        salvage_fraction=0.0,
        depreciable_fraction=1.0,
        debt_fraction=0.75,
    )
    return case, hourly


CASES = {"wind": _wind, "pv": _pv, "wind_losses": _wind_with_losses}


@pytest.fixture(scope="module", params=sorted(CASES))
def pair(request):
    """(our result, SAM's outputs, SAM's inputs, the appraisal input) for one case."""
    case, hourly = CASES[request.param]()
    inp = parse_input(case)
    values = single_owner_inputs(inp, hourly)
    return appraise(inp), run_single_owner(values), values, inp


def _close(ours, sam, rel=FLOWS_REL):
    ours = np.asarray(ours, dtype=float)
    sam = np.asarray(sam, dtype=float)
    assert ours.shape == sam.shape
    assert np.max(np.abs(ours - sam)) <= rel * np.max(np.abs(sam))


def test_equity_npv_is_sams_after_tax_npv(pair):
    ours, sam, _, _ = pair
    assert ours.npv_equity == pytest.approx(sam["project_return_aftertax_npv"], rel=NPV_REL)


def test_equity_irr_is_sams_after_tax_irr(pair):
    ours, sam, _, _ = pair
    assert ours.irr_equity_status == "unique"
    assert ours.irr_equity == pytest.approx(sam["project_return_aftertax_irr"] / 100, abs=IRR_ABS)
    # Ours is exact: SAM's own after-tax flows discount to zero at it.
    flows = np.asarray(sam["cf_project_return_aftertax"])
    npv = flows @ (1.0 + ours.irr_equity) ** -np.arange(flows.size)
    assert abs(npv) <= 1e-9 * np.max(np.abs(flows))


def test_min_dscr_is_sams_pretax_dscr(pair):
    ours, sam, _, _ = pair
    assert ours.min_dscr_pretax == pytest.approx(sam["min_dscr"], abs=DSCR_ABS)
    yearly = np.asarray(sam["cf_pretax_dscr"])
    assert ours.avg_dscr_pretax == pytest.approx(yearly[yearly != 0].mean(), abs=DSCR_ABS)


def test_yearly_cash_flows_match(pair):
    ours, sam, _, _ = pair
    cash = ours.cash_flows
    _close(cash.equity, sam["cf_project_return_aftertax"])
    _close(cash.energy_kwh, sam["cf_energy_net"])
    _close(np.add(cash.ebitda, cash.salvage), sam["cf_ebitda"])  # SAM's EBITDA has salvage
    _close(cash.interest, sam["cf_debt_payment_interest"])
    _close(cash.principal, sam["cf_debt_payment_principal"])
    _close(cash.depreciation, sam["cf_feddepr_total"])
    _close(np.negative(cash.tax), sam["cf_fedtax"])
    assert ours.loan_amount == pytest.approx(sam["size_of_debt"], rel=FLOWS_REL)


def test_lcoe_owner_cost_is_sams_nominal_lcoe(pair):
    ours, sam, _, _ = pair
    assert ours.lcoe_owner_cost == pytest.approx(sam["lcoe_nom"] / 100, rel=NPV_REL)


def test_lcoe_financial_is_sams_ppa_price_at_breakeven(pair):
    ours, _, values, inp = pair
    at_breakeven = dict(values, ppa_price_input=[ours.breakeven_tariff_per_kwh])
    sam = run_single_owner(at_breakeven)
    assert abs(sam["project_return_aftertax_npv"]) <= 1e-9 * inp.capex
    assert ours.lcoe_financial == pytest.approx(sam["lppa_nom"] / 100, rel=NPV_REL)
    assert ours.lcoe_financial == pytest.approx(sam["lcoe_nom"] / 100, rel=NPV_REL)


def test_cases_exercise_holiday_debt_and_tax_losses():
    wind = appraise(parse_input(_wind()[0]))
    assert wind.cash_flows.tax_rate[1:8] == (0, 0, 0, 0.125, 0.125, 0.125, 0.25)
    losses = appraise(parse_input(_wind_with_losses()[0]))
    assert min(losses.cash_flows.tax) < 0.0  # a credited loss
    pv = appraise(parse_input(_pv()[0]))
    assert pv.cash_flows.tax_rate[1:] == (0.0,) * 4 + (0.05,) * 9 + (0.1,) * 2 + (0.2,) * 10


def test_conventions_sam_lacks_are_refused():
    case, _ = _wind()
    inp = parse_input(case)
    for change in (
        {"construction_years": 2},
        {"tax_losses": "floor"},
        {"terminal_book_value": "deducted"},
        {"equity_discount_rate": 0.1},
        {"loan_years": 25},
    ):
        with pytest.raises(NotRepresentableError):
            single_owner_inputs(dataclasses.replace(inp, **change))


def test_fifteen_year_half_year_goes_in_as_a_custom_schedule():
    case, hourly = _pv()
    case.update(depreciation_years=15, depreciation_convention="half_year")
    inp = parse_input(case)
    values = single_owner_inputs(inp, hourly)
    assert values["depr_alloc_custom_percent"] == 100.0
    assert values["depr_alloc_sl_15_percent"] == 0.0
    ours, sam = appraise(inp), run_single_owner(values)
    assert ours.npv_equity == pytest.approx(sam["project_return_aftertax_npv"], rel=NPV_REL)
    _close(ours.cash_flows.depreciation, sam["cf_feddepr_total"])
