"""Project finance cash-flow model, vectorised over variants.

Every function works on arrays with a leading *variant* axis, so one appraisal is a batch of
one and a sweep of 10,000 variants is one call. Timeline (end-of-year amounts):

* construction years ``t = 0 .. C-1`` carry the capex (``capex_schedule`` shares);
* operating years ``k = 1 .. N`` sit at ``t = C-1+k``; discounting is to ``t = 0``.

Conventions (written down in ``docs/appraisal.md``): debt is drawn pro rata with capex and
interest during construction is capitalised into the loan and the depreciable basis;
repayment starts in operating year 1 after ``grace_years`` of interest-only payments; tax is
paid in the year it arises; the salvage value arrives at the end of the last operating year
and its gain over remaining book value is taxable.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Structure:
    """What every variant of a batch shares (it fixes the array shapes and branches)."""

    years: int
    construction_years: int = 1
    capex_schedule: tuple[float, ...] = (1.0,)
    loan_type: str = "annuity"
    depreciation_convention: str = "full_year"
    tax_losses: str = "floor"
    loss_carryforward_years: int = 5


@dataclass(frozen=True)
class Params:
    """Per-variant inputs: arrays of shape (V,), ``tax_rate`` of shape (V, N)."""

    capacity_kw: FloatArray
    energy_year1_kwh: FloatArray
    capex: FloatArray
    om_fixed_per_kw_year: FloatArray
    om_variable_per_kwh: FloatArray
    om_escalation: FloatArray
    tariff_per_kwh: FloatArray
    tariff_escalation: FloatArray
    degradation_per_year: FloatArray
    discount_rate: FloatArray
    equity_discount_rate: FloatArray
    debt_fraction: FloatArray
    interest_rate: FloatArray
    loan_years: FloatArray
    grace_years: FloatArray
    depreciation_years: FloatArray
    depreciable_fraction: FloatArray
    salvage_fraction: FloatArray
    tax_rate: FloatArray

    @property
    def variants(self) -> int:
        return int(self.capex.shape[0])


@dataclass(frozen=True)
class CashFlows:
    """Yearly arrays. Operating-year arrays are (V, N); timeline arrays are (V, C+N)."""

    energy_kwh: FloatArray
    revenue: FloatArray
    om_cost: FloatArray
    ebitda: FloatArray
    interest: FloatArray
    principal: FloatArray
    debt_balance_opening: FloatArray
    depreciation: FloatArray
    taxable_income: FloatArray
    tax: FloatArray
    tax_unlevered: FloatArray
    salvage: FloatArray
    capex_timeline: FloatArray
    project_pretax: FloatArray
    project_aftertax: FloatArray
    equity: FloatArray
    loan_amount: FloatArray
    interest_during_construction: FloatArray


def _col(values: FloatArray) -> FloatArray:
    return np.asarray(values, dtype=np.float64)[:, None]


def debt_service(
    principal: FloatArray,
    *,
    rate: FloatArray,
    loan_years: FloatArray,
    grace_years: FloatArray,
    years: int,
    loan_type: str,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Opening balance, interest and principal repaid per operating year, each (V, N).

    ``annuity`` (等额本息) pays a level amount ``P * CRF(i, n)``; ``equal_principal``
    (等额本金) repays ``P / n`` each year plus interest on the opening balance. The first
    ``grace_years`` of the ``loan_years`` tenor pay interest only.
    """
    k = np.arange(1, years + 1, dtype=np.float64)[None, :]
    amount = _col(principal)
    i = _col(rate)
    grace = _col(grace_years)
    repay_years = np.maximum(_col(loan_years) - grace, 1.0)
    j = k - grace  # repayment year 1..n
    in_grace = j < 1.0
    repaying = (j >= 1.0) & (j <= repay_years)
    before = np.maximum(j - 1.0, 0.0)
    if loan_type == "annuity":
        positive = i > 0.0
        safe_i = np.where(positive, i, 1.0)
        growth_n = (1.0 + i) ** repay_years
        factor = np.where(
            positive, safe_i * growth_n / np.where(positive, growth_n - 1.0, 1.0), 0.0
        )
        factor = np.where(positive, factor, 1.0 / repay_years)
        payment = amount * factor
        growth = (1.0 + i) ** before
        paid_share = np.where(positive, (growth - 1.0) / safe_i, before)
        opening = amount * growth - payment * paid_share
        repaid = payment - i * opening
    else:
        opening = amount * (1.0 - before / repay_years)
        repaid = np.broadcast_to(amount / repay_years, opening.shape)
    opening = np.where(in_grace, amount, np.where(repaying, opening, 0.0))
    interest = i * opening
    repaid = np.where(repaying, repaid, 0.0)
    return opening, interest, repaid


def depreciation_rates(depreciation_years: FloatArray, years: int, convention: str) -> FloatArray:
    """Straight-line share of the basis written off in each operating year, (V, N).

    ``full_year``: ``1/n`` in years 1..n. ``half_year``: ``1/(2n)`` in year 1, ``1/n`` in
    years 2..n and ``1/(2n)`` in year n+1 (the convention SAM uses). Shares falling after the
    last operating year are not taken; the remaining book value meets the salvage value.
    """
    k = np.arange(1, years + 1, dtype=np.float64)[None, :]
    n = _col(depreciation_years)
    full = 1.0 / n
    if convention == "full_year":
        return np.where(k <= n, full, 0.0)
    half = 0.5 / n
    return np.where(k == 1.0, half, np.where(k <= n, full, np.where(k == n + 1.0, half, 0.0)))


def income_tax(
    taxable: FloatArray, rate: FloatArray, policy: str, carryforward_years: int = 5
) -> FloatArray:
    """Income tax per year, (V, N).

    ``floor``: losses are lost (tax never negative). ``benefit``: a loss earns a tax benefit
    at that year's rate (the owner offsets other income; SAM's assumption). ``carry_forward``:
    losses offset the profits of the next ``carryforward_years`` years, oldest first (China
    and Vietnam: five years).
    """
    if policy == "benefit":
        return taxable * rate
    if policy == "floor":
        return np.maximum(taxable, 0.0) * rate
    variants, years = taxable.shape
    losses = np.zeros((variants, years))
    base = np.zeros((variants, years))
    for year in range(years):
        profit = np.maximum(taxable[:, year], 0.0)
        first = max(0, year - carryforward_years)
        window = losses[:, first:year]
        used = np.minimum(profit, window.sum(axis=1))
        before = np.cumsum(window, axis=1) - window
        window -= np.clip(used[:, None] - before, 0.0, window)
        base[:, year] = profit - used
        losses[:, year] = np.maximum(-taxable[:, year], 0.0)
    return base * rate


def cash_flows(params: Params, structure: Structure) -> CashFlows:
    """Build the yearly cash flows of every variant."""
    years = structure.years
    build = structure.construction_years
    k = np.arange(years, dtype=np.float64)[None, :]
    energy = _col(params.energy_year1_kwh) * (1.0 - _col(params.degradation_per_year)) ** k
    revenue = energy * _col(params.tariff_per_kwh) * (1.0 + _col(params.tariff_escalation)) ** k
    om_growth = (1.0 + _col(params.om_escalation)) ** k
    om_cost = (
        _col(params.om_fixed_per_kw_year) * _col(params.capacity_kw)
        + _col(params.om_variable_per_kwh) * energy
    ) * om_growth
    ebitda = revenue - om_cost

    schedule = np.asarray(structure.capex_schedule, dtype=np.float64)[None, :]
    capex_build = _col(params.capex) * schedule
    draws = _col(params.debt_fraction) * capex_build
    compounding = (1.0 + _col(params.interest_rate)) ** (build - 1.0 - np.arange(build))[None, :]
    loan = np.sum(draws * compounding, axis=1)
    idc = loan - np.sum(draws, axis=1)
    opening, interest, principal = debt_service(
        loan,
        rate=params.interest_rate,
        loan_years=params.loan_years,
        grace_years=params.grace_years,
        years=years,
        loan_type=structure.loan_type,
    )

    shares = depreciation_rates(params.depreciation_years, years, structure.depreciation_convention)
    basis_unlevered = params.capex * params.depreciable_fraction
    basis = basis_unlevered + idc
    depreciation = _col(basis) * shares
    depreciation_unlevered = _col(basis_unlevered) * shares
    salvage_value = params.salvage_fraction * params.capex
    salvage = np.zeros((params.variants, years))
    salvage[:, -1] = salvage_value
    gain = np.zeros((params.variants, years))
    gain[:, -1] = salvage_value - (basis - depreciation.sum(axis=1))
    gain_unlevered = np.zeros((params.variants, years))
    gain_unlevered[:, -1] = salvage_value - (basis_unlevered - depreciation_unlevered.sum(axis=1))

    taxable = ebitda - interest - depreciation + gain
    tax = income_tax(
        taxable, params.tax_rate, structure.tax_losses, structure.loss_carryforward_years
    )
    tax_unlevered = income_tax(
        ebitda - depreciation_unlevered + gain_unlevered,
        params.tax_rate,
        structure.tax_losses,
        structure.loss_carryforward_years,
    )

    equity_build = -(1.0 - _col(params.debt_fraction)) * capex_build
    project_pretax = np.concatenate([-capex_build, ebitda + salvage], axis=1)
    project_aftertax = np.concatenate([-capex_build, ebitda - tax_unlevered + salvage], axis=1)
    equity = np.concatenate([equity_build, ebitda - interest - principal - tax + salvage], axis=1)
    capex_timeline = np.concatenate([capex_build, np.zeros((params.variants, years))], axis=1)
    return CashFlows(
        energy_kwh=energy,
        revenue=revenue,
        om_cost=om_cost,
        ebitda=ebitda,
        interest=interest,
        principal=principal,
        debt_balance_opening=opening,
        depreciation=depreciation,
        taxable_income=taxable,
        tax=tax,
        tax_unlevered=tax_unlevered,
        salvage=salvage,
        capex_timeline=capex_timeline,
        project_pretax=project_pretax,
        project_aftertax=project_aftertax,
        equity=equity,
        loan_amount=loan,
        interest_during_construction=idc,
    )


def discount_factors(rate: FloatArray, periods: int) -> FloatArray:
    """``(1 + r) ** -t`` for ``t = 0 .. periods-1``, (V, periods)."""
    return (1.0 + _col(rate)) ** -np.arange(periods, dtype=np.float64)[None, :]


def npv_rows(flows: FloatArray, rate: FloatArray) -> FloatArray:
    """NPV of each row at its own rate."""
    return np.sum(flows * discount_factors(rate, flows.shape[1]), axis=1)


def payback_years(flows: FloatArray, construction_years: int) -> FloatArray:
    """Years from the start of operation until cumulative flows turn non-negative.

    Linear within the year; NaN when they never do. The cumulative sum includes every
    construction-year outlay; an all-zero-capex project pays back at 0.
    """
    cumulative = np.cumsum(flows, axis=1)[:, construction_years - 1 :]
    reached = cumulative >= 0.0
    first = np.argmax(reached, axis=1)
    never = ~reached[np.arange(flows.shape[0]), first]
    rows = np.arange(flows.shape[0])
    previous = cumulative[rows, np.maximum(first - 1, 0)]
    current = cumulative[rows, first]
    step = current - previous
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(step > 0.0, -previous / step, 0.0)
    result = np.where(first == 0, 0.0, first - 1.0 + fraction)
    return np.where(never, np.nan, result)


@dataclass(frozen=True)
class DscrStats:
    """Minimum and average debt service coverage over years with debt service, (V,)."""

    min_pretax: FloatArray
    avg_pretax: FloatArray
    min_aftertax: FloatArray
    avg_aftertax: FloatArray


def dscr(flows: CashFlows) -> DscrStats:
    """DSCR = cash available for debt service / (interest + principal).

    Pre-tax uses EBITDA (SAM's definition); after-tax subtracts the income tax paid.
    NaN where a variant has no debt service.
    """
    service = flows.interest + flows.principal
    has = service > 0.0
    count = has.sum(axis=1)
    safe = np.where(has, service, 1.0)
    pretax = flows.ebitda / safe
    aftertax = (flows.ebitda - flows.tax) / safe

    def stats(values: FloatArray) -> tuple[FloatArray, FloatArray]:
        low = np.where(has, values, np.inf).min(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(has, values, 0.0).sum(axis=1) / count
        return np.where(count > 0, low, np.nan), np.where(count > 0, mean, np.nan)

    min_pre, avg_pre = stats(pretax)
    min_post, avg_post = stats(aftertax)
    return DscrStats(min_pre, avg_pre, min_post, avg_post)


def lcoe_simple(params: Params, years: int) -> FloatArray:
    """Simple LCOE: ``(capex * CRF(r, N) + fixed O&M) / year-1 energy + variable O&M``.

    No tax, no financing, no degradation or escalation (NREL's "simple LCOE").
    """
    rate = params.discount_rate
    positive = rate != 0.0
    safe = np.where(positive, rate, 1.0)
    growth = (1.0 + rate) ** years
    factor = np.where(positive, safe * growth / np.where(positive, growth - 1.0, 1.0), 1.0 / years)
    with np.errstate(divide="ignore", invalid="ignore"):
        fixed = (params.capex * factor + params.om_fixed_per_kw_year * params.capacity_kw) / (
            params.energy_year1_kwh
        )
    return np.where(params.energy_year1_kwh > 0.0, fixed + params.om_variable_per_kwh, np.nan)


def lcoe_dcf(params: Params, flows: CashFlows, construction_years: int) -> FloatArray:
    """Discounted-cash-flow LCOE: PV(capex + O&M) / PV(energy) at ``discount_rate``.

    Pre-tax and unlevered; degradation and O&M escalation included.
    """
    periods = flows.capex_timeline.shape[1]
    factors = discount_factors(params.discount_rate, periods)
    operating = factors[:, construction_years:]
    costs = np.sum(flows.capex_timeline * factors, axis=1) + np.sum(
        flows.om_cost * operating, axis=1
    )
    energy = np.sum(flows.energy_kwh * operating, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(energy > 0.0, costs / energy, np.nan)
