"""Discounting, capital recovery and a robust internal rate of return.

Cash flows are end-of-period amounts ``c[0], c[1], ...``; ``c[0]`` is not discounted.
The IRR is a rate ``r > -1`` with ``sum(c[t] / (1 + r) ** t) == 0``. Writing
``x = 1 / (1 + r)`` turns that into a polynomial in ``x`` whose positive real roots are the
IRRs. :func:`irr` says "none" or "multiple" instead of picking one root silently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

FloatArray = NDArray[np.float64]

IRR_UNIQUE = "unique"
IRR_NONE = "none"
IRR_MULTIPLE = "multiple"
_LOWEST_RATE = -0.999999
_HIGHEST_RATE = 1e6
_START = 1.0 / 1.08  # first Newton iterate in x = 1 / (1 + r): a rate of 8 %
_MAX_STEPS = 200  # then Brent's method finishes (never needed on realistic flows)


@dataclass(frozen=True)
class IrrResult:
    """``value`` is the IRR when ``status == "unique"``; ``roots`` lists every root found."""

    status: str
    value: float | None
    roots: tuple[float, ...]


def crf(rate: float, periods: int) -> float:
    """Capital recovery factor ``i (1+i)^n / ((1+i)^n - 1)``; ``1/n`` at ``i = 0``."""
    if periods <= 0:
        raise ValueError("periods must be positive")
    if rate == 0.0:
        return 1.0 / periods
    growth = (1.0 + rate) ** periods
    return rate * growth / (growth - 1.0)


def npv(rate: float, flows: ArrayLike) -> float:
    """Net present value at ``rate`` of end-of-period flows, the first at ``t = 0``."""
    values = np.asarray(flows, dtype=np.float64)
    factors = (1.0 + rate) ** -np.arange(values.size, dtype=np.float64)
    return float(values @ factors)


def sign_changes(flows: ArrayLike) -> int:
    """Number of sign changes in the non-zero flows (Descartes' bound on the IRR count)."""
    values = np.asarray(flows, dtype=np.float64)
    signs = np.sign(values[values != 0.0])
    return int(np.count_nonzero(signs[1:] != signs[:-1]))


def _npv_in_x(coefficients: FloatArray, x: float) -> float:
    return float(np.polynomial.polynomial.polyval(x, coefficients))


def _horner(x: float, descending: list[float]) -> float:
    """Polynomial value by Horner's rule (the same operations as ``polyval``, in floats)."""
    total = 0.0
    for coefficient in descending:
        total = total * x + coefficient
    return total


def _bracketed_unique(descending: list[float]) -> float | None:
    """The single root when the flows change sign once (Descartes: exactly one in r > -1).

    ``descending`` holds the flows last first: the coefficients of NPV(x), highest power first.
    """
    # NPV(x) with x in (0, inf): one sign change guarantees exactly one positive root.
    low, high = 1e-12, 1.0
    f_low = _horner(low, descending)
    f_high = _horner(high, descending)
    while (f_high > 0.0) == (f_low > 0.0) and (f_high < 0.0) == (f_low < 0.0):
        high *= 2.0
        if high > 1.0 / (1.0 + _LOWEST_RATE):
            return None
        f_high = _horner(high, descending)
    x = _newton_in_bracket(descending, low, high, low_positive=f_low > 0.0)
    return 1.0 / x - 1.0


def _newton_in_bracket(
    descending: list[float], low: float, high: float, *, low_positive: bool
) -> float:
    """The only root in (low, high): Newton's method, bisecting when a step leaves the bracket.

    Every evaluation shrinks the bracket, so the iteration converges; it stops when a Newton
    step moves x by at most 1e-15 (relative above 1). On random flows with one sign change it
    agrees with Brent's method (xtol = rtol = 1e-15) to 4e-15 and needs about a third of the
    evaluations.
    """
    x = _START if low < _START < high else 0.5 * (low + high)
    for _ in range(_MAX_STEPS):
        value = 0.0
        slope = 0.0
        for coefficient in descending:  # Horner's rule for the value and the derivative
            slope = slope * x + value
            value = value * x + coefficient
        if value == 0.0:
            return x
        if (value > 0.0) == low_positive:
            low = x
        else:
            high = x
        new = x - value / slope if slope != 0.0 else math.inf
        if abs(new - x) <= 1e-15 * max(1.0, x):
            return new
        x = new if low < new < high else 0.5 * (low + high)
    return brentq(_horner, low, high, args=(descending,), xtol=1e-15, rtol=1e-15, maxiter=500)


def _polynomial_roots(values: FloatArray) -> tuple[float, ...]:
    """All real positive roots in x, polished with Newton, as rates."""
    roots = np.roots(values[::-1])
    scale = float(np.sum(np.abs(values)))
    derivative = np.polynomial.polynomial.polyder(values)
    found: list[float] = []
    for root in roots:
        if abs(root.imag) > 1e-6 * max(1.0, abs(root.real)) or root.real <= 0.0:
            continue
        x = float(root.real)
        for _ in range(20):
            slope = float(np.polynomial.polynomial.polyval(x, derivative))
            if slope == 0.0:
                break
            step = _npv_in_x(values, x) / slope
            x -= step
            if abs(step) <= 1e-15 * max(1.0, abs(x)):
                break
        if x <= 0.0 or abs(_npv_in_x(values, x)) > 1e-8 * scale * max(1.0, x) ** values.size:
            continue
        rate = 1.0 / x - 1.0
        if all(abs(rate - other) > 1e-9 for other in found):
            found.append(rate)
    return tuple(sorted(found))


def irr(flows: ArrayLike) -> IrrResult:  # noqa: PLR0911 (one early return per outcome)
    """Internal rate of return that reports "none" or "multiple" instead of a wrong root.

    ``[-100, 230, -132]`` has IRRs of 10 % and 20 %: the result is ``multiple`` with both
    roots. Flows that never change sign have no IRR.
    """
    items = np.asarray(flows, dtype=np.float64).tolist()  # floats: cheaper for short rows
    nonzero = [index for index, value in enumerate(items) if value != 0.0]
    if not nonzero:
        return IrrResult(IRR_NONE, None, ())
    # Leading zeros only shift time; trailing zeros lower the degree.
    items = items[nonzero[0] : nonzero[-1] + 1]
    changes = 0
    previous = items[0]
    for value in items:
        if value != 0.0:
            changes += (value > 0.0) != (previous > 0.0)
            previous = value
    if changes == 0:
        return IrrResult(IRR_NONE, None, ())
    if changes == 1:
        rate = _bracketed_unique(items[::-1])
        if rate is None:
            return IrrResult(IRR_NONE, None, ())
        return IrrResult(IRR_UNIQUE, rate, (rate,))
    roots = _polynomial_roots(np.asarray(items, dtype=np.float64))
    if not roots:
        return IrrResult(IRR_NONE, None, ())
    if len(roots) == 1:
        return IrrResult(IRR_UNIQUE, roots[0], roots)
    return IrrResult(IRR_MULTIPLE, None, roots)


def irr_batch(flows: ArrayLike) -> tuple[FloatArray, NDArray[np.str_]]:
    """IRR of each row of a (variants x periods) array, vectorised over the variants.

    Rows whose flows change sign once are solved together by a safeguarded Newton
    iteration in ``x = 1/(1+r)`` (one root guaranteed); other rows go through :func:`irr`.
    Returns the rates (NaN where there is no unique IRR) and each row's status.
    """
    matrix = np.atleast_2d(np.asarray(flows, dtype=np.float64))
    variants, periods = matrix.shape
    rates = np.full(variants, np.nan)
    status = np.full(variants, IRR_NONE, dtype="<U8")
    signs = np.sign(matrix)
    # Sign changes per row, ignoring zeros: carry the last non-zero sign forward.
    carried = signs.copy()
    for column in range(1, periods):
        zero = carried[:, column] == 0
        carried[zero, column] = carried[zero, column - 1]
    changes = np.count_nonzero((carried[:, 1:] != carried[:, :-1]) & (carried[:, :-1] != 0), axis=1)
    simple = changes == 1
    if np.any(simple):
        solved = _newton_rows(matrix[simple])
        rates[simple] = solved
        status[simple] = np.where(np.isfinite(solved), IRR_UNIQUE, IRR_NONE)
    for row in np.flatnonzero(changes > 1):
        result = irr(matrix[row])
        status[row] = result.status
        if result.value is not None:
            rates[row] = result.value
    return rates, status


def _newton_rows(matrix: FloatArray) -> FloatArray:
    """Roots in x of rows with one sign change, by bisection-safeguarded Newton."""
    powers = np.arange(matrix.shape[1], dtype=np.float64)

    def value_and_slope(x: FloatArray) -> tuple[FloatArray, FloatArray]:
        with np.errstate(over="ignore", invalid="ignore"):
            terms = x[:, None] ** powers[None, :]
            value = np.sum(matrix * terms, axis=1)
            slope_terms = powers[None, 1:] * terms[:, :-1]
            slope = np.sum(matrix[:, 1:] * slope_terms, axis=1)
        return value, slope

    rows = matrix.shape[0]
    low = np.full(rows, 1e-12)
    high = np.ones(rows)
    f_low, _ = value_and_slope(low)
    f_high, _ = value_and_slope(high)
    for _ in range(10):  # x up to 1024, i.e. rates down to -99.9 %
        same = np.sign(f_high) == np.sign(f_low)
        if not np.any(same):
            break
        high = np.where(same, high * 2.0, high)
        f_high, _ = value_and_slope(high)
    bracketed = np.sign(f_high) != np.sign(f_low)
    x = 0.5 * (low + high)
    for _ in range(200):
        f_x, slope = value_and_slope(x)
        left = np.sign(f_x) == np.sign(f_low)
        low = np.where(left, x, low)
        f_low = np.where(left, f_x, f_low)
        high = np.where(left, high, x)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = x - f_x / slope
        inside = np.isfinite(newton) & (newton > low) & (newton < high)
        new_x = np.where(inside, newton, 0.5 * (low + high))
        done = np.abs(new_x - x) <= 1e-15 * np.maximum(1.0, x)
        x = new_x
        if np.all(done):
            break
    return np.where(bracketed, 1.0 / x - 1.0, np.nan)
