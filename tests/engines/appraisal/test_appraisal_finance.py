"""Cash-flow model against hand calculations."""

import numpy as np
import pytest

from sanxin.engines.appraisal import finance
from sanxin.engines.appraisal.engine import appraise, params_of, structure_of
from sanxin.engines.appraisal.inputs import AppraisalInput, TaxHoliday

pytestmark = pytest.mark.unit


def small_case(**changes) -> AppraisalInput:
    """1000 capex, 3 years, 100 kWh at 5 = 500 a year, no O&M, 25 % tax, 3-year SL."""
    values = {
        "technology": "pv",
        "capacity_kw": 10.0,
        "capex": 1000.0,
        "tariff_per_kwh": 5.0,
        "years": 3,
        "discount_rate": 0.08,
        "energy_year1_kwh": 100.0,
        "tax_rate": 0.25,
        "depreciation_years": 3,
    }
    values.update(changes)
    return AppraisalInput(**values)


def test_annuity_debt_schedule_by_hand():
    # 600 at 10 % over 3 years: payment 600 * CRF(10 %, 3).
    payment = 600 * 0.1 * 1.1**3 / (1.1**3 - 1)
    opening = [600.0]
    for _ in range(2):
        opening.append(opening[-1] * 1.1 - payment)
    interest = [0.1 * b for b in opening]
    principal = [payment - i for i in interest]
    balance, got_interest, got_principal = finance.debt_service(
        np.array([600.0]),
        rate=np.array([0.1]),
        loan_years=np.array([3.0]),
        grace_years=np.array([0.0]),
        years=4,
        loan_type="annuity",
    )
    assert balance[0].tolist() == pytest.approx([*opening, 0.0], abs=1e-9)
    assert got_interest[0].tolist() == pytest.approx([*interest, 0.0], abs=1e-9)
    assert got_principal[0].tolist() == pytest.approx([*principal, 0.0], abs=1e-9)
    assert got_principal[0].sum() == pytest.approx(600.0, abs=1e-9)


def test_equal_principal_debt_schedule_by_hand():
    # 等额本金: 200 a year; interest on 600, 400, 200.
    balance, interest, principal = finance.debt_service(
        np.array([600.0]),
        rate=np.array([0.1]),
        loan_years=np.array([3.0]),
        grace_years=np.array([0.0]),
        years=3,
        loan_type="equal_principal",
    )
    assert balance[0].tolist() == pytest.approx([600.0, 400.0, 200.0])
    assert interest[0].tolist() == pytest.approx([60.0, 40.0, 20.0])
    assert principal[0].tolist() == pytest.approx([200.0, 200.0, 200.0])


def test_grace_years_pay_interest_only():
    _, interest, principal = finance.debt_service(
        np.array([300.0]),
        rate=np.array([0.05]),
        loan_years=np.array([4.0]),
        grace_years=np.array([1.0]),
        years=5,
        loan_type="equal_principal",
    )
    assert interest[0].tolist() == pytest.approx([15.0, 15.0, 10.0, 5.0, 0.0])
    assert principal[0].tolist() == pytest.approx([0.0, 100.0, 100.0, 100.0, 0.0])


def test_zero_interest_annuity_is_level_principal():
    _, interest, principal = finance.debt_service(
        np.array([90.0]),
        rate=np.array([0.0]),
        loan_years=np.array([3.0]),
        grace_years=np.array([0.0]),
        years=3,
        loan_type="annuity",
    )
    assert interest[0].tolist() == [0.0, 0.0, 0.0]
    assert principal[0].tolist() == pytest.approx([30.0, 30.0, 30.0])


def test_straight_line_full_and_half_year():
    full = finance.depreciation_rates(np.array([4.0]), 6, "full_year")
    half = finance.depreciation_rates(np.array([4.0]), 6, "half_year")
    assert full[0].tolist() == [0.25, 0.25, 0.25, 0.25, 0.0, 0.0]
    assert half[0].tolist() == [0.125, 0.25, 0.25, 0.25, 0.125, 0.0]


def test_tax_holiday_three_free_three_half():
    inp = small_case(years=10, depreciation_years=10, tax_holiday=TaxHoliday(3, 3, 1))
    assert inp.tax_rates() == (0, 0, 0, 0.125, 0.125, 0.125, 0.25, 0.25, 0.25, 0.25)


def test_tax_holiday_starting_later_and_per_year_rates():
    inp = small_case(years=5, tax_rate=(0.2, 0.2, 0.2, 0.1, 0.1), tax_holiday=TaxHoliday(1, 2, 2))
    assert inp.tax_rates() == (0.2, 0.0, 0.1, 0.05, 0.1)


def test_tax_loss_policies():
    taxable = np.array([[-100.0, 40.0, 40.0, 40.0]])
    rate = np.full((1, 4), 0.25)
    assert finance.income_tax(taxable, rate, "floor")[0].tolist() == [0, 10, 10, 10]
    assert finance.income_tax(taxable, rate, "benefit")[0].tolist() == [-25, 10, 10, 10]
    # carry forward: the 100 loss absorbs 40 + 40 + 20.
    assert finance.income_tax(taxable, rate, "carry_forward")[0].tolist() == [0, 0, 0, 5]


def test_tax_losses_expire_after_carryforward_years():
    taxable = np.array([[-100.0, 0.0, 0.0, 50.0, 50.0]])
    rate = np.full((1, 5), 0.2)
    # losses usable for 2 years only: gone before year 4.
    tax = finance.income_tax(taxable, rate, "carry_forward", carryforward_years=2)
    assert tax[0].tolist() == [0, 0, 0, 10, 10]
    # oldest losses used first.
    taxable = np.array([[-30.0, -50.0, 60.0, 60.0]])
    tax = finance.income_tax(np.array(taxable), np.full((1, 4), 0.5), "carry_forward", 5)
    assert tax[0].tolist() == [0, 0, 0, 20]


def test_small_case_end_to_end_by_hand():
    inp = small_case(debt_fraction=0.6, interest_rate=0.1, loan_years=3, loan_type="annuity")
    result = appraise(inp)
    payment = 600 * 0.1 * 1.1**3 / (1.1**3 - 1)
    opening = [600.0, 600.0 * 1.1 - payment]
    opening.append(opening[1] * 1.1 - payment)
    interest = [0.1 * b for b in opening]
    dep = 1000 / 3
    tax = [0.25 * (500 - i - dep) for i in interest]
    equity = [-400.0] + [500 - payment - t for t in tax]
    tax_unlevered = 0.25 * (500 - dep)
    project = [-1000.0] + [500 - tax_unlevered] * 3
    assert list(result.cash_flows.equity) == pytest.approx(equity, abs=1e-9)
    assert list(result.cash_flows.project_aftertax) == pytest.approx(project, abs=1e-9)
    assert list(result.cash_flows.project_pretax) == pytest.approx([-1000, 500, 500, 500])
    npv_project = sum(cf / 1.08**t for t, cf in enumerate(project))
    npv_equity = sum(cf / 1.08**t for t, cf in enumerate(equity))
    assert result.npv_project == pytest.approx(npv_project, rel=1e-12)
    assert result.npv_equity == pytest.approx(npv_equity, rel=1e-12)
    assert result.min_dscr_pretax == pytest.approx(500 / payment, rel=1e-12)
    assert result.avg_dscr_pretax == pytest.approx(500 / payment, rel=1e-12)
    after = [(500 - t) / payment for t in tax]
    assert result.min_dscr_aftertax == pytest.approx(min(after), rel=1e-12)
    assert result.avg_dscr_aftertax == pytest.approx(sum(after) / 3, rel=1e-12)
    # simple payback: 1000 / (500 - 41.67) = 2.1818 years
    assert result.payback_simple_years == pytest.approx(1000 / (500 - tax_unlevered), rel=1e-12)
    assert result.irr_equity_status == "unique"


def test_no_debt_means_equity_equals_project_and_no_dscr():
    result = appraise(small_case())
    assert result.cash_flows.equity == result.cash_flows.project_aftertax
    assert result.irr_equity == pytest.approx(result.irr_project, abs=1e-12)
    assert result.min_dscr_pretax is None
    assert result.avg_dscr_aftertax is None


def test_lcoe_simple_and_dcf_agree_without_degradation():
    # capex 1000, fixed O&M 10 kW x 10 = 100/yr, 1000 kWh/yr, 6 %, 25 years.
    inp = small_case(
        years=25,
        depreciation_years=25,
        discount_rate=0.06,
        energy_year1_kwh=1000.0,
        om_fixed_per_kw_year=10.0,
        om_variable_per_kwh=0.01,
    )
    result = appraise(inp)
    expected = (1000 * 0.0782267182 + 100) / 1000 + 0.01
    assert result.lcoe_simple == pytest.approx(expected, abs=1e-10)
    assert result.lcoe_dcf == pytest.approx(expected, abs=1e-10)


def test_lcoe_dcf_exceeds_simple_with_degradation():
    inp = small_case(years=25, depreciation_years=25, energy_year1_kwh=1000.0, discount_rate=0.06)
    degraded = appraise(AppraisalInput(**{**inp.__dict__, "degradation_per_year": 0.01}))
    af = sum(0.99**k / 1.06 ** (k + 1) for k in range(25))
    assert degraded.lcoe_dcf == pytest.approx(1000 / (1000 * af), rel=1e-12)
    assert degraded.lcoe_dcf > degraded.lcoe_simple


def test_breakeven_tariff_zeroes_equity_npv():
    inp = small_case(
        years=10,
        depreciation_years=10,
        debt_fraction=0.5,
        interest_rate=0.05,
        loan_years=8,
        tax_holiday=TaxHoliday(),
    )
    result = appraise(inp)
    at_breakeven = appraise(
        AppraisalInput(**{**inp.__dict__, "tariff_per_kwh": result.breakeven_tariff_per_kwh})
    )
    assert at_breakeven.npv_equity == pytest.approx(0.0, abs=1e-6)


def test_construction_period_capitalises_interest():
    inp = small_case(
        construction_years=2,
        capex_schedule=(0.5, 0.5),
        debt_fraction=0.5,
        interest_rate=0.1,
        loan_years=3,
        loan_type="equal_principal",
    )
    result = appraise(inp)
    # draws 250 at t=0 and t=1; the first accrues one year: loan at COD = 275 + 250.
    assert result.loan_amount == pytest.approx(525.0)
    assert result.interest_during_construction == pytest.approx(25.0)
    assert result.cash_flows.year == (-1, 0, 1, 2, 3)
    assert list(result.cash_flows.equity[:2]) == pytest.approx([-250.0, -250.0])
    assert list(result.cash_flows.principal[2:]) == pytest.approx([175.0] * 3)
    assert list(result.cash_flows.depreciation[2:]) == pytest.approx([1025.0 / 3] * 3)


def test_salvage_is_received_and_gain_taxed():
    inp = small_case(salvage_fraction=0.1)
    result = appraise(inp)
    # fully depreciated: the whole 100 salvage is a taxable gain in the last year.
    tax_last = 0.25 * (500 - 1000 / 3 + 100)
    assert result.cash_flows.project_aftertax[-1] == pytest.approx(500 + 100 - tax_last)


def test_params_broadcast_per_variant_tax_rates():
    inp = small_case()
    params = params_of(inp, {"tax_rate": np.array([0.1, 0.2])}, variants=2)
    assert params.tax_rate.tolist() == [[0.1] * 3, [0.2] * 3]
    assert structure_of(inp).capex_schedule == (1.0,)


def test_discounted_payback_by_hand():
    flows = np.array([[-1000.0, 300.0, 300.0, 300.0, 300.0, 300.0]])
    assert finance.payback_years(flows, 1)[0] == pytest.approx(3 + 100 / 300)
    assert np.isnan(finance.payback_years(np.array([[-1000.0, 100.0, 100.0]]), 1)[0])
