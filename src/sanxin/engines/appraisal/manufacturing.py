"""Manufacturing bases and recycling plants: phased capex, ramp-up, margins.

Unlevered, after-tax yearly cash flows with the same conventions as the generation model:
end-of-year amounts, year 0 is the first capex year, straight-line full-year depreciation
of each phase's capex from the year after it is spent, tax losses floored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sanxin.engines.appraisal.irr import irr, npv

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Phase:
    """Capex spent at the end of ``capex_year`` adding ``capacity_units`` from the next year."""

    capex_year: int
    capex: float
    capacity_units: float


@dataclass(frozen=True)
class PlantResult:
    """Yearly arrays (index = year, 0..horizon) and key figures."""

    volume: FloatArray
    revenue: FloatArray
    operating_cost: FloatArray
    capex: FloatArray
    tax: FloatArray
    cash_flow: FloatArray
    npv: float
    irr: float | None
    irr_status: str


def _cash_flows(
    *,
    phases: Sequence[Phase],
    years: int,
    ramp_up: Sequence[float],
    margin_per_unit: float,
    revenue_per_unit: float,
    fixed_cost_per_year: float,
    depreciation_years: int,
    tax_rate: float,
    discount_rate: float,
) -> PlantResult:
    horizon = years + 1
    capacity = np.zeros(horizon)
    capex = np.zeros(horizon)
    depreciation = np.zeros(horizon)
    for phase in phases:
        capex[phase.capex_year] += phase.capex
        online = np.arange(horizon) > phase.capex_year
        age = np.arange(horizon) - phase.capex_year  # 1 in the first producing year
        ramp = np.asarray(ramp_up, dtype=np.float64)
        utilisation = np.where(age >= 1, ramp[np.clip(age - 1, 0, ramp.size - 1)], 0.0)
        capacity += np.where(online, phase.capacity_units * utilisation, 0.0)
        depreciation += np.where(
            online & (age <= depreciation_years), phase.capex / depreciation_years, 0.0
        )
    volume = capacity
    revenue = volume * revenue_per_unit
    operating = (
        revenue - volume * margin_per_unit + np.where(volume > 0.0, fixed_cost_per_year, 0.0)
    )
    ebitda = revenue - operating
    tax = np.maximum(ebitda - depreciation, 0.0) * tax_rate
    flows = ebitda - tax - capex
    result = irr(flows)
    return PlantResult(
        volume=volume,
        revenue=revenue,
        operating_cost=operating,
        capex=capex,
        tax=tax,
        cash_flow=flows,
        npv=npv(discount_rate, flows),
        irr=result.value,
        irr_status=result.status,
    )


def manufacturing_base(
    *,
    phases: Sequence[Phase],
    years: int,
    ramp_up: Sequence[float] = (0.5, 0.8, 1.0),
    price_per_unit: float,
    materials_per_unit: float,
    energy_kwh_per_unit: float = 0.0,
    energy_price_per_kwh: float = 0.0,
    labour_per_year: float = 0.0,
    other_fixed_per_year: float = 0.0,
    depreciation_years: int = 10,
    tax_rate: float = 0.25,
    discount_rate: float = 0.08,
) -> PlantResult:
    """Volume x price minus materials, energy and labour (e.g. GWh of cells per year)."""
    unit_cost = materials_per_unit + energy_kwh_per_unit * energy_price_per_kwh
    return _cash_flows(
        phases=phases,
        years=years,
        ramp_up=ramp_up,
        margin_per_unit=price_per_unit - unit_cost,
        revenue_per_unit=price_per_unit,
        fixed_cost_per_year=labour_per_year + other_fixed_per_year,
        depreciation_years=depreciation_years,
        tax_rate=tax_rate,
        discount_rate=discount_rate,
    )


@dataclass(frozen=True)
class Material:
    """Content of one tonne of feedstock and how much of it the plant recovers."""

    content_t_per_t: float
    recovery: float
    price_per_t: float


def recycling_plant(
    *,
    phases: Sequence[Phase],
    years: int,
    materials: Mapping[str, Material],
    feedstock_price_per_t: float,
    processing_cost_per_t: float,
    ramp_up: Sequence[float] = (0.4, 0.7, 0.9, 1.0),
    fixed_cost_per_year: float = 0.0,
    depreciation_years: int = 10,
    tax_rate: float = 0.25,
    discount_rate: float = 0.08,
) -> PlantResult:
    """Throughput (t of black mass or packs) x sum(content x recovery x price) minus costs."""
    revenue_per_t = sum(m.content_t_per_t * m.recovery * m.price_per_t for m in materials.values())
    return _cash_flows(
        phases=phases,
        years=years,
        ramp_up=ramp_up,
        margin_per_unit=revenue_per_t - feedstock_price_per_t - processing_cost_per_t,
        revenue_per_unit=revenue_per_t,
        fixed_cost_per_year=fixed_cost_per_year,
        depreciation_years=depreciation_years,
        tax_rate=tax_rate,
        discount_rate=discount_rate,
    )
