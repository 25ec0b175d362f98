"""tCO2 avoided = MWh delivered x grid emission factor.

Default factor: the latest *provincial average* for the project's province; if the table
has none for it, the latest average of its grid region, then the national average — the
result always says which factor was used and why. National and fossil-only factors are
reported as sensitivities. The 0.5703 emissions-trading factor is used only when asked for
with ``scope="ets_reporting"``, and the result says so.

Storage is shown honestly: it delivers less than it takes (round-trip losses), so with an
average factor its net avoided emissions are negative unless a dispatch-specific marginal
factor shows otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from sanxin.engines.appraisal.emission_factors import (
    ALIASES,
    CN_GRID_REGION,
    COMBINED_MARGIN,
    ETS_REPORTING,
    NATIONAL,
    NATIONAL_FOSSIL,
    PROVINCIAL,
    REGIONAL,
    EmissionFactor,
    factors_for,
)


class UnknownRegionError(LookupError):
    """The region is not one the factor table knows."""


@dataclass(frozen=True)
class FactorChoice:
    """The factor applied, with the reason it was chosen."""

    factor: EmissionFactor
    reason: str


@dataclass(frozen=True)
class CarbonResult:
    """tCO2 avoided per operating year and in total, with the factor and sensitivities."""

    factor_t_per_mwh: float
    factor: FactorChoice | None
    tco2_per_year: tuple[float, ...]
    tco2_year1: float
    tco2_lifetime: float
    sensitivities: dict[str, float]


def normalise_region(region: str) -> str:
    """Canonical code (``CN``, ``CN-GD``, ``CN-GRID-SOUTH``, ``VN``) for a region name."""
    text = region.strip()
    key = text.casefold()
    if key in ALIASES:
        return ALIASES[key]
    code = text.upper()
    if code.startswith("VN"):
        return "VN"
    if code == "CN" or code in CN_GRID_REGION or code in CN_GRID_REGION.values():
        return code
    raise UnknownRegionError(region)


def _latest(rows: tuple[EmissionFactor, ...], year: int | None) -> EmissionFactor | None:
    eligible = [row for row in rows if year is None or row.year <= year]
    return eligible[-1] if eligible else None


def select_factor(
    region: str, *, year: int | None = None, scope: str | None = None
) -> FactorChoice:
    """The factor for ``region`` (latest, or the latest not after ``year``).

    With no ``scope``: provincial average, else the grid region's, else national.
    """
    code = normalise_region(region)
    if code == "VN":
        factor = _latest(factors_for("VN", scope or COMBINED_MARGIN), year)
        if factor is None:
            raise UnknownRegionError(f"{region} ({scope})")
        return FactorChoice(factor, "Viet Nam national grid factor (DCC)")
    if scope is not None:
        target = "CN" if scope in (NATIONAL, ETS_REPORTING, NATIONAL_FOSSIL) else code
        factor = _latest(factors_for(target, scope), year)
        if factor is None:
            raise UnknownRegionError(f"{region} ({scope})")
        reason = f"scope {scope} requested"
        if scope == ETS_REPORTING:
            reason += "; the 0.5703 emissions-trading factor, not a grid average"
        return FactorChoice(factor, reason)
    candidates: list[tuple[str, str, str]] = []
    if code in CN_GRID_REGION:
        candidates.append((code, PROVINCIAL, "latest provincial average"))
        candidates.append(
            (
                CN_GRID_REGION[code],
                REGIONAL,
                "no provincial factor in the table: latest grid-region average",
            )
        )
    elif code != "CN":
        candidates.append((code, REGIONAL, "latest grid-region average"))
    candidates.append(("CN", NATIONAL, "latest national average"))
    for target, kind, reason in candidates:
        factor = _latest(factors_for(target, kind), year)
        if factor is not None:
            return FactorChoice(factor, reason)
    raise UnknownRegionError(region)


def sensitivity_factors(region: str, *, year: int | None = None) -> dict[str, EmissionFactor]:
    """National-average and fossil-only factors of the region's country, where published."""
    code = normalise_region(region)
    out: dict[str, EmissionFactor] = {}
    if code == "VN":
        latest = _latest(factors_for("VN", COMBINED_MARGIN), year)
        if latest is not None:
            out["national_combined_margin"] = latest
        return out
    for name, scope in (("national_average", NATIONAL), ("national_fossil", NATIONAL_FOSSIL)):
        factor = _latest(factors_for("CN", scope), year)
        if factor is not None:
            out[name] = factor
    return out


def avoided_tco2(
    energy_kwh_per_year: ArrayLike,
    *,
    factor_t_per_mwh: float | None = None,
    region: str | None = None,
    year: int | None = None,
) -> CarbonResult:
    """tCO2 avoided for net energy delivered to the grid each year (negative adds emissions)."""
    energy_mwh = np.asarray(energy_kwh_per_year, dtype=np.float64) / 1000.0
    choice: FactorChoice | None = None
    sensitivities: dict[str, float] = {}
    if factor_t_per_mwh is None:
        if region is None:
            raise UnknownRegionError("give region or emission_factor_t_per_mwh")
        choice = select_factor(region, year=year)
        factor_t_per_mwh = choice.factor.t_per_mwh
    if region is not None:
        total = float(energy_mwh.sum())
        for name, other in sensitivity_factors(region, year=year).items():
            sensitivities[f"tco2_lifetime_{name}"] = total * other.t_per_mwh
    per_year = energy_mwh * factor_t_per_mwh
    return CarbonResult(
        factor_t_per_mwh=factor_t_per_mwh,
        factor=choice,
        tco2_per_year=tuple(per_year.tolist()),
        tco2_year1=float(per_year[0]) if per_year.size else 0.0,
        tco2_lifetime=float(per_year.sum()),
        sensitivities=sensitivities,
    )


def storage_net_grid_energy_kwh(
    discharged_kwh: ArrayLike, round_trip_efficiency: float
) -> np.ndarray:
    """Net energy a store gives the grid: discharge minus charge = -losses (negative)."""
    discharged = np.asarray(discharged_kwh, dtype=np.float64)
    return discharged - discharged / round_trip_efficiency
