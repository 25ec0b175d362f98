"""The same project in NREL's SAM Single Owner model (PySAM), for validation and benchmarks.

:func:`single_owner_inputs` writes an :class:`AppraisalInput` as a *complete* set of PySAM
``Singleowner`` inputs: generation is given (hourly kW, so only the financial model runs) and
every SAM default that would change the cash flows is set explicitly — incentives (ITC, PTC,
IBI, CBI, PBI), reserve accounts and their interest, state tax, property tax, insurance,
construction and debt financing costs, debt sized by percent (not by DSCR), depreciation
allocations and bonus depreciation, PPA escalation and time-of-delivery factors, degradation,
salvage, capacity payments and curtailment payments.

SAM's conventions that the appraisal must use to describe the same project (checked here):
one construction year (SAM books the capex at year 0); income-tax losses as a benefit
(``tax_losses="benefit"``); ``terminal_book_value="ignored"`` (SAM never writes off the
book value left at the end and taxes the salvage value in full); a single discount rate
(``equity_discount_rate`` equal to ``discount_rate``). SAM's DSCR counts the salvage value as
cash available for debt service when the loan runs to the last year; that combination is
refused. Half-year straight-line depreciation over 5, 20 or 39 years uses SAM's own
schedules; any other period (15 years too: SAM's table is rounded) or the full-year convention
goes in as SAM's custom schedule.

:func:`run_single_owner` imports PySAM lazily (optional extra ``validation``), so the engine
itself never depends on it. Metric correspondence: SAM's after-tax NPV and IRR are the
equity NPV and IRR (``npv_equity``, ``irr_equity``); its ``min_dscr`` is the pre-tax minimum
DSCR over years with debt service; its nominal LCOE is ``lcoe_owner_cost``, and its levelised
PPA price at the break-even tariff is ``lcoe_financial``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from sanxin.engines.appraisal import finance
from sanxin.engines.appraisal.inputs import HOURS_PER_YEAR, AppraisalInput
from sanxin.engines.appraisal.parameters import variable_cost_per_kwh

# SAM's built-in half-year straight-line schedules whose shares are exact (years -> allocation
# input name). Its 15-year table is rounded to 0.01 % (6.67 %, 6.66 %, ...): not used.
_SAM_STRAIGHT_LINE = {5: "sl_5", 20: "sl_20", 39: "sl_39"}
_ALLOCATIONS = ("macrs_5", "macrs_15", "sl_5", "sl_15", "sl_20", "sl_39", "custom")
_INCENTIVE_PAYERS = ("fed", "sta", "uti", "oth")

# The outputs :func:`run_single_owner` returns (scalars and yearly arrays, year 0 first).
OUTPUTS = (
    "project_return_aftertax_npv",
    "project_return_aftertax_irr",
    "min_dscr",
    "lcoe_nom",
    "lppa_nom",
    "size_of_debt",
    "cf_energy_net",
    "cf_ebitda",
    "cf_debt_payment_interest",
    "cf_debt_payment_principal",
    "cf_feddepr_total",
    "cf_fedtax",
    "cf_pretax_dscr",
    "cf_project_return_aftertax",
)


class NotRepresentableError(ValueError):
    """The appraisal uses a convention SAM Single Owner cannot express."""


def _check(inp: AppraisalInput) -> None:
    problems = []
    if inp.construction_years != 1:
        problems.append("construction_years must be 1 (SAM books the capex at year 0)")
    if inp.tax_losses != "benefit":
        problems.append('tax_losses must be "benefit" (SAM credits tax losses)')
    if inp.terminal_book_value != "ignored":
        problems.append('terminal_book_value must be "ignored" (SAM keeps it)')
    if inp.equity_rate != inp.discount_rate:
        problems.append("equity_discount_rate must equal discount_rate (SAM has one rate)")
    if inp.salvage_fraction and inp.debt_fraction and inp.loan_years == inp.years:
        problems.append("salvage with a loan to the last year (SAM's DSCR counts the salvage)")
    if problems:
        raise NotRepresentableError("; ".join(problems))


def _depreciation(inp: AppraisalInput) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _ALLOCATIONS:
        values[f"depr_alloc_{name}_percent"] = 0.0
        for level in ("fed", "sta"):
            values[f"depr_bonus_{level}_{name}"] = 0.0
            values[f"depr_itc_{level}_{name}"] = 0.0
    values.update(depr_bonus_fed=0.0, depr_bonus_sta=0.0, depr_custom_schedule=[0.0])
    values.update(depr_fedbas_method=1.0, depr_stabas_method=1.0)
    years = inp.depreciation_period
    share = inp.depreciable_fraction * 100.0
    if inp.depreciation_convention == "half_year" and years in _SAM_STRAIGHT_LINE:
        values[f"depr_alloc_{_SAM_STRAIGHT_LINE[years]}_percent"] = share
    else:
        rates = finance.depreciation_rates(
            np.array([float(years)]), inp.years, inp.depreciation_convention
        )[0]
        values["depr_alloc_custom_percent"] = share
        values["depr_custom_schedule"] = [float(v) * 100.0 for v in rates]
    return values


def _incentives_off() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for payer in _INCENTIVE_PAYERS:
        values[f"ibi_{payer}_amount"] = 0.0
        values[f"ibi_{payer}_percent"] = 0.0
        values[f"cbi_{payer}_amount"] = 0.0
        values[f"pbi_{payer}_amount"] = [0.0]
        values[f"pbi_{payer}_term"] = 0.0
        values[f"pbi_{payer}_escal"] = 0.0
        values[f"pbi_{payer}_for_ds"] = 0.0
    for level in ("fed", "sta"):
        values[f"itc_{level}_amount"] = [0.0]
        values[f"itc_{level}_percent"] = [0.0]
        values[f"ptc_{level}_amount"] = [0.0]
        values[f"ptc_{level}_term"] = 10.0
        values[f"ptc_{level}_escal"] = 0.0
    return values


def single_owner_inputs(
    inp: AppraisalInput, hourly_kw: Sequence[float] | None = None
) -> dict[str, Any]:
    """Every PySAM ``Singleowner`` input (flat ``name -> value``) for the same project.

    ``hourly_kw`` is the year-1 generation profile (8760 values); without it the year-1
    energy is spread evenly over the hours. Its sum must be the appraisal's year-1 energy.
    Raises :class:`NotRepresentableError` for conventions SAM does not have.
    """
    _check(inp)
    energy = inp.year1_energy_kwh()
    if hourly_kw is None:
        profile = [energy / HOURS_PER_YEAR] * int(HOURS_PER_YEAR)
    else:
        profile = [float(v) for v in hourly_kw]
        total = math.fsum(profile)
        if len(profile) != int(HOURS_PER_YEAR) or not math.isclose(total, energy, rel_tol=1e-12):
            raise NotRepresentableError("hourly_kw must have 8760 values summing to E1")
    debt = inp.debt_fraction > 0.0
    values: dict[str, Any] = {
        # generation, given: only the financial model runs
        "gen": profile,
        "system_capacity": inp.capacity_kw,
        "system_use_lifetime_output": 0.0,
        "degradation": [inp.degradation_per_year * 100.0],
        "annual_energy_pre_curtailment_ac": 0.0,
        "analysis_period": float(inp.years),
        "inflation_rate": 0.0,
        "real_discount_rate": inp.discount_rate * 100.0,
        # revenue: a fixed PPA price escalating yearly, no time-of-delivery factors
        "ppa_soln_mode": 1.0,
        "ppa_price_input": [inp.tariff_per_kwh],
        "ppa_escalation": inp.tariff_escalation * 100.0,
        "ppa_multiplier_model": 0.0,
        "dispatch_tod_factors": [1.0] * 9,
        "dispatch_sched_weekday": [[1.0] * 24 for _ in range(12)],
        "dispatch_sched_weekend": [[1.0] * 24 for _ in range(12)],
        "flip_target_percent": 11.0,
        "flip_target_year": float(inp.years),
        "en_electricity_rates": 0.0,
        "cp_capacity_payment_type": 1.0,
        "cp_capacity_payment_amount": [0.0],
        "cp_capacity_payment_esc": 0.0,
        "grid_curtailment_price": [0.0],
        "grid_curtailment_price_esc": 0.0,
        # costs
        "total_installed_cost": inp.capex,
        "construction_financing_cost": 0.0,
        "salvage_percentage": inp.salvage_fraction * 100.0,
        "om_fixed": [0.0],
        "om_fixed_escal": 0.0,
        "om_capacity": [inp.om_fixed_per_kw_year],
        "om_capacity_escal": inp.om_escalation * 100.0,
        "om_production": [variable_cost_per_kwh(inp) * 1000.0],
        "om_production_escal": inp.om_escalation * 100.0,
        "om_fuel_cost": [0.0],
        "annual_fuel_usage": 0.0,
        "om_land_lease": [0.0],
        "land_area": 0.0,
        "add_om_num_types": 0.0,
        "en_batt": 0.0,
        "en_standalone_batt": 0.0,
        "en_wave_batt": 0.0,
        "is_hybrid": 0.0,
        "system_use_recapitalization": 0.0,
        "property_tax_rate": 0.0,
        "prop_tax_cost_assessed_percent": 0.0,
        "prop_tax_assessed_decline": 0.0,
        "insurance_rate": 0.0,
        # income tax: the per-year rate (holiday applied) as federal, no state tax
        "federal_tax_rate": [rate * 100.0 for rate in inp.tax_rates()],
        "state_tax_rate": [0.0],
        # debt: a share of the installed cost, no fees, no reserves
        "debt_option": 0.0,
        "debt_percent": inp.debt_fraction * 100.0,
        "term_tenor": float(inp.loan_years if debt else 0),
        "term_int_rate": inp.interest_rate * 100.0,
        "loan_moratorium": float(inp.grace_years if debt else 0),
        "payment_option": 1.0 if inp.loan_type == "equal_principal" else 0.0,
        "dscr": 1.3,
        "dscr_limit_debt_fraction": 0.0,
        "dscr_maximum_debt_fraction": 100.0,
        "dscr_reserve_months": 0.0,
        "cost_debt_closing": 0.0,
        "cost_debt_fee": 0.0,
        "cost_other_financing": 0.0,
        "months_working_reserve": 0.0,
        "months_receivables_reserve": 0.0,
        "reserves_interest": 0.0,
        "equip1_reserve_cost": 0.0,
        "equip1_reserve_freq": 0.0,
        "equip2_reserve_cost": 0.0,
        "equip2_reserve_freq": 0.0,
        "equip3_reserve_cost": 0.0,
        "equip3_reserve_freq": 0.0,
    }
    values.update(_depreciation(inp))
    values.update(_incentives_off())
    return values


def run_single_owner(values: dict[str, Any]) -> dict[str, Any]:
    """Run PySAM ``Singleowner`` on :func:`single_owner_inputs` values; the :data:`OUTPUTS`.

    Needs the optional ``validation`` extra (``nrel-pysam``); raises ``ImportError`` without.
    """
    from PySAM import Singleowner  # noqa: PLC0415 (optional dependency)

    model = Singleowner.new()
    for name, value in values.items():
        model.value(name, value)
    model.execute(0)
    return {name: model.value(name) for name in OUTPUTS}
