"""Default assumptions by technology and country, each with its source or marked as an
assumption. The form that starts an appraisal is prefilled from here; the appraisal keeps
the exact inputs it ran with, so changing a default never changes a stored result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ASSUMPTION = "assumption (typical figure for a first look; replace with project data)"
CN_EIT_LAW = "中华人民共和国企业所得税法 art. 4 (25 %) and art. 18 (losses carried forward 5 years)"
CN_EIT_REGS = (
    "中华人民共和国企业所得税法实施条例 art. 87: public infrastructure projects including "
    "power, 三免三减半 from the first year with operating income"
)
CN_EIT_DEPRECIATION = "中华人民共和国企业所得税法实施条例 art. 60: machinery minimum 10 years"
VN_CIT_LAW = (
    "Law on Corporate Income Tax (Viet Nam) as amended 2013: standard rate 20 %; losses 5 years"
)
VN_CIT_INCENTIVE = (
    "Decree 218/2013/ND-CP arts. 15-16: renewable energy projects 10 % for 15 years, "
    "exempt 4 years then 50 % off for 9 years"
)


@dataclass(frozen=True)
class Assumption:
    """A default value and where it comes from."""

    value: Any
    source: str


_TECHNOLOGY: dict[str, dict[str, Any]] = {
    # capex per kW, fixed O&M per kW-year (CNY), capacity factor, degradation, life
    "pv": {
        "capex_per_kw": 3200.0,
        "om_fixed_per_kw_year": 45.0,
        "capacity_factor": 0.15,
        "degradation_per_year": 0.005,
        "years": 25,
    },
    "wind": {
        "capex_per_kw": 5500.0,
        "om_fixed_per_kw_year": 120.0,
        "capacity_factor": 0.28,
        "degradation_per_year": 0.0,
        "years": 20,
    },
    "hydro": {
        "capex_per_kw": 9000.0,
        "om_fixed_per_kw_year": 90.0,
        "capacity_factor": 0.45,
        "degradation_per_year": 0.0,
        "years": 40,
    },
    "storage": {
        "capex_per_kw": 2400.0,
        "om_fixed_per_kw_year": 40.0,
        "capacity_factor": 0.1,
        "degradation_per_year": 0.02,
        "years": 15,
    },
}

_COUNTRY: dict[str, dict[str, Assumption]] = {
    "CN": {
        "currency": Assumption("CNY", "ISO 4217"),
        "tax_rate": Assumption(0.25, CN_EIT_LAW),
        "tax_holiday": Assumption({"free_years": 3, "half_years": 3, "start_year": 1}, CN_EIT_REGS),
        "tax_losses": Assumption("carry_forward", CN_EIT_LAW),
        "loss_carryforward_years": Assumption(5, CN_EIT_LAW),
        "depreciation_years": Assumption(
            20, ASSUMPTION + "; tax minimum for machinery is 10: " + CN_EIT_DEPRECIATION
        ),
        "discount_rate": Assumption(0.06, ASSUMPTION),
        "debt_fraction": Assumption(0.7, ASSUMPTION),
        "interest_rate": Assumption(0.04, ASSUMPTION),
        "loan_years": Assumption(15, ASSUMPTION),
        "loan_type": Assumption("equal_principal", ASSUMPTION),
        "tariff_per_kwh": Assumption(0.35, ASSUMPTION),
    },
    "VN": {
        "currency": Assumption("VND", "ISO 4217"),
        "tax_rate": Assumption([0.0] * 4 + [0.05] * 9 + [0.10] * 2 + [0.20] * 5, VN_CIT_INCENTIVE),
        "tax_losses": Assumption("carry_forward", VN_CIT_LAW),
        "loss_carryforward_years": Assumption(5, VN_CIT_LAW),
        "depreciation_years": Assumption(20, ASSUMPTION),
        "discount_rate": Assumption(0.10, ASSUMPTION),
        "debt_fraction": Assumption(0.7, ASSUMPTION),
        "interest_rate": Assumption(0.09, ASSUMPTION),
        "loan_years": Assumption(12, ASSUMPTION),
        "loan_type": Assumption("annuity", ASSUMPTION),
        "tariff_per_kwh": Assumption(1800.0, ASSUMPTION + " (VND/kWh)"),
    },
}

# CNY → VND for the CNY-denominated technology costs (assumption; set the real rate).
_CNY_TO = {"CNY": 1.0, "VND": 3500.0}


def defaults_for(
    technology: str, country: str, *, capacity_kw: float = 1000.0
) -> dict[str, Assumption]:
    """Every default for a technology in a country, with its source."""
    if technology not in _TECHNOLOGY:
        raise KeyError(f"no defaults for technology {technology!r}")
    if country not in _COUNTRY:
        raise KeyError(f"no defaults for country {country!r}")
    tech = _TECHNOLOGY[technology]
    country_rows = dict(_COUNTRY[country])
    rate = _CNY_TO[country_rows["currency"].value]
    years = int(tech["years"])
    rows: dict[str, Assumption] = {
        "technology": Assumption(technology, "input"),
        "capacity_kw": Assumption(capacity_kw, "input"),
        "capex": Assumption(tech["capex_per_kw"] * capacity_kw * rate, ASSUMPTION),
        "om_fixed_per_kw_year": Assumption(tech["om_fixed_per_kw_year"] * rate, ASSUMPTION),
        "capacity_factor": Assumption(tech["capacity_factor"], ASSUMPTION),
        "degradation_per_year": Assumption(tech["degradation_per_year"], ASSUMPTION),
        "years": Assumption(years, ASSUMPTION),
        "region": Assumption(country, "input"),
    }
    tax = country_rows.get("tax_rate")
    if tax is not None and isinstance(tax.value, list):
        values = (tax.value + [tax.value[-1]] * years)[:years]
        country_rows["tax_rate"] = Assumption(values, tax.source)
    depreciation = country_rows["depreciation_years"]
    country_rows["depreciation_years"] = Assumption(
        min(depreciation.value, years), depreciation.source
    )
    rows.update(country_rows)
    if technology == "storage":
        rows["storage_round_trip_efficiency"] = Assumption(0.85, ASSUMPTION)
    return rows


def input_dict(technology: str, country: str, *, capacity_kw: float = 1000.0) -> dict[str, Any]:
    """The defaults as an input mapping for :func:`sanxin.engines.appraisal.parse_input`."""
    return {
        name: row.value
        for name, row in defaults_for(technology, country, capacity_kw=capacity_kw).items()
    }
