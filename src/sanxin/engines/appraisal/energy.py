"""Energy yield: annual figures and hourly (8760) profiles.

The shipped "typical shapes" are synthetic: a clear-sky solar-geometry shape for PV and a
smooth diurnal/seasonal shape for wind, scaled to a capacity factor. They are assumptions
for a first look, not measured data; upload a measured or simulated 8760 CSV for real work.
"""

from __future__ import annotations

import csv
import io
import math

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
HOURS = 8760


def annual_energy_kwh(
    capacity_kw: float,
    *,
    capacity_factor: float | None = None,
    full_load_hours: float | None = None,
    availability: float = 1.0,
    curtailment: float = 0.0,
) -> float:
    """``capacity x hours x availability x (1 - curtailment)`` with hours = CF x 8760 or FLH."""
    if (capacity_factor is None) == (full_load_hours is None):
        raise ValueError("give exactly one of capacity_factor and full_load_hours")
    hours = full_load_hours if full_load_hours is not None else (capacity_factor or 0.0) * HOURS
    return capacity_kw * hours * availability * (1.0 - curtailment)


def degraded_series(year1_kwh: float, degradation_per_year: float, years: int) -> FloatArray:
    """Energy per operating year: ``E1 (1 - d) ** (k - 1)``."""
    return year1_kwh * (1.0 - degradation_per_year) ** np.arange(years, dtype=np.float64)


def parse_profile_csv(text: str) -> FloatArray:
    """An 8760 profile from CSV: one value per row (last column), header row allowed.

    A leap-year file of 8784 rows loses 29 February (hours 1416-1439).
    """
    values: list[float] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip():
            continue
        try:
            values.append(float(row[-1]))
        except ValueError:
            if values:
                raise ValueError(f"profile row {number}: {row[-1]!r} is not a number") from None
    profile = np.asarray(values, dtype=np.float64)
    if profile.size == 8784:
        profile = np.delete(profile, np.s_[1416:1440])
    if profile.size != HOURS:
        raise ValueError(f"profile needs {HOURS} hourly values, got {profile.size}")
    if not np.all(np.isfinite(profile)) or np.any(profile < 0.0):
        raise ValueError("profile values must be finite and non-negative")
    return profile


def _scale_to(shape: FloatArray, capacity_factor: float) -> FloatArray:
    """Scale a 0..1 shape to a mean of ``capacity_factor`` without exceeding 1."""
    low, high = 0.0, 1e3
    for _ in range(100):
        middle = 0.5 * (low + high)
        if np.minimum(shape * middle, 1.0).mean() < capacity_factor:
            low = middle
        else:
            high = middle
    return np.minimum(shape * high, 1.0)


def typical_shape(
    technology: str, *, capacity_factor: float, latitude_deg: float = 30.0
) -> FloatArray:
    """Synthetic hourly output per kW (0..1) with the given mean (an assumption)."""
    if not 0.0 < capacity_factor < 1.0:
        raise ValueError("capacity_factor must be between 0 and 1")
    hour = np.arange(HOURS, dtype=np.float64)
    day = hour // 24
    local = hour % 24 + 0.5
    if technology == "pv":
        declination = math.radians(23.44) * np.sin(2.0 * np.pi * (284.0 + day + 1.0) / 365.0)
        latitude = math.radians(latitude_deg)
        hour_angle = np.radians(15.0 * (local - 12.0))
        elevation = np.sin(latitude) * np.sin(declination) + np.cos(latitude) * np.cos(
            declination
        ) * np.cos(hour_angle)
        shape = np.clip(elevation, 0.0, None)
    elif technology == "wind":
        seasonal = 1.0 + 0.25 * np.cos(2.0 * np.pi * (day - 15.0) / 365.0)
        diurnal = 1.0 + 0.15 * np.cos(2.0 * np.pi * (local - 2.0) / 24.0)
        shape = seasonal * diurnal
    else:
        shape = np.ones(HOURS)
    shape = shape / shape.max()
    return _scale_to(shape, capacity_factor)
