"""Input and output schemas of the appraisals API.

The inputs are the engine's JSON (``docs/appraisal.md``, the same as ``sanxin appraise``):
every key is optional here and the domain validates, so errors come back translated and keyed
by input name. Rates are fractions (0.06 = 6 %).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from sanxin.appraisals.enums import DepreciationConvention, LoanType, TaxLosses, Technology


def _enum(choices: type, description: str = "") -> Any:
    return Field(None, description=description, json_schema_extra={"enum": list(choices.values)})


class TaxHolidayIn(Schema):
    free_years: int = 3
    half_years: int = 3
    start_year: int = 1


class AppraisalInputs(Schema):
    """Engine inputs; ``null`` or a missing key takes the engine's default."""

    model_config = ConfigDict(extra="allow")

    technology: str | None = _enum(Technology)
    capacity_kw: float | None = Field(None, description="Nameplate capacity in kW (> 0).")
    energy_year1_kwh: float | None = Field(None, description="Net energy in year 1, kWh.")
    capacity_factor: float | None = Field(None, description="0..1; or full_load_hours.")
    full_load_hours: float | None = None
    availability: float | None = None
    curtailment: float | None = None
    degradation_per_year: float | None = None
    capex: float | None = Field(None, description="Total overnight investment.")
    construction_years: int | None = None
    capex_schedule: list[float] | None = None
    om_fixed_per_kw_year: float | None = None
    om_variable_per_kwh: float | None = None
    om_escalation: float | None = None
    tariff_per_kwh: float | None = None
    tariff_escalation: float | None = None
    years: int | None = Field(None, description="Operating years, 1..60.")
    discount_rate: float | None = None
    equity_discount_rate: float | None = None
    debt_fraction: float | None = None
    interest_rate: float | None = None
    loan_years: int | None = None
    grace_years: int | None = None
    loan_type: str | None = _enum(LoanType)
    tax_rate: float | list[float] | None = Field(
        None, description="One rate, or one per operating year."
    )
    tax_holiday: str | TaxHolidayIn | None = Field(None, description='"3+3" or an object.')
    depreciation_years: int | None = None
    depreciation_convention: str | None = _enum(DepreciationConvention)
    depreciable_fraction: float | None = None
    salvage_fraction: float | None = None
    tax_losses: str | None = _enum(TaxLosses)
    loss_carryforward_years: int | None = None
    terminal_book_value: str | None = Field(
        None, json_schema_extra={"enum": ["deducted", "ignored"]}
    )
    storage_round_trip_efficiency: float | None = None
    charge_price_per_kwh: float | None = None
    region: str | None = Field(None, description="CN-GD, CN-GRID-SOUTH, CN, VN or a name.")
    emission_factor_t_per_mwh: float | None = None
    emission_factor_year: int | None = None
    currency: str | None = Field(None, description="Three-letter code (informational).")

    def to_data(self) -> dict[str, Any]:
        """The inputs as the engine takes them (keys sent, ``null`` left out)."""
        data = self.model_dump(exclude_unset=True)
        return {key: value for key, value in data.items() if value is not None}


class AppraisalIn(Schema):
    scenario: str = Field("", description="A short name, e.g. Base case.")
    inputs: AppraisalInputs


class EmissionFactorOut(Schema):
    t_per_mwh: float
    region: str
    year: int | None = None
    scope: str
    source: str = Field(description='The source document, or "input" when given.')


class AppraisalOut(Schema):
    id: int
    project: int
    scenario: str
    technology: str
    currency: str
    engine_version: str
    created: dt.datetime
    created_by: str | None = None
    npv_project: float | None = None
    npv_equity: float | None = None
    irr_project: float | None = None
    irr_equity: float | None = None
    lcoe_simple: float | None = None
    lcoe_dcf: float | None = None
    lcoe_financial: float | None = None
    breakeven_tariff: float | None = None
    payback_simple_years: float | None = None
    payback_discounted_years: float | None = None
    min_dscr_pretax: float | None = None
    avg_dscr_pretax: float | None = None
    min_dscr_aftertax: float | None = None
    avg_dscr_aftertax: float | None = None
    tco2_year1: float | None = None
    tco2_lifetime: float | None = None
    emission_factor: EmissionFactorOut | None = None

    @staticmethod
    def resolve_project(obj) -> int:
        return obj.project_id

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return str(obj.created_by) if obj.created_by_id else None

    @staticmethod
    def resolve_emission_factor(obj) -> dict[str, Any] | None:
        if obj.emission_factor_t_per_mwh is None:
            return None
        return {
            "t_per_mwh": float(obj.emission_factor_t_per_mwh),
            "region": obj.emission_factor_region,
            "year": obj.emission_factor_year,
            "scope": obj.emission_factor_scope,
            "source": obj.emission_factor_source or "input",
        }


class AppraisalDetail(AppraisalOut):
    inputs: dict[str, Any] = Field(description="The normalised inputs it ran with.")
    result: dict[str, Any] = Field(description="The engine's full result (docs/appraisal.md).")
    tornado: dict[str, Any] = Field(description="Project NPV with each key input low and high.")


class DefaultRow(Schema):
    field: str
    value: Any
    origin: str = Field(description="library, project or engine")
    source: str


class DefaultsOut(Schema):
    project: int
    appraisable: bool
    technology: str | None = None
    technologies: list[str]
    country: str
    inputs: dict[str, Any] = Field(description="Ready to send as the inputs of a new appraisal.")
    sources: list[DefaultRow]
    notes: list[str]
