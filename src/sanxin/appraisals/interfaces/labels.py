"""Labels, units and formatting of appraisal inputs and figures, in the active language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.formats import get_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanxin.appraisals.domain.errors import RATE_FIELDS
from sanxin.appraisals.enums import (
    DepreciationConvention,
    LoanType,
    TaxHoliday,
    TaxLosses,
    Technology,
)

DASH = "—"


@dataclass(frozen=True)
class InputField:
    key: str
    label: Promise
    kind: str = "number"  # number, integer, rate, choice, text, rates
    help: Promise | str = ""


def _f(key: str, label: Promise, kind: str = "number", help_text: Promise | str = "") -> InputField:
    return InputField(key, label, kind, help_text)


#: The inputs the form shows, by group, in order.
GROUPS: tuple[tuple[Promise, tuple[InputField, ...]], ...] = (
    (
        gettext_lazy("Project"),
        (
            _f("technology", gettext_lazy("Technology"), "choice"),
            _f("capacity_kw", gettext_lazy("Capacity (kW)")),
            _f("years", gettext_lazy("Operating life (years)"), "integer"),
            _f("currency", gettext_lazy("Currency"), "text"),
        ),
    ),
    (
        gettext_lazy("Energy"),
        (
            _f(
                "capacity_factor",
                gettext_lazy("Capacity factor (%)"),
                "rate",
                gettext_lazy(
                    "Give one of capacity factor, full-load hours or the energy of year 1."
                ),
            ),
            _f("full_load_hours", gettext_lazy("Full-load hours per year")),
            _f("energy_year1_kwh", gettext_lazy("Energy delivered in year 1 (kWh)")),
            _f("availability", gettext_lazy("Availability (%)"), "rate"),
            _f("curtailment", gettext_lazy("Curtailment (%)"), "rate"),
            _f("degradation_per_year", gettext_lazy("Degradation per year (%)"), "rate"),
            _f(
                "storage_round_trip_efficiency",
                gettext_lazy("Round-trip efficiency (%)"),
                "rate",
                gettext_lazy("Storage only."),
            ),
            _f(
                "charge_price_per_kwh",
                gettext_lazy("Price of charged energy (per kWh)"),
                help_text=gettext_lazy("Storage only."),
            ),
        ),
    ),
    (
        gettext_lazy("Investment and operating costs"),
        (
            _f("capex", gettext_lazy("Total investment")),
            _f("construction_years", gettext_lazy("Construction period (years)"), "integer"),
            _f("om_fixed_per_kw_year", gettext_lazy("Fixed O&M (per kW and year)")),
            _f("om_variable_per_kwh", gettext_lazy("Variable O&M (per kWh)")),
            _f("om_escalation", gettext_lazy("O&M escalation per year (%)"), "rate"),
        ),
    ),
    (
        gettext_lazy("Revenue"),
        (
            _f("tariff_per_kwh", gettext_lazy("Tariff in year 1 (per kWh)")),
            _f("tariff_escalation", gettext_lazy("Tariff escalation per year (%)"), "rate"),
        ),
    ),
    (
        gettext_lazy("Financing"),
        (
            _f("discount_rate", gettext_lazy("Discount rate (%)"), "rate"),
            _f(
                "equity_discount_rate",
                gettext_lazy("Equity discount rate (%)"),
                "rate",
                gettext_lazy("Leave empty to use the discount rate."),
            ),
            _f("debt_fraction", gettext_lazy("Debt share of the investment (%)"), "rate"),
            _f("interest_rate", gettext_lazy("Interest rate (%)"), "rate"),
            _f("loan_years", gettext_lazy("Loan term (years)"), "integer"),
            _f("grace_years", gettext_lazy("Grace period (years)"), "integer"),
            _f("loan_type", gettext_lazy("Repayment"), "choice"),
        ),
    ),
    (
        gettext_lazy("Tax and depreciation"),
        (
            _f(
                "tax_rate",
                gettext_lazy("Income tax rate (%)"),
                "rates",
                gettext_lazy(
                    "One rate for every year, or one rate per operating year separated by "
                    "commas; a shorter list goes on at its last rate, a longer one is cut."
                ),
            ),
            _f("tax_holiday", gettext_lazy("Tax holiday"), "choice"),
            _f("tax_losses", gettext_lazy("Tax losses"), "choice"),
            _f("loss_carryforward_years", gettext_lazy("Loss carry-forward (years)"), "integer"),
            _f("depreciation_years", gettext_lazy("Depreciation period (years)"), "integer"),
            _f("depreciation_convention", gettext_lazy("Depreciation convention"), "choice"),
            _f(
                "salvage_fraction",
                gettext_lazy("Salvage value as a share of the investment (%)"),
                "rate",
            ),
        ),
    ),
    (
        gettext_lazy("Carbon"),
        (
            _f(
                "region",
                gettext_lazy("Grid region for the emission factor"),
                "text",
                gettext_lazy("A province (CN-GD), a grid region (CN-GRID-SOUTH), CN or VN."),
            ),
            _f(
                "emission_factor_t_per_mwh",
                gettext_lazy("Emission factor (tCO2/MWh)"),
                help_text=gettext_lazy("Leave empty to use the published factor of the region."),
            ),
            _f(
                "emission_factor_year",
                gettext_lazy("Emission factor year"),
                "integer",
                gettext_lazy("Leave empty for the latest published factor."),
            ),
        ),
    ),
)
INPUT_FIELDS: dict[str, InputField] = {f.key: f for _group, fields in GROUPS for f in fields}
#: Inputs only the API sets (shown in exports).
EXTRA_LABELS: dict[str, Promise] = {
    "capex_schedule": gettext_lazy("Investment by construction year (shares)"),
    "depreciable_fraction": gettext_lazy("Depreciable share of the investment (%)"),
    "terminal_book_value": gettext_lazy("Book value left at the end"),
}
CHOICES: dict[str, Any] = {
    "technology": Technology,
    "loan_type": LoanType,
    "tax_losses": TaxLosses,
    "depreciation_convention": DepreciationConvention,
    "tax_holiday": TaxHoliday,
}


def input_label(key: str) -> str:
    if key in INPUT_FIELDS:
        return str(INPUT_FIELDS[key].label)
    return str(EXTRA_LABELS.get(key, key))


def num(value: float | None, places: int = 0) -> str:
    """A number in the active language's separators, grouped in thousands (— for none).

    Financial tables group by thousands in every language, also where Django's locale sets
    no grouping (Simplified Chinese 千分位 uses commas; Vietnamese uses dots).
    """
    if value is None:
        return DASH
    text = f"{round(float(value), places):,.{places}f}"
    thousands = get_format("THOUSAND_SEPARATOR") or ","
    decimal = get_format("DECIMAL_SEPARATOR") or "."
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def trim(value: float | None, places: int = 4) -> str:
    """A number with at most ``places`` decimals and no trailing zeros, grouped (— for none)."""
    if value is None:
        return DASH
    text = num(value, places)
    separator = get_format("DECIMAL_SEPARATOR") or "."
    if places and separator in text:
        text = text.rstrip("0").rstrip(separator)
    return "0" if text in ("-0", "") else text


def percent(value: float | None, places: int = 2) -> str:
    """A fraction as a percentage (0.0853 → 8.53 %)."""
    if value is None:
        return DASH
    return f"{num(float(value) * 100, places)} %"


def _rate_list(values: list[float]) -> str:
    """Per-year rates, runs collapsed: "4 × 0 %, 9 × 5 %, then 20 %"."""
    runs: list[list[Any]] = []
    for value in values:
        if runs and runs[-1][0] == value:
            runs[-1][1] += 1
        else:
            runs.append([value, 1])
    parts = [
        f"{count} × {trim(value * 100)} %" if count > 1 else f"{trim(value * 100)} %"
        for value, count in runs[:-1]
    ]
    last = f"{trim(runs[-1][0] * 100)} %" if runs else DASH
    if not parts:
        return last
    return ", ".join([*parts, _("then %(rate)s") % {"rate": last}])


def holiday_code(value: Any) -> str:
    """The form's code for a tax holiday input ("3+3" or "")."""
    if value in ("3+3", {"free_years": 3, "half_years": 3, "start_year": 1}):
        return TaxHoliday.THREE_THREE
    return TaxHoliday.NONE


def _holiday(value: Any) -> str:
    if holiday_code(value):
        return str(TaxHoliday.THREE_THREE.label)
    if isinstance(value, dict):
        return _("%(free)s years exempt, %(half)s at half rate, from year %(start)s") % {
            "free": value.get("free_years"),
            "half": value.get("half_years"),
            "start": value.get("start_year"),
        }
    return str(value)


def _choice(key: str, value: str) -> str:
    try:
        return str(CHOICES[key](value).label)
    except ValueError:
        return value


def display_value(key: str, value: Any) -> str:
    """An input value as people read it (rates in percent, choices by label)."""
    if value is None or value == "":
        text = DASH
    elif key == "tax_holiday":
        text = _holiday(value)
    elif key in CHOICES and isinstance(value, str):
        text = _choice(key, value)
    elif isinstance(value, list):
        rates = key in RATE_FIELDS
        text = _rate_list([float(v) for v in value]) if rates else ", ".join(map(trim, value))
    elif isinstance(value, bool | str):
        text = str(value)
    elif key in RATE_FIELDS:
        text = f"{trim(float(value) * 100)} %"
    else:
        text = trim(value)
    return text
