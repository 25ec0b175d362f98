"""Break-even tariff: the year-1 tariff at which the equity NPV is zero.

Debt service does not depend on the tariff, and each year's taxable income moves by
``a_k = E_k (1 + g)^(k-1)`` per unit of tariff, so the equity NPV is

    NPV(T) = NPV(T0) + (T - T0) sum_k d_k a_k - sum_k d_k tau_k [phi(x_k(T)) - phi(x_k(T0))]

with ``x_k(T)`` the taxable income, ``tau_k`` the tax rate, ``d_k`` the equity discount
factor and ``phi(x) = x`` (losses as a benefit: NPV linear in T) or ``max(x, 0)`` (losses
floored: piecewise linear, increasing, with a kink where a year's taxable income crosses
zero). Both are solved exactly: the kinks are evaluated together and the root interpolated
on its linear piece. Carried-forward losses make each year depend on the earlier ones; that
policy brackets the root on a vectorised grid and refines it by false position.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sanxin.engines.appraisal import finance
from sanxin.engines.appraisal.inputs import AppraisalInput
from sanxin.engines.appraisal.parameters import params_of, structure_of

FloatArray = NDArray[np.float64]


def solve_linear_tax(  # noqa: PLR0911 (one return per piece of the NPV curve)
    *,
    npv0: float,
    tariff0: float,
    per_tariff: FloatArray,
    taxable0: FloatArray,
    rates: FloatArray,
    factors: FloatArray,
    policy: str,
) -> float | None:
    """Tariff with zero equity NPV when tax is ``rate * x`` (benefit) or ``rate * max(x, 0)``.

    ``npv0`` is the equity NPV at ``tariff0``; the arrays are per operating year: revenue per
    unit of year-1 tariff, taxable income at ``tariff0``, tax rate and discount factor.
    """
    slope_pretax = float(factors @ per_tariff)
    if policy == "benefit":
        slope = float(factors @ (per_tariff * (1.0 - rates)))
        return tariff0 - npv0 / slope if slope > 0.0 else None
    weights = factors * rates
    tax0 = float(weights @ np.maximum(taxable0, 0.0))
    moving = (per_tariff > 0.0) & (weights > 0.0)
    fixed_tax = float(weights[~moving] @ np.maximum(taxable0[~moving], 0.0))
    # NPV(T) = base + slope_pretax T - sum_moving w max(a T - h, 0)
    base = npv0 + tax0 - fixed_tax - slope_pretax * tariff0
    if slope_pretax <= 0.0:
        return None
    a = per_tariff[moving]
    w = weights[moving]
    h = a * tariff0 - taxable0[moving]
    if a.size == 0:
        return -base / slope_pretax
    kinks = np.sort(h / a)  # equal kinks have equal values: harmless
    values = base + slope_pretax * kinks - np.maximum(np.outer(kinks, a) - h, 0.0) @ w
    above = np.flatnonzero(values >= 0.0)
    if above.size == 0:  # beyond the last kink every year pays tax
        slope = slope_pretax - float(w @ a)
        if slope <= 0.0:
            return None
        return float(kinks[-1] - values[-1] / slope)
    first = int(above[0])
    if first == 0:  # below the first kink no year pays tax
        return float(kinks[0] - values[0] / slope_pretax)
    low, high = float(kinks[first - 1]), float(kinks[first])
    f_low, f_high = float(values[first - 1]), float(values[first])
    return low - f_low * (high - low) / (f_high - f_low)


def breakeven_iterative(inp: AppraisalInput) -> float | None:
    """Break-even tariff for any tax-loss policy, by bracketing and false position."""
    structure = structure_of(inp)

    def equity_npv(tariffs: FloatArray) -> FloatArray:
        params = params_of(inp, {"tariff_per_kwh": tariffs}, variants=tariffs.size)
        flows = finance.cash_flows(params, structure)
        return finance.npv_rows(flows.equity, params.equity_discount_rate)

    if inp.year1_energy_kwh() <= 0.0:
        return None
    low, high = equity_npv(np.array([0.0, 1.0]))
    if not (np.isfinite(low) and np.isfinite(high)) or high == low:
        return None  # e.g. overflowing inputs: no break-even to report, never an endless search
    guess = -low / (high - low)
    if not np.isfinite(guess):
        return None
    span = max(abs(guess), 1e-6)
    tariffs = guess + span * np.linspace(-0.5, 0.5, 33)
    values = equity_npv(tariffs)
    while not (values[0] < 0.0 < values[-1]):
        span *= 4.0
        if span > 1e9 or not np.isfinite(span):
            return None
        tariffs = guess + span * np.linspace(-0.5, 0.5, 33)
        values = equity_npv(tariffs)
    index = int(np.argmax(values >= 0.0))
    low, high = float(tariffs[index - 1]), float(tariffs[index])
    f_low, f_high = float(values[index - 1]), float(values[index])
    tolerance = 1e-9 * max(1.0, inp.capex)
    tariff = high
    side = 0  # Illinois variant of false position: halve the stale end's value
    for _ in range(100):
        tariff = (low * f_high - high * f_low) / (f_high - f_low)
        value = float(equity_npv(np.array([tariff]))[0])
        if abs(value) <= tolerance or high - low <= 1e-15 * max(1.0, abs(tariff)):
            break
        if value < 0.0:
            low, f_low = tariff, value
            if side == -1:
                f_high *= 0.5
            side = -1
        else:
            high, f_high = tariff, value
            if side == 1:
                f_low *= 0.5
            side = 1
    return float(tariff)
