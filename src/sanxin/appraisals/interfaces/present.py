"""What the pages and the export show of an appraisal: figures, carbon, notes, cash flows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanxin.appraisals.enums import Technology
from sanxin.appraisals.interfaces.labels import DASH, num, percent
from sanxin.appraisals.models import Appraisal

MONEY, PER_KWH, PERCENT, YEARS, RATIO, TCO2 = "money", "per_kwh", "percent", "years", "ratio", "t"

#: (column, label, unit) of every key figure, in the order pages show them.
FIGURES: tuple[tuple[str, Promise, str], ...] = (
    ("npv_project", gettext_lazy("Project NPV (after tax)"), MONEY),
    ("npv_equity", gettext_lazy("Equity NPV"), MONEY),
    ("irr_project", gettext_lazy("Project IRR (after tax)"), PERCENT),
    ("irr_equity", gettext_lazy("Equity IRR"), PERCENT),
    ("lcoe_simple", gettext_lazy("LCOE, simple (capital recovery factor)"), PER_KWH),
    ("lcoe_dcf", gettext_lazy("LCOE, discounted cash flow"), PER_KWH),
    ("lcoe_financial", gettext_lazy("LCOE with financing and tax"), PER_KWH),
    ("breakeven_tariff", gettext_lazy("Break-even tariff"), PER_KWH),
    ("payback_simple_years", gettext_lazy("Payback period"), YEARS),
    ("payback_discounted_years", gettext_lazy("Discounted payback period"), YEARS),
    ("min_dscr_pretax", gettext_lazy("Minimum DSCR (pre-tax)"), RATIO),
    ("avg_dscr_pretax", gettext_lazy("Average DSCR (pre-tax)"), RATIO),
    ("min_dscr_aftertax", gettext_lazy("Minimum DSCR (after tax)"), RATIO),
    ("avg_dscr_aftertax", gettext_lazy("Average DSCR (after tax)"), RATIO),
    ("tco2_year1", gettext_lazy("CO2 avoided in year 1"), TCO2),
    ("tco2_lifetime", gettext_lazy("CO2 avoided over the life"), TCO2),
)
FIGURE_LABELS = {key: label for key, label, _unit in FIGURES}
#: Short names of the tornado's inputs (the chart has little room; its table has the full ones).
TORNADO_LABELS: dict[str, Promise] = {
    "capex": gettext_lazy("Total investment"),
    "tariff_per_kwh": gettext_lazy("Tariff"),
    "energy_year1_kwh": gettext_lazy("Energy in year 1"),
    "om_fixed_per_kw_year": gettext_lazy("Fixed O&M"),
    "discount_rate": gettext_lazy("Discount rate"),
}
#: The figures of the project page's panel and of the history list.
HEADLINE = ("npv_project", "irr_equity", "lcoe_dcf", "min_dscr_pretax", "tco2_lifetime")


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    text: str
    value: float | None
    note: str = ""


_FORMATS: dict[str, Callable[[float, str], str]] = {
    MONEY: lambda v, c: f"{num(v, 0)} {c}",
    PER_KWH: lambda v, c: f"{num(v, 4)} {c}/kWh",
    PERCENT: lambda v, c: percent(v, 2),
    YEARS: lambda v, c: _("%(years)s years") % {"years": num(v, 1)},
    TCO2: lambda v, c: _("%(value)s tCO2") % {"value": num(v, 0)},
    RATIO: lambda v, c: num(v, 2),
}


def format_figure(unit: str, value: Any, currency: str) -> str:
    if value is None:
        return DASH
    return _FORMATS[unit](float(value), currency)


#: Why a figure is missing, by the start of its name (IRRs are told apart by their status).
_MISSING: tuple[tuple[str, Callable[[], str]], ...] = (
    ("dscr", lambda: _("no debt service")),
    ("payback", lambda: _("does not pay back within the operating life")),
    ("tco2", lambda: _("no region or emission factor given")),
    ("lcoe", lambda: _("no energy delivered")),
    ("breakeven", lambda: _("no energy delivered")),
)


def _missing_reason(key: str, result: dict[str, Any] | None) -> str:
    if key.startswith("irr_"):
        if (result or {}).get(f"{key}_status") == "multiple":
            return _("several IRRs: the cash flows change sign more than once")
        return _("no IRR: the cash flows never turn positive")
    for part, reason in _MISSING:
        if part in key:
            return reason()
    return ""


def figures(
    appraisal: Appraisal, keys: tuple[str, ...] | None = None, *, reasons: bool = False
) -> list[Figure]:
    """The key figures (all, or ``keys``) from the columns; ``reasons`` explains the missing
    ones (needs the full result loaded)."""
    result = appraisal.result if reasons else None
    out = []
    for key, label, unit in FIGURES:
        if keys is not None and key not in keys:
            continue
        value = getattr(appraisal, key)
        raw = None if value is None else float(value)
        note = _missing_reason(key, result) if reasons and raw is None else ""
        out.append(Figure(key, str(label), format_figure(unit, raw, appraisal.currency), raw, note))
    if keys is not None:
        out.sort(key=lambda f: keys.index(f.key))
    return out


_SCOPES = {
    "provincial_average": gettext_lazy("provincial average"),
    "regional_average": gettext_lazy("grid-region average"),
    "national_average": gettext_lazy("national average"),
    "national_average_excl_market_nonfossil": gettext_lazy(
        "national average without market-traded non-fossil power"
    ),
    "national_fossil": gettext_lazy("national fossil-only"),
    "ets_reporting": gettext_lazy("emissions-trading reporting factor (not a grid average)"),
    "national_combined_margin": gettext_lazy("national combined margin"),
}
_REASONS = {
    "latest provincial average": gettext_lazy("the latest provincial average"),
    "no provincial factor in the table: latest grid-region average": gettext_lazy(
        "no provincial factor published: the latest grid-region average"
    ),
    "latest grid-region average": gettext_lazy("the latest grid-region average"),
    "latest national average": gettext_lazy("the latest national average"),
    "Viet Nam national grid factor (DCC)": gettext_lazy(
        "the national grid factor of Viet Nam (DCC)"
    ),
}
_SENSITIVITIES = {
    "tco2_lifetime_national_average": gettext_lazy("with the national average factor"),
    "tco2_lifetime_national_fossil": gettext_lazy("with the fossil-only factor"),
    "tco2_lifetime_national_combined_margin": gettext_lazy(
        "with the national combined-margin factor"
    ),
}


def carbon(appraisal: Appraisal) -> dict[str, Any] | None:
    """The emission factor used, why, its source, and the sensitivities (None: not computed)."""
    factor = appraisal.result.get("emission_factor")
    if not factor:
        return None
    given = factor.get("source") == "input"
    scope = factor.get("scope", "")
    reason = factor.get("reason", "")
    return {
        "t_per_mwh": num(factor.get("t_per_mwh"), 4),
        "given": given,
        "region": factor.get("region", ""),
        "year": factor.get("year"),
        "scope": str(_SCOPES.get(scope, scope)),
        "reason": str(_REASONS.get(reason, reason)),
        "source": "" if given else factor.get("source", ""),
        "sensitivities": [
            {
                "label": str(_SENSITIVITIES.get(key, key)),
                "text": format_figure(TCO2, value, appraisal.currency),
            }
            for key, value in sorted((appraisal.result.get("carbon_sensitivities") or {}).items())
        ],
    }


def notes(appraisal: Appraisal) -> list[str]:
    """Plain-language remarks: storage carbon, missing IRRs."""
    out = []
    if appraisal.technology == Technology.STORAGE:
        out.append(
            _(
                "Storage delivers less energy than it takes: its round-trip losses are drawn "
                "from the grid. With an average grid emission factor its avoided CO2 is "
                "therefore negative — it adds emissions. Its climate value lies in shifting "
                "wind and solar power to the hours that need it, which an average factor "
                "cannot show; a dispatch study with marginal factors can."
            )
        )
    result = appraisal.result
    for key in ("irr_project", "irr_equity"):
        if result.get(f"{key}_status") == "multiple":
            found = result.get("irr_equity_roots") if key == "irr_equity" else None
            roots = ", ".join(percent(r) for r in found or [])
            out.append(
                _("%(figure)s: the cash flows have several IRRs (%(roots)s); use the NPV.")
                % {"figure": FIGURE_LABELS[key], "roots": roots or DASH}
            )
    return out


CASH_FLOW_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("year", gettext_lazy("Year")),
    ("capex", gettext_lazy("Investment")),
    ("energy_kwh", gettext_lazy("Energy (kWh)")),
    ("revenue", gettext_lazy("Revenue")),
    ("om_cost", gettext_lazy("O&M cost")),
    ("ebitda", gettext_lazy("EBITDA")),
    ("interest", gettext_lazy("Interest")),
    ("principal", gettext_lazy("Principal repaid")),
    ("debt_balance_opening", gettext_lazy("Debt at the start of the year")),
    ("depreciation", gettext_lazy("Depreciation")),
    ("taxable_income", gettext_lazy("Taxable income")),
    ("tax_rate", gettext_lazy("Tax rate")),
    ("tax", gettext_lazy("Income tax")),
    ("salvage", gettext_lazy("Salvage value")),
    ("project_pretax", gettext_lazy("Project cash flow (pre-tax)")),
    ("project_aftertax", gettext_lazy("Project cash flow (after tax)")),
    ("equity", gettext_lazy("Equity cash flow")),
    ("tco2_avoided", gettext_lazy("CO2 avoided (t)")),
)
#: The columns the results page's table shows (the export has them all).
PAGE_COLUMNS = ("year", "revenue", "om_cost", "ebitda", "tax", "project_aftertax", "equity")


def cash_flow_rows(appraisal: Appraisal) -> list[dict[str, Any]]:
    """One dict per timeline year with every cash-flow column and the cumulative project
    after-tax cash flow (``cumulative``)."""
    flows = appraisal.result["cash_flows"]
    years = flows["year"]
    cumulative = list(accumulate(flows["project_aftertax"]))
    rows = []
    for index in range(len(years)):
        row = {key: flows[key][index] for key, _label in CASH_FLOW_COLUMNS}
        row["cumulative"] = cumulative[index]
        rows.append(row)
    return rows


def page_cash_flows(appraisal: Appraisal) -> tuple[list[str], list[list[str]]]:
    """Header and formatted rows of the results page's cash-flow table."""
    labels = dict(CASH_FLOW_COLUMNS)
    header = [str(labels[key]) for key in PAGE_COLUMNS] + [_("Cumulative project cash flow")]
    body = []
    for row in cash_flow_rows(appraisal):
        cells = [str(row["year"])] + [num(row[key], 0) for key in PAGE_COLUMNS[1:]]
        body.append([*cells, num(row["cumulative"], 0)])
    return header, body
