"""One appraisal: inputs in, key figures and yearly cash flows out."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from sanxin.engines.appraisal import finance
from sanxin.engines.appraisal.carbon import (
    CarbonResult,
    UnknownRegionError,
    avoided_tco2,
    storage_net_grid_energy_kwh,
)
from sanxin.engines.appraisal.inputs import AppraisalInput, InputError
from sanxin.engines.appraisal.irr import IRR_UNIQUE, irr

ENGINE_VERSION = "1.0.0"

# Inputs that a sweep may vary per variant (everything that is a number in Params).
VARIABLE_INPUTS = (
    "capacity_kw",
    "energy_year1_kwh",
    "capex",
    "om_fixed_per_kw_year",
    "om_variable_per_kwh",
    "om_escalation",
    "tariff_per_kwh",
    "tariff_escalation",
    "degradation_per_year",
    "discount_rate",
    "equity_discount_rate",
    "debt_fraction",
    "interest_rate",
    "loan_years",
    "grace_years",
    "depreciation_years",
    "depreciable_fraction",
    "salvage_fraction",
    "tax_rate",
)


def structure_of(inp: AppraisalInput) -> finance.Structure:
    """The shape-defining part of an input."""
    return finance.Structure(
        years=inp.years,
        construction_years=inp.construction_years,
        capex_schedule=inp.schedule(),
        loan_type=inp.loan_type,
        depreciation_convention=inp.depreciation_convention,
        tax_losses=inp.tax_losses,
        loss_carryforward_years=inp.loss_carryforward_years,
    )


def variable_cost_per_kwh(inp: AppraisalInput) -> float:
    """Variable O&M per delivered kWh; a store also pays for the energy it charges."""
    cost = inp.om_variable_per_kwh
    if inp.technology == "storage" and inp.storage_round_trip_efficiency:
        cost += inp.charge_price_per_kwh / inp.storage_round_trip_efficiency
    return cost


def base_values(inp: AppraisalInput) -> dict[str, Any]:
    """Scalar value of every variable input (tax_rate as the per-year tuple)."""
    return {
        "capacity_kw": inp.capacity_kw,
        "energy_year1_kwh": inp.year1_energy_kwh(),
        "capex": inp.capex,
        "om_fixed_per_kw_year": inp.om_fixed_per_kw_year,
        "om_variable_per_kwh": variable_cost_per_kwh(inp),
        "om_escalation": inp.om_escalation,
        "tariff_per_kwh": inp.tariff_per_kwh,
        "tariff_escalation": inp.tariff_escalation,
        "degradation_per_year": inp.degradation_per_year,
        "discount_rate": inp.discount_rate,
        "equity_discount_rate": inp.equity_rate,
        "debt_fraction": inp.debt_fraction,
        "interest_rate": inp.interest_rate,
        "loan_years": float(inp.loan_years),
        "grace_years": float(inp.grace_years),
        "depreciation_years": float(inp.depreciation_period),
        "depreciable_fraction": inp.depreciable_fraction,
        "salvage_fraction": inp.salvage_fraction,
        "tax_rate": inp.tax_rates(),
    }


def params_of(
    inp: AppraisalInput, overrides: Mapping[str, Any] | None = None, variants: int = 1
) -> finance.Params:
    """Params for ``variants`` copies of ``inp``, with per-variant ``overrides`` arrays.

    An override of ``tax_rate`` may be (V,) (one rate for all years) or (V, N).
    """
    values = base_values(inp)
    arrays: dict[str, np.ndarray] = {}
    for name in VARIABLE_INPUTS:
        if name == "tax_rate":
            continue
        base = np.full(variants, values[name], dtype=np.float64)
        if overrides and name in overrides:
            base = np.broadcast_to(np.asarray(overrides[name], dtype=np.float64), (variants,))
        arrays[name] = np.ascontiguousarray(base)
    rates = np.tile(np.asarray(values["tax_rate"], dtype=np.float64), (variants, 1))
    if overrides and "tax_rate" in overrides:
        given = np.asarray(overrides["tax_rate"], dtype=np.float64)
        rates = np.broadcast_to(given[:, None] if given.ndim == 1 else given, rates.shape).copy()
    return finance.Params(tax_rate=rates, **arrays)


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
    padded = np.concatenate([np.zeros(construction_years), operating])
    return tuple(float(v) for v in padded)


def breakeven_tariff(inp: AppraisalInput) -> float | None:
    """Year-1 tariff (escalating as given) at which equity NPV at its rate is zero."""
    structure = structure_of(inp)

    def equity_npv(tariffs: np.ndarray) -> np.ndarray:
        params = params_of(inp, {"tariff_per_kwh": tariffs}, variants=tariffs.size)
        flows = finance.cash_flows(params, structure)
        return finance.npv_rows(flows.equity, params.equity_discount_rate)

    if inp.year1_energy_kwh() <= 0.0:
        return None
    probe = np.array([0.0, 1.0])
    low, high = equity_npv(probe)
    if high == low:
        return None
    guess = -low / (high - low)
    if inp.tax_losses == "benefit":
        return float(guess)  # equity NPV is linear in the tariff

    # Floored or carried-forward losses make equity NPV piecewise linear in the tariff:
    # bracket the root on a vectorised grid, then refine by false position inside it.
    span = max(abs(guess), 1e-6)
    tariffs = guess + span * np.linspace(-0.5, 0.5, 33)
    values = equity_npv(tariffs)
    while not (values[0] < 0.0 < values[-1]):
        span *= 4.0
        if span > 1e9:
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
    structure = structure_of(inp)
    params = params_of(inp)
    flows = finance.cash_flows(params, structure)
    notes: list[str] = []
    build = inp.construction_years

    project = flows.project_aftertax[0]
    equity = flows.equity[0]
    irr_project = irr(project)
    irr_pretax = irr(flows.project_pretax[0])
    irr_equity = irr(equity)
    for label, result in (("project", irr_project), ("equity", irr_equity)):
        if result.status != IRR_UNIQUE:
            roots = ", ".join(f"{r:.6%}" for r in result.roots) or "none"
            notes.append(f"{label} IRR: {result.status} (roots: {roots})")

    rate = params.discount_rate
    discounted = flows.project_aftertax * finance.discount_factors(rate, project.size)
    stats = finance.dscr(flows)
    carbon = _carbon(inp, flows.energy_kwh[0], notes)
    tariff = breakeven_tariff(inp) if with_breakeven else None
    lcoe_financial = None
    if tariff is not None:
        operating = finance.discount_factors(rate, project.size)[0, build:]
        escalation = (1.0 + inp.tariff_escalation) ** np.arange(inp.years, dtype=np.float64)
        energy = flows.energy_kwh[0]
        lcoe_financial = float(
            tariff * np.sum(energy * escalation * operating) / np.sum(energy * operating)
        )

    rates = np.asarray(inp.tax_rates(), dtype=np.float64)
    cash = YearlyCashFlows(
        year=tuple(range(1 - build, inp.years + 1)),
        capex=tuple(float(v) for v in flows.capex_timeline[0]),
        energy_kwh=_timeline(flows.energy_kwh[0], build),
        revenue=_timeline(flows.revenue[0], build),
        om_cost=_timeline(flows.om_cost[0], build),
        ebitda=_timeline(flows.ebitda[0], build),
        interest=_timeline(flows.interest[0], build),
        principal=_timeline(flows.principal[0], build),
        debt_balance_opening=_timeline(flows.debt_balance_opening[0], build),
        depreciation=_timeline(flows.depreciation[0], build),
        taxable_income=_timeline(flows.taxable_income[0], build),
        tax_rate=_timeline(rates, build),
        tax=_timeline(flows.tax[0], build),
        salvage=_timeline(flows.salvage[0], build),
        project_pretax=tuple(float(v) for v in flows.project_pretax[0]),
        project_aftertax=tuple(float(v) for v in project),
        equity=tuple(float(v) for v in equity),
        tco2_avoided=_timeline(np.asarray(carbon.tco2_per_year), build)
        if carbon
        else tuple(0.0 for _ in project),
    )
    factor = None
    if carbon is not None:
        factor = {"t_per_mwh": carbon.factor_t_per_mwh, "source": "input"}
        if carbon.factor is not None:
            chosen = carbon.factor.factor
            factor = {
                "t_per_mwh": chosen.t_per_mwh,
                "region": chosen.region,
                "year": chosen.year,
                "scope": chosen.scope,
                "source": chosen.source,
                "reason": carbon.factor.reason,
            }
    return AppraisalResult(
        engine_version=ENGINE_VERSION,
        lcoe_simple=_maybe(float(finance.lcoe_simple(params, inp.years)[0])),
        lcoe_dcf=_maybe(float(finance.lcoe_dcf(params, flows, build)[0])),
        lcoe_financial=lcoe_financial,
        breakeven_tariff_per_kwh=tariff,
        npv_project=float(finance.npv_rows(flows.project_aftertax, rate)[0]),
        npv_project_pretax=float(finance.npv_rows(flows.project_pretax, rate)[0]),
        irr_project=irr_project.value,
        irr_project_status=irr_project.status,
        irr_project_pretax=irr_pretax.value,
        npv_equity=float(finance.npv_rows(flows.equity, params.equity_discount_rate)[0]),
        irr_equity=irr_equity.value,
        irr_equity_status=irr_equity.status,
        irr_equity_roots=irr_equity.roots,
        payback_simple_years=_maybe(float(finance.payback_years(flows.project_aftertax, build)[0])),
        payback_discounted_years=_maybe(float(finance.payback_years(discounted, build)[0])),
        min_dscr_pretax=_maybe(float(stats.min_pretax[0])),
        avg_dscr_pretax=_maybe(float(stats.avg_pretax[0])),
        min_dscr_aftertax=_maybe(float(stats.min_aftertax[0])),
        avg_dscr_aftertax=_maybe(float(stats.avg_aftertax[0])),
        loan_amount=float(flows.loan_amount[0]),
        interest_during_construction=float(flows.interest_during_construction[0]),
        tco2_avoided_year1=carbon.tco2_year1 if carbon else None,
        tco2_avoided_lifetime=carbon.tco2_lifetime if carbon else None,
        emission_factor=factor,
        carbon_sensitivities=dict(carbon.sensitivities) if carbon else {},
        cash_flows=cash,
        notes=tuple(notes),
        inputs=inp,
    )
