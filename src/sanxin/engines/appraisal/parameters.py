"""From an :class:`AppraisalInput` to the arrays of :mod:`.finance` (one or many variants)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from sanxin.engines.appraisal import finance
from sanxin.engines.appraisal.inputs import AppraisalInput

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
_SCALAR_INPUTS = VARIABLE_INPUTS[:-1]


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
        terminal_book_value=inp.terminal_book_value,
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
    # One (inputs x variants) block; each input is a contiguous row of it.
    block = np.empty((len(_SCALAR_INPUTS), variants))
    block[:] = np.array([values[name] for name in _SCALAR_INPUTS], dtype=np.float64)[:, None]
    if overrides:
        for row, name in enumerate(_SCALAR_INPUTS):
            if name in overrides:
                block[row] = np.asarray(overrides[name], dtype=np.float64)
    rates = np.array(values["tax_rate"], dtype=np.float64)[None, :]
    if variants > 1:
        rates = np.repeat(rates, variants, axis=0)
    if overrides and "tax_rate" in overrides:
        given = np.asarray(overrides["tax_rate"], dtype=np.float64)
        rates = np.broadcast_to(given[:, None] if given.ndim == 1 else given, rates.shape).copy()
    arrays = {name: block[row] for row, name in enumerate(_SCALAR_INPUTS)}
    return finance.Params(tax_rate=rates, **arrays)
