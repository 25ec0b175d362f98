"""One appraisal: inputs in, key figures and yearly cash flows out."""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from sanxin.engines.appraisal import finance
from sanxin.engines.appraisal.breakeven import breakeven_iterative, solve_linear_tax
from sanxin.engines.appraisal.carbon import (
    CarbonResult,
    UnknownRegionError,
    avoided_tco2,
    storage_net_grid_energy_kwh,
)
from sanxin.engines.appraisal.inputs import AppraisalInput, InputError
from sanxin.engines.appraisal.irr import IRR_UNIQUE, crf, irr
from sanxin.engines.appraisal.parameters import (
    VARIABLE_INPUTS,
    base_values,
    params_of,
    structure_of,
    variable_cost_per_kwh,
)

ENGINE_VERSION = "1.1.0"

__all__ = [
    "ENGINE_VERSION",
    "VARIABLE_INPUTS",
    "AppraisalResult",
    "YearlyCashFlows",
    "appraise",
    "base_values",
    "breakeven_tariff",
    "params_of",
    "structure_of",
    "variable_cost_per_kwh",
]


@dataclass(frozen=True)
class YearlyCashFlows:
    """Per-year arrays over the whole timeline (construction years first, year <= 0)."""

    year: tuple[int, ...]
    capex: tuple[float, ...]
    energy_kwh: tuple[float, ...]
    revenue: tuple[float, ...]
    om_cost: tuple[float, ...]
    ebitda: tuple[float, ...]
    interest: tuple[float, ...]
    principal: tuple[float, ...]
    debt_balance_opening: tuple[float, ...]
    depreciation: tuple[float, ...]
    taxable_income: tuple[float, ...]
    tax_rate: tuple[float, ...]
    tax: tuple[float, ...]
    salvage: tuple[float, ...]
    project_pretax: tuple[float, ...]
    project_aftertax: tuple[float, ...]
    equity: tuple[float, ...]
    tco2_avoided: tuple[float, ...]


@dataclass(frozen=True)
class AppraisalResult:
    """Key figures (NaN-free: ``None`` where a figure does not exist) and cash flows."""

    engine_version: str
    lcoe_simple: float | None
    lcoe_dcf: float | None
    lcoe_financial: float | None
    lcoe_owner_cost: float | None
    breakeven_tariff_per_kwh: float | None
    npv_project: float
    npv_project_pretax: float
    irr_project: float | None
    irr_project_status: str
    irr_project_pretax: float | None
    npv_equity: float
    irr_equity: float | None
    irr_equity_status: str
    irr_equity_roots: tuple[float, ...]
    payback_simple_years: float | None
    payback_discounted_years: float | None
    min_dscr_pretax: float | None
    avg_dscr_pretax: float | None
    min_dscr_aftertax: float | None
    avg_dscr_aftertax: float | None
    loan_amount: float
    interest_during_construction: float
    tco2_avoided_year1: float | None
    tco2_avoided_lifetime: float | None
    emission_factor: dict[str, Any] | None
    carbon_sensitivities: dict[str, float]
    cash_flows: YearlyCashFlows
    notes: tuple[str, ...]
    inputs: AppraisalInput

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (tuples become lists)."""
        data = asdict(self)
        data["inputs"] = self.inputs.to_dict()
        return data


def _maybe(value: float) -> float | None:
    return None if not math.isfinite(value) else float(value)


def _timeline(operating: np.ndarray, construction_years: int) -> tuple[float, ...]:
    return (0.0,) * construction_years + tuple(operating.tolist())


@functools.lru_cache(maxsize=256)
def _discount_factors(rate: float, periods: int) -> np.ndarray:
    """``(1 + r) ** -t`` for ``t = 0 .. periods-1`` (read-only, shared)."""
    factors = finance.discount_factors(np.array([rate]), periods)[0]
    factors.flags.writeable = False
    return factors


def _payback(flows: np.ndarray, construction_years: int) -> float | None:
    """:func:`finance.payback_years` for one row (same arithmetic, less overhead)."""
    cumulative = np.cumsum(flows)[construction_years - 1 :]
    reached = cumulative >= 0.0
    first = int(reached.argmax())
    if not reached[first]:
        return None
    if first == 0:
        return 0.0
    previous = float(cumulative[first - 1])
    step = float(cumulative[first]) - previous
    return first - 1.0 + (-previous / step if step > 0.0 else 0.0)


def _dscr(flows: finance.CashFlows) -> tuple[float | None, ...]:
    """:func:`finance.dscr` for one row: min and mean, pre- and after-tax (None without debt)."""
    service = flows.interest[0] + flows.principal[0]
    has = service > 0.0
    if not has.any():
        return (None, None, None, None)
    service = service[has]
    ebitda = flows.ebitda[0][has]
    pretax = ebitda / service
    aftertax = (ebitda - flows.tax[0][has]) / service
    count = service.size
    return tuple(
        _maybe(float(value))
        for value in (pretax.min(), pretax.sum() / count, aftertax.min(), aftertax.sum() / count)
    )


def _lcoe_simple(inp: AppraisalInput, energy: float) -> float | None:
    """:func:`finance.lcoe_simple` for one input."""
    if energy <= 0.0:
        return None
    fixed = inp.capex * crf(inp.discount_rate, inp.years) + inp.om_fixed_per_kw_year * (
        inp.capacity_kw
    )
    return _maybe(fixed / energy + variable_cost_per_kwh(inp))


def _ratio(numerator: float, denominator: float) -> float | None:
    return _maybe(numerator / denominator) if denominator > 0.0 else None


def breakeven_tariff(inp: AppraisalInput) -> float | None:
    """Year-1 tariff (escalating as given) at which equity NPV at its rate is zero."""
    if inp.tax_losses == "carry_forward":
        return breakeven_iterative(inp)
    params = params_of(inp)
    flows = finance.cash_flows(params, structure_of(inp))
    factors = _discount_factors(inp.equity_rate, inp.construction_years + inp.years)
    return _breakeven(inp, flows, params.tax_rate[0], factors)


def _breakeven(
    inp: AppraisalInput, flows: finance.CashFlows, rates: np.ndarray, factors: np.ndarray
) -> float | None:
    if inp.year1_energy_kwh() <= 0.0:
        return None
    if inp.tax_losses == "carry_forward":
        return breakeven_iterative(inp)
    growth = (1.0 + inp.tariff_escalation) ** np.arange(inp.years, dtype=np.float64)
    return solve_linear_tax(
        npv0=float(flows.equity[0] @ factors),
        tariff0=inp.tariff_per_kwh,
        per_tariff=flows.energy_kwh[0] * growth,
        taxable0=flows.taxable_income[0],
        rates=rates,
        factors=factors[inp.construction_years :],
        policy=inp.tax_losses,
    )


def _carbon(inp: AppraisalInput, energy: np.ndarray, notes: list[str]) -> CarbonResult | None:
    grid_energy = energy
    if inp.technology == "storage":
        grid_energy = storage_net_grid_energy_kwh(energy, inp.storage_round_trip_efficiency or 1.0)
        notes.append(
            "storage: net grid energy = discharge - charge (round-trip losses); with an "
            "average emission factor its avoided tCO2 is negative"
        )
    if inp.emission_factor_t_per_mwh is None and inp.region is None:
        notes.append("no region or emission_factor_t_per_mwh: carbon not computed")
        return None
    try:
        return avoided_tco2(
            grid_energy,
            factor_t_per_mwh=inp.emission_factor_t_per_mwh,
            region=inp.region,
            year=inp.emission_factor_year,
        )
    except UnknownRegionError as error:
        raise InputError("region", f"no emission factor for {error.args[0]!r}") from error


def appraise(inp: AppraisalInput, *, with_breakeven: bool = True) -> AppraisalResult:
    """Appraise one project."""
    params = params_of(inp)
    flows = finance.cash_flows(params, structure_of(inp))
    rates = params.tax_rate[0]
    notes: list[str] = []
    build = inp.construction_years
    periods = build + inp.years

    project = flows.project_aftertax[0]
    pretax = flows.project_pretax[0]
    equity = flows.equity[0]
    irr_project = irr(project)
    irr_pretax = irr(pretax)
    irr_equity = irr(equity)
    for label, result in (("project", irr_project), ("equity", irr_equity)):
        if result.status != IRR_UNIQUE:
            roots = ", ".join(f"{r:.6%}" for r in result.roots) or "none"
            notes.append(f"{label} IRR: {result.status} (roots: {roots})")

    factors = _discount_factors(inp.discount_rate, periods)
    equity_factors = _discount_factors(inp.equity_rate, periods)
    operating = factors[build:]
    energy = flows.energy_kwh[0]
    revenue = flows.revenue[0]
    npv_equity = float(equity @ equity_factors)
    pv_energy = float(energy @ operating)
    pv_energy_equity = float(energy @ equity_factors[build:])
    dscr = _dscr(flows)
    carbon = _carbon(inp, energy, notes)
    tariff = _breakeven(inp, flows, rates, equity_factors) if with_breakeven else None
    lcoe_financial = None
    if tariff is not None:
        growth = (1.0 + inp.tariff_escalation) ** np.arange(inp.years, dtype=np.float64)
        lcoe_financial = _ratio(tariff * float((energy * growth) @ operating), pv_energy)

    year1_energy = float(energy[0]) if energy.size else 0.0
    cash = YearlyCashFlows(
        year=tuple(range(1 - build, inp.years + 1)),
        capex=tuple(flows.capex_timeline[0].tolist()),
        energy_kwh=_timeline(energy, build),
        revenue=_timeline(revenue, build),
        om_cost=_timeline(flows.om_cost[0], build),
        ebitda=_timeline(flows.ebitda[0], build),
        interest=_timeline(flows.interest[0], build),
        principal=_timeline(flows.principal[0], build),
        debt_balance_opening=_timeline(flows.debt_balance_opening[0], build),
        depreciation=_timeline(flows.depreciation[0], build),
        taxable_income=_timeline(flows.taxable_income[0], build),
        tax_rate=(0.0,) * build + tuple(rates.tolist()),
        tax=_timeline(flows.tax[0], build),
        salvage=_timeline(flows.salvage[0], build),
        project_pretax=tuple(pretax.tolist()),
        project_aftertax=tuple(project.tolist()),
        equity=tuple(equity.tolist()),
        tco2_avoided=(0.0,) * build + carbon.tco2_per_year if carbon else (0.0,) * periods,
    )
    return AppraisalResult(
        engine_version=ENGINE_VERSION,
        lcoe_simple=_lcoe_simple(inp, year1_energy),
        lcoe_dcf=_ratio(
            float(flows.capex_timeline[0] @ factors) + float(flows.om_cost[0] @ operating),
            pv_energy,
        ),
        lcoe_financial=lcoe_financial,
        lcoe_owner_cost=_ratio(
            float(revenue @ equity_factors[build:]) - npv_equity, pv_energy_equity
        ),
        breakeven_tariff_per_kwh=tariff,
        npv_project=float(project @ factors),
        npv_project_pretax=float(pretax @ factors),
        irr_project=irr_project.value,
        irr_project_status=irr_project.status,
        irr_project_pretax=irr_pretax.value,
        npv_equity=npv_equity,
        irr_equity=irr_equity.value,
        irr_equity_status=irr_equity.status,
        irr_equity_roots=irr_equity.roots,
        payback_simple_years=_payback(project, build),
        payback_discounted_years=_payback(project * factors, build),
        min_dscr_pretax=dscr[0],
        avg_dscr_pretax=dscr[1],
        min_dscr_aftertax=dscr[2],
        avg_dscr_aftertax=dscr[3],
        loan_amount=float(flows.loan_amount[0]),
        interest_during_construction=float(flows.interest_during_construction[0]),
        tco2_avoided_year1=carbon.tco2_year1 if carbon else None,
        tco2_avoided_lifetime=carbon.tco2_lifetime if carbon else None,
        emission_factor=_factor_summary(carbon),
        carbon_sensitivities=dict(carbon.sensitivities) if carbon else {},
        cash_flows=cash,
        notes=tuple(notes),
        inputs=inp,
    )


def _factor_summary(carbon: CarbonResult | None) -> dict[str, Any] | None:
    if carbon is None:
        return None
    if carbon.factor is None:
        return {"t_per_mwh": carbon.factor_t_per_mwh, "source": "input"}
    chosen = carbon.factor.factor
    return {
        "t_per_mwh": chosen.t_per_mwh,
        "region": chosen.region,
        "year": chosen.year,
        "scope": chosen.scope,
        "source": chosen.source,
        "reason": carbon.factor.reason,
    }
