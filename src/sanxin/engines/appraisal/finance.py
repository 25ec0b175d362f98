"""Project finance cash-flow model, vectorised over variants.

Every function works on arrays with a leading *variant* axis, so one appraisal is a batch of
one and a sweep of 10,000 variants is one call. Timeline (end-of-year amounts):

* construction years ``t = 0 .. C-1`` carry the capex (``capex_schedule`` shares);
* operating years ``k = 1 .. N`` sit at ``t = C-1+k``; discounting is to ``t = 0``.

Conventions (written down in ``docs/appraisal.md``): debt is drawn pro rata with capex and
interest during construction is capitalised into the loan and the depreciable basis;
repayment starts in operating year 1 after ``grace_years`` of interest-only payments; tax is
paid in the year it arises; the salvage value arrives at the end of the last operating year
and its gain over the remaining book value is taxable (with
``terminal_book_value='ignored'``, SAM's convention, the whole salvage value is).
"""

from __future__ import annotations

import functools
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
    terminal_book_value: str = "deducted"


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


@functools.lru_cache(maxsize=128)
def _steps(start: int, count: int) -> FloatArray:
    """The row ``start, start+1, .. start+count-1`` as (1, count), read-only and shared."""
    steps = np.arange(start, start + count, dtype=np.float64)[None, :]
    steps.flags.writeable = False
    return steps


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
    amount = _col(principal)
    i = _col(rate)
    grace = _col(grace_years)
    repay_years = np.maximum(_col(loan_years) - grace, 1.0)
    before = _steps(0, years) - grace  # repayment years already made; < 0 in grace
    in_grace = before < 0.0
    repaying = ~in_grace & (before <= repay_years - 1.0)
    before = np.maximum(before, 0.0)
    if loan_type == "annuity":
        if np.all(i > 0.0):
            growth_n = (1.0 + i) ** repay_years
            payment = amount * (i * growth_n / (growth_n - 1.0))
            growth = (1.0 + i) ** before
            opening = amount * growth - payment * ((growth - 1.0) / i)
        else:
            positive = i > 0.0
            safe_i = np.where(positive, i, 1.0)
            growth_n = (1.0 + i) ** repay_years
            factor = np.where(
                positive, safe_i * growth_n / np.where(positive, growth_n - 1.0, 1.0), 0.0
            )
            payment = amount * np.where(positive, factor, 1.0 / repay_years)
            growth = (1.0 + i) ** before
            paid_share = np.where(positive, (growth - 1.0) / safe_i, before)
            opening = amount * growth - payment * paid_share
        repaid = payment - i * opening
    else:
        step = amount / repay_years
        opening = amount - step * before
        repaid = step
    opening = np.where(in_grace, amount, np.where(repaying, opening, 0.0))
    interest = i * opening
    repaid = np.where(repaying, repaid, 0.0)
    return opening, interest, repaid


def depreciation_rates(depreciation_years: FloatArray, years: int, convention: str) -> FloatArray:
    """Straight-line share of the basis written off in each operating year, (V, N).

    ``full_year``: ``1/n`` in years 1..n. ``half_year``: ``1/(2n)`` in year 1, ``1/n`` in
    years 2..n and ``1/(2n)`` in year n+1 (the convention SAM uses). Shares falling after the
    last operating year are not taken; the remaining book value meets the salvage value.
    When every variant has the same period the result is one shared read-only (1, N) row.
    """
    n = np.asarray(depreciation_years, dtype=np.float64)
    if n.size and np.all(n == n.flat[0]):
        return _shares(float(n.flat[0]), years, convention)
    return _shares_by_variant(n[:, None], years, convention)


def _shares_by_variant(n: FloatArray, years: int, convention: str) -> FloatArray:
    k = _steps(1, years)
    full = 1.0 / n
    if convention == "full_year":
        return np.where(k <= n, full, 0.0)
    half = 0.5 / n
    return np.where(k == 1.0, half, np.where(k <= n, full, np.where(k == n + 1.0, half, 0.0)))


@functools.lru_cache(maxsize=128)
def _shares(n: float, years: int, convention: str) -> FloatArray:
    shares = _shares_by_variant(np.array([[n]]), years, convention)
    shares.flags.writeable = False
    return shares


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


def _construction(params: Params, structure: Structure) -> tuple[FloatArray, ...]:
    """Capex per construction year (V, C), loan at the start of operation and its IDC (V,)."""
    build = structure.construction_years
    capex = params.capex
    if build == 1:
        return capex[:, None], params.debt_fraction * capex, np.zeros(params.variants)
    capex_build = capex[:, None] * np.asarray(structure.capex_schedule)[None, :]
    draws = params.debt_fraction[:, None] * capex_build
    compounding = (1.0 + params.interest_rate)[:, None] ** -_steps(1 - build, build)
    loan = np.sum(draws * compounding, axis=1)
    return capex_build, loan, loan - np.sum(draws, axis=1)


def cash_flows(params: Params, structure: Structure) -> CashFlows:
    """Build the yearly cash flows of every variant."""
    years = structure.years
    build = structure.construction_years
    variants = params.variants
    k = _steps(0, years)
    energy = params.energy_year1_kwh[:, None] * (1.0 - params.degradation_per_year)[:, None] ** k
    price = params.tariff_per_kwh[:, None] * (1.0 + params.tariff_escalation)[:, None] ** k
    revenue = energy * price
    om_cost = (
        (params.om_fixed_per_kw_year * params.capacity_kw)[:, None]
        + params.om_variable_per_kwh[:, None] * energy
    ) * (1.0 + params.om_escalation)[:, None] ** k
    ebitda = revenue - om_cost

    capex = params.capex
    capex_build, loan, idc = _construction(params, structure)
    opening, interest, principal = debt_service(
        loan,
        rate=params.interest_rate,
        loan_years=params.loan_years,
        grace_years=params.grace_years,
        years=years,
        loan_type=structure.loan_type,
    )

    shares = depreciation_rates(params.depreciation_years, years, structure.depreciation_convention)
    basis_unlevered = capex * params.depreciable_fraction
    basis = basis_unlevered + idc
    depreciation = basis[:, None] * shares
    depreciation_unlevered = basis_unlevered[:, None] * shares if build > 1 else depreciation
    salvage_value = params.salvage_fraction * capex
    salvage = np.zeros((variants, years))
    salvage[:, -1] = salvage_value

    taxable = ebitda - interest - depreciation
    taxable_unlevered = ebitda - depreciation_unlevered
    taxable[:, -1] += salvage_value
    taxable_unlevered[:, -1] += salvage_value
    if structure.terminal_book_value == "deducted":
        written = shares.sum(axis=1)  # share of the basis written off within the horizon
        taxable[:, -1] -= basis - basis * written
        taxable_unlevered[:, -1] -= basis_unlevered - basis_unlevered * written
    policy = structure.tax_losses
    carry = structure.loss_carryforward_years
    tax = income_tax(taxable, params.tax_rate, policy, carry)
    tax_unlevered = income_tax(taxable_unlevered, params.tax_rate, policy, carry)

    periods = build + years
    capex_timeline = np.zeros((variants, periods))
    capex_timeline[:, :build] = capex_build
    project_pretax = np.empty((variants, periods))
    project_pretax[:, :build] = -capex_build
    project_pretax[:, build:] = ebitda
    project_pretax[:, -1] += salvage_value
    project_aftertax = project_pretax.copy()
    project_aftertax[:, build:] -= tax_unlevered
    equity = project_pretax.copy()
    equity[:, :build] *= 1.0 - params.debt_fraction[:, None]
    equity[:, build:] -= interest + principal + tax
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
    return (1.0 + _col(rate)) ** -_steps(0, periods)


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
    count = np.count_nonzero(has, axis=1)
    safe = np.where(has, service, np.inf)  # a year without debt service divides to 0
    ratios = np.stack([flows.ebitda / safe, (flows.ebitda - flows.tax) / safe])
    low = np.where(has, ratios, np.inf).min(axis=2)
    total = ratios.sum(axis=2)
    some = count > 0
    low = np.where(some, low, np.nan)
    mean = np.divide(total, count, out=np.full_like(total, np.nan), where=some)
    return DscrStats(low[0], mean[0], low[1], mean[1])


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
