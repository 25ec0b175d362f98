"""Typed, validated appraisal inputs.

:func:`parse_input` turns the JSON-like mapping of ``sanxin appraise`` into a frozen
:class:`AppraisalInput`. Every problem raises :class:`InputError` whose ``field`` names the
offending key (``tax_rate[3]`` for an element of a list), so callers can point at it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

TECHNOLOGIES = ("wind", "pv", "hydro", "storage", "biomass", "geothermal", "other")
LOAN_TYPES = ("annuity", "equal_principal")
DEPRECIATION_CONVENTIONS = ("full_year", "half_year")
TAX_LOSS_POLICIES = ("floor", "benefit", "carry_forward")
TERMINAL_BOOK_VALUES = ("deducted", "ignored")
HOURS_PER_YEAR = 8760.0
MAX_YEARS = 60


class InputError(ValueError):
    """Bad appraisal input; ``field`` names the offending key."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class TaxHoliday:
    """Income-tax holiday: ``free_years`` at 0 %, then ``half_years`` at half the rate.

    China's 三免三减半 for public infrastructure projects (wind, PV, hydro) is
    ``TaxHoliday(free_years=3, half_years=3, start_year=1)`` counted from the first year
    with operating income (Enterprise Income Tax Law Implementing Regulations, art. 87).
    """

    free_years: int = 3
    half_years: int = 3
    start_year: int = 1


@dataclass(frozen=True)
class AppraisalInput:
    """One project appraisal. Money in one currency, energy in kWh, rates as fractions."""

    technology: str
    capacity_kw: float
    capex: float
    tariff_per_kwh: float
    years: int
    discount_rate: float
    energy_year1_kwh: float | None = None
    capacity_factor: float | None = None
    full_load_hours: float | None = None
    availability: float = 1.0
    curtailment: float = 0.0
    construction_years: int = 1
    capex_schedule: tuple[float, ...] | None = None
    om_fixed_per_kw_year: float = 0.0
    om_variable_per_kwh: float = 0.0
    om_escalation: float = 0.0
    tariff_escalation: float = 0.0
    degradation_per_year: float = 0.0
    equity_discount_rate: float | None = None
    debt_fraction: float = 0.0
    interest_rate: float = 0.0
    loan_years: int = 0
    grace_years: int = 0
    loan_type: str = "annuity"
    tax_rate: float | tuple[float, ...] = 0.25
    tax_holiday: TaxHoliday | None = None
    depreciation_years: int | None = None
    depreciation_convention: str = "full_year"
    depreciable_fraction: float = 1.0
    salvage_fraction: float = 0.0
    tax_losses: str = "floor"
    loss_carryforward_years: int = 5
    terminal_book_value: str = "deducted"
    storage_round_trip_efficiency: float | None = None
    charge_price_per_kwh: float = 0.0
    region: str | None = None
    emission_factor_t_per_mwh: float | None = None
    emission_factor_year: int | None = None
    currency: str = "CNY"

    @property
    def equity_rate(self) -> float:
        """Discount rate for equity cash flows (defaults to ``discount_rate``)."""
        if self.equity_discount_rate is None:
            return self.discount_rate
        return self.equity_discount_rate

    @property
    def depreciation_period(self) -> int:
        """Straight-line depreciation period in years (defaults to ``years``)."""
        return self.years if self.depreciation_years is None else self.depreciation_years

    def schedule(self) -> tuple[float, ...]:
        """Share of capex spent in each construction year (sums to 1)."""
        if self.capex_schedule is not None:
            return self.capex_schedule
        share = 1.0 / self.construction_years
        return tuple(share for _ in range(self.construction_years))

    def tax_rates(self) -> tuple[float, ...]:
        """Income-tax rate for each operating year, holiday applied."""
        if isinstance(self.tax_rate, tuple):
            rates = list(self.tax_rate)
        else:
            rates = [float(self.tax_rate)] * self.years
        holiday = self.tax_holiday
        if holiday is not None:
            for index in range(self.years):
                year = index + 1 - holiday.start_year
                if 0 <= year < holiday.free_years:
                    rates[index] = 0.0
                elif holiday.free_years <= year < holiday.free_years + holiday.half_years:
                    rates[index] = rates[index] / 2.0
        return tuple(rates)

    def year1_energy_kwh(self) -> float:
        """Net energy delivered in operating year 1 (before degradation)."""
        if self.energy_year1_kwh is not None:
            return self.energy_year1_kwh
        hours = self.full_load_hours
        if hours is None:
            hours = (self.capacity_factor or 0.0) * HOURS_PER_YEAR
        return self.capacity_kw * hours * self.availability * (1.0 - self.curtailment)

    def to_dict(self) -> dict[str, Any]:
        """The normalised inputs as JSON-ready data (kept with every result)."""
        out: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, TaxHoliday):
                value = {
                    "free_years": value.free_years,
                    "half_years": value.half_years,
                    "start_year": value.start_year,
                }
            elif isinstance(value, tuple):
                value = list(value)
            out[item.name] = value
        return out


# --------------------------------------------------------------------------- parsing helpers


def _number(data: Mapping[str, Any], key: str, default: float | None = None) -> float | None:
    value = data.get(key, default)
    if value is None:
        return None
    return _as_float(value, key)


def _as_float(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(key, f"must be a number, got {type(value).__name__}")
    result = float(value)
    if not math.isfinite(result):
        raise InputError(key, "must be a finite number")
    return result


def _integer(data: Mapping[str, Any], key: str, default: int | None = None) -> int | None:
    value = data.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(key, "must be a whole number, got bool")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if not isinstance(value, int):
        raise InputError(key, f"must be a whole number, got {value!r}")
    return value


def _choice(data: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    value = data.get(key, default)
    if value not in choices:
        raise InputError(key, f"must be one of {', '.join(choices)}; got {value!r}")
    return str(value)


def _check_range(
    key: str,
    value: float | None,
    low: float,
    high: float,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> None:
    if value is None:
        return
    below = value <= low if low_open else value < low
    above = value >= high if high_open else value > high
    if below or above:
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        raise InputError(key, f"must be in {left}{low}, {high}{right}; got {value}")


def _float_list(value: Any, key: str) -> tuple[float, ...]:
    if not isinstance(value, list | tuple):
        raise InputError(key, "must be a list of numbers")
    return tuple(_as_float(item, f"{key}[{index}]") for index, item in enumerate(value))


def _tax_rate(data: Mapping[str, Any], years: int) -> float | tuple[float, ...]:
    value = data.get("tax_rate", 0.25)
    if isinstance(value, list | tuple):
        rates = _float_list(value, "tax_rate")
        if len(rates) != years:
            raise InputError(
                "tax_rate", f"list must have one rate per year ({years}), got {len(rates)}"
            )
        for index, rate in enumerate(rates):
            _check_range(f"tax_rate[{index}]", rate, 0.0, 1.0, high_open=True)
        return rates
    rate = _as_float(value, "tax_rate")
    _check_range("tax_rate", rate, 0.0, 1.0, high_open=True)
    return rate


def _tax_holiday(data: Mapping[str, Any]) -> TaxHoliday | None:
    value = data.get("tax_holiday")
    if value is None:
        return None
    if value == "3+3":
        return TaxHoliday()
    if not isinstance(value, Mapping):
        raise InputError(
            "tax_holiday", 'must be "3+3" or {"free_years", "half_years", "start_year"}'
        )
    unknown = set(value) - {"free_years", "half_years", "start_year"}
    if unknown:
        raise InputError(f"tax_holiday.{sorted(unknown)[0]}", "unknown key")
    result = TaxHoliday(
        free_years=_integer(value, "free_years", 3) or 0,
        half_years=_integer(value, "half_years", 3) or 0,
        start_year=_integer(value, "start_year", 1) or 1,
    )
    for name in ("free_years", "half_years", "start_year"):
        if getattr(result, name) < 0:
            raise InputError(f"tax_holiday.{name}", "must not be negative")
    return result


_KNOWN_KEYS = frozenset(item.name for item in fields(AppraisalInput))


def parse_input(data: Mapping[str, Any]) -> AppraisalInput:  # noqa: PLR0912, PLR0915
    """Validate a JSON-like mapping and build an :class:`AppraisalInput`."""
    if not isinstance(data, Mapping):
        raise InputError("input", "must be a JSON object")
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise InputError(unknown[0], "unknown key (see docs/appraisal.md for the input schema)")
    for key in ("technology", "capacity_kw", "capex", "tariff_per_kwh", "years", "discount_rate"):
        if data.get(key) is None:
            raise InputError(key, "is required")

    technology = _choice(data, "technology", TECHNOLOGIES, "other")
    years = _integer(data, "years")
    assert years is not None
    if not 1 <= years <= MAX_YEARS:
        raise InputError("years", f"must be between 1 and {MAX_YEARS}; got {years}")

    capacity_kw = _number(data, "capacity_kw")
    _check_range("capacity_kw", capacity_kw, 0.0, math.inf, low_open=True)
    capex = _number(data, "capex")
    _check_range("capex", capex, 0.0, math.inf)

    energy = _number(data, "energy_year1_kwh")
    capacity_factor = _number(data, "capacity_factor")
    full_load_hours = _number(data, "full_load_hours")
    given = [
        k
        for k, v in (
            ("energy_year1_kwh", energy),
            ("capacity_factor", capacity_factor),
            ("full_load_hours", full_load_hours),
        )
        if v is not None
    ]
    if not given:
        raise InputError(
            "energy_year1_kwh", "give energy_year1_kwh, capacity_factor or full_load_hours"
        )
    if len(given) > 1:
        raise InputError(given[1], f"give only one of {', '.join(given)}")
    _check_range("energy_year1_kwh", energy, 0.0, math.inf)
    _check_range("capacity_factor", capacity_factor, 0.0, 1.0)
    _check_range("full_load_hours", full_load_hours, 0.0, HOURS_PER_YEAR)

    construction_years = _integer(data, "construction_years", 1)
    assert construction_years is not None
    if not 1 <= construction_years <= 10:
        raise InputError(
            "construction_years", f"must be between 1 and 10; got {construction_years}"
        )
    schedule = None
    if data.get("capex_schedule") is not None:
        schedule = _float_list(data["capex_schedule"], "capex_schedule")
        if len(schedule) != construction_years:
            raise InputError(
                "capex_schedule",
                f"needs one share per construction year ({construction_years}), "
                f"got {len(schedule)}",
            )
        for index, share in enumerate(schedule):
            _check_range(f"capex_schedule[{index}]", share, 0.0, 1.0)
        if abs(sum(schedule) - 1.0) > 1e-9:
            raise InputError("capex_schedule", f"shares must sum to 1; got {sum(schedule)}")

    debt_fraction = _number(data, "debt_fraction", 0.0)
    _check_range("debt_fraction", debt_fraction, 0.0, 1.0, high_open=True)
    loan_years = _integer(data, "loan_years", 0)
    grace_years = _integer(data, "grace_years", 0)
    assert loan_years is not None and grace_years is not None
    if debt_fraction:
        if not 1 <= loan_years <= years:
            raise InputError(
                "loan_years", f"must be between 1 and years ({years}) when there is debt"
            )
        if not 0 <= grace_years < loan_years:
            raise InputError(
                "grace_years", f"must be between 0 and loan_years - 1 ({loan_years - 1})"
            )
    elif loan_years < 0 or grace_years < 0:
        raise InputError("loan_years" if loan_years < 0 else "grace_years", "must not be negative")

    depreciation_years = _integer(data, "depreciation_years")
    if depreciation_years is not None and not 1 <= depreciation_years <= MAX_YEARS:
        raise InputError("depreciation_years", f"must be between 1 and {MAX_YEARS}")

    rates: dict[str, float | None] = {}
    for key, low, high, default in (
        ("availability", 0.0, 1.0, 1.0),
        ("curtailment", 0.0, 1.0, 0.0),
        ("degradation_per_year", 0.0, 1.0, 0.0),
        ("depreciable_fraction", 0.0, 1.0, 1.0),
        ("salvage_fraction", 0.0, 1.0, 0.0),
        ("interest_rate", 0.0, 1.0, 0.0),
        ("om_escalation", -0.5, 1.0, 0.0),
        ("tariff_escalation", -0.5, 1.0, 0.0),
        ("om_fixed_per_kw_year", 0.0, math.inf, 0.0),
        ("om_variable_per_kwh", 0.0, math.inf, 0.0),
        ("charge_price_per_kwh", -math.inf, math.inf, 0.0),
    ):
        rates[key] = _number(data, key, default)
        _check_range(key, rates[key], low, high)
    for key in ("discount_rate", "equity_discount_rate"):
        rates[key] = _number(data, key)
        _check_range(key, rates[key], -1.0, 10.0, low_open=True)

    rte = _number(data, "storage_round_trip_efficiency")
    _check_range("storage_round_trip_efficiency", rte, 0.0, 1.0, low_open=True)
    if technology == "storage" and rte is None:
        rte = 0.85
    factor = _number(data, "emission_factor_t_per_mwh")
    _check_range("emission_factor_t_per_mwh", factor, 0.0, 2.0)
    region = data.get("region")
    if region is not None and not isinstance(region, str):
        raise InputError("region", "must be a string such as CN-GD, CN or VN")
    currency = data.get("currency", "CNY")
    if not isinstance(currency, str) or len(currency) != 3:
        raise InputError("currency", "must be a three-letter code such as CNY, VND or USD")

    tariff = _number(data, "tariff_per_kwh")
    assert tariff is not None and capacity_kw is not None and capex is not None
    return AppraisalInput(
        technology=technology,
        capacity_kw=capacity_kw,
        capex=capex,
        tariff_per_kwh=tariff,
        years=years,
        discount_rate=rates["discount_rate"] or 0.0,
        energy_year1_kwh=energy,
        capacity_factor=capacity_factor,
        full_load_hours=full_load_hours,
        availability=rates["availability"] or 0.0,
        curtailment=rates["curtailment"] or 0.0,
        construction_years=construction_years,
        capex_schedule=schedule,
        om_fixed_per_kw_year=rates["om_fixed_per_kw_year"] or 0.0,
        om_variable_per_kwh=rates["om_variable_per_kwh"] or 0.0,
        om_escalation=rates["om_escalation"] or 0.0,
        tariff_escalation=rates["tariff_escalation"] or 0.0,
        degradation_per_year=rates["degradation_per_year"] or 0.0,
        equity_discount_rate=rates["equity_discount_rate"],
        debt_fraction=debt_fraction or 0.0,
        interest_rate=rates["interest_rate"] or 0.0,
        loan_years=loan_years,
        grace_years=grace_years,
        loan_type=_choice(data, "loan_type", LOAN_TYPES, "annuity"),
        tax_rate=_tax_rate(data, years),
        tax_holiday=_tax_holiday(data),
        depreciation_years=depreciation_years,
        depreciation_convention=_choice(
            data, "depreciation_convention", DEPRECIATION_CONVENTIONS, "full_year"
        ),
        depreciable_fraction=rates["depreciable_fraction"] or 0.0,
        salvage_fraction=rates["salvage_fraction"] or 0.0,
        tax_losses=_choice(data, "tax_losses", TAX_LOSS_POLICIES, "floor"),
        loss_carryforward_years=_integer(data, "loss_carryforward_years", 5) or 0,
        terminal_book_value=_choice(data, "terminal_book_value", TERMINAL_BOOK_VALUES, "deducted"),
        storage_round_trip_efficiency=rte,
        charge_price_per_kwh=rates["charge_price_per_kwh"] or 0.0,
        region=region,
        emission_factor_t_per_mwh=factor,
        emission_factor_year=_integer(data, "emission_factor_year"),
        currency=currency,
    )
