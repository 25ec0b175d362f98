"""Sweeps and tornados, vectorised over the variants (one array pass, no per-run loop)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sanxin.engines.appraisal import finance
from sanxin.engines.appraisal.inputs import AppraisalInput
from sanxin.engines.appraisal.irr import irr_batch
from sanxin.engines.appraisal.parameters import (
    VARIABLE_INPUTS,
    base_values,
    params_of,
    structure_of,
)

FloatArray = NDArray[np.float64]

METRICS = (
    "npv_project",
    "irr_project",
    "npv_equity",
    "irr_equity",
    "lcoe_simple",
    "lcoe_dcf",
    "min_dscr_pretax",
    "payback_simple_years",
)


@dataclass(frozen=True)
class SweepResult:
    """One value per variant for each metric (NaN where it does not exist)."""

    variants: int
    npv_project: FloatArray
    irr_project: FloatArray
    npv_equity: FloatArray
    irr_equity: FloatArray
    lcoe_simple: FloatArray
    lcoe_dcf: FloatArray
    min_dscr_pretax: FloatArray
    payback_simple_years: FloatArray

    def metric(self, name: str) -> FloatArray:
        if name not in METRICS:
            raise KeyError(name)
        values: FloatArray = getattr(self, name)
        return values


def sweep(inp: AppraisalInput, overrides: Mapping[str, ArrayLike]) -> SweepResult:
    """Appraise every variant: ``overrides`` maps input names to arrays of one length."""
    unknown = set(overrides) - set(VARIABLE_INPUTS)
    if unknown:
        raise KeyError(
            f"cannot sweep {sorted(unknown)[0]}; sweepable: {', '.join(VARIABLE_INPUTS)}"
        )
    lengths = {np.asarray(values).shape[0] for values in overrides.values()}
    if len(lengths) > 1:
        raise ValueError("all override arrays need the same number of variants")
    variants = lengths.pop() if lengths else 1
    params = params_of(inp, overrides, variants)
    structure = structure_of(inp)
    flows = finance.cash_flows(params, structure)
    irr_project, _ = irr_batch(flows.project_aftertax)
    irr_equity, _ = irr_batch(flows.equity)
    stats = finance.dscr(flows)
    return SweepResult(
        variants=variants,
        npv_project=finance.npv_rows(flows.project_aftertax, params.discount_rate),
        irr_project=irr_project,
        npv_equity=finance.npv_rows(flows.equity, params.equity_discount_rate),
        irr_equity=irr_equity,
        lcoe_simple=finance.lcoe_simple(params, inp.years),
        lcoe_dcf=finance.lcoe_dcf(params, flows, inp.construction_years),
        min_dscr_pretax=stats.min_pretax,
        payback_simple_years=finance.payback_years(flows.project_aftertax, inp.construction_years),
    )


def grid(axes: Mapping[str, Sequence[float]]) -> dict[str, FloatArray]:
    """Cartesian product of the axes as override arrays (for :func:`sweep`)."""
    names = list(axes)
    combos = np.array(list(itertools.product(*(axes[name] for name in names))), dtype=np.float64)
    return {name: combos[:, index] for index, name in enumerate(names)}


@dataclass(frozen=True)
class TornadoBar:
    """The metric at the low and high value of one input, others at base."""

    input: str
    low: float
    high: float
    metric_low: float
    metric_high: float

    @property
    def swing(self) -> float:
        return abs(self.metric_high - self.metric_low)


# Relative (x) or absolute (+) changes of the usual tornado.
DEFAULT_SPANS: dict[str, tuple[str, float]] = {
    "capex": ("x", 0.10),
    "tariff_per_kwh": ("x", 0.10),
    "energy_year1_kwh": ("x", 0.10),
    "om_fixed_per_kw_year": ("x", 0.10),
    "discount_rate": ("+", 0.01),
    "interest_rate": ("+", 0.01),
    "debt_fraction": ("+", 0.10),
}


def tornado(
    inp: AppraisalInput,
    *,
    metric: str = "npv_project",
    spans: Mapping[str, tuple[float, float]] | None = None,
) -> tuple[float, list[TornadoBar]]:
    """Base value of ``metric`` and one bar per input, widest swing first.

    ``spans`` maps an input to its (low, high) values; the default moves capex, tariff,
    energy and fixed O&M by ±10 % and rates by ±1 point (debt share by ±10 points).
    """
    base = base_values(inp)
    if spans is None:
        spans = {}
        for name, (kind, size) in DEFAULT_SPANS.items():
            value = float(base[name])
            if kind == "x":
                spans[name] = (value * (1.0 - size), value * (1.0 + size))
            else:
                low, high = value - size, value + size
                if name == "debt_fraction":
                    low, high = max(low, 0.0), min(high, 0.95)
                    if base["debt_fraction"] == 0.0:
                        continue
                if name == "interest_rate" and base["debt_fraction"] == 0.0:
                    continue
                spans[name] = (max(low, 0.0), high)
    names = list(spans)
    count = 2 * len(names) + 1
    overrides: dict[str, FloatArray] = {}
    for index, name in enumerate(names):
        column = np.full(count, float(base[name]) if name != "tax_rate" else np.nan)
        if name == "tax_rate":
            raise KeyError("tax_rate is not a tornado input; sweep it instead")
        column[2 * index] = spans[name][0]
        column[2 * index + 1] = spans[name][1]
        overrides[name] = column
    values = sweep(inp, overrides).metric(metric)
    bars = [
        TornadoBar(
            input=name,
            low=spans[name][0],
            high=spans[name][1],
            metric_low=float(values[2 * index]),
            metric_high=float(values[2 * index + 1]),
        )
        for index, name in enumerate(names)
    ]
    bars.sort(key=lambda bar: bar.swing, reverse=True)
    return float(values[-1]), bars
