"""Capacity fade of LFP/graphite storage from calendar ageing and cycling, and augmentation.

The model has the closed form used by NREL's BLAST-Lite for its large-format LFP cell
(``lfp_gr_250AhPrismatic_2019``), identified by Gasper et al. from lab ageing data:
P. Gasper et al., "Degradation and modeling of large-format commercial lithium-ion cells as
a function of chemistry, design, and aging conditions", Journal of Energy Storage 73 (2023)
109042, https://doi.org/10.1016/j.est.2023.109042; BLAST-Lite, NREL SWR-22-69,
https://github.com/NREL/BLAST-Lite. This is our own implementation of the published
equations and parameters::

    q = 1 - q_cal - q_cyc
    q_cal = k_cal * t_days ** p_cal,  k_cal = p1 exp(p2 / T) exp(p3 Ua(soc) / T)
    q_cyc = k_cyc * EFC ** p_cyc,     k_cyc = (p4 + p5 DOD + p6 C-rate)(exp(p7/T) + exp(-p8/T))

with ``Ua`` the graphite potential versus lithium from M. Safari and C. Delacourt,
J. Electrochem. Soc. 158 (5) A562 (2011). When stressors change from year to year the
state advances through "equivalent time": ``x_eq = (q / k) ** (1/p)``, then
``q = k (x_eq + dx) ** p``, which reduces to the closed form for constant stressors.
Valid roughly for 10-45 °C cycling, DOD 0.8-1 and charge rates up to 0.65 C (the test range).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

# Gasper et al. (2023) / BLAST-Lite, large-format LFP-Gr cell.
P1 = 8.37e04
P2 = -5.21e03
P3 = -3.56e03
P_CAL = 0.526
P4 = 4.38e-08
P5 = 1.55e-08
P6 = 1.68e-07
P7 = 2.19e03
P8 = 1.55e05
P_CYC = 0.828
KELVIN = 273.15
DAYS_PER_YEAR = 365.0


def anode_potential(soc: ArrayLike) -> FloatArray:
    """Graphite potential vs Li (V) at a cell state of charge (Safari & Delacourt 2011)."""
    x = 8.5e-3 + np.asarray(soc, dtype=np.float64) * (0.78 - 8.5e-3)
    return (
        0.6379
        + 0.5416 * np.exp(-305.5309 * x)
        + 0.044 * np.tanh(-(x - 0.1958) / 0.1088)
        - 0.1978 * np.tanh((x - 1.0571) / 0.0854)
        - 0.6875 * np.tanh((x + 0.0117) / 0.0529)
        - 0.0175 * np.tanh((x - 0.5692) / 0.0875)
    )


def calendar_rate(temperature_c: ArrayLike, soc: ArrayLike) -> FloatArray:
    """``k_cal`` per day**p_cal at a cell temperature and average state of charge."""
    kelvin = np.asarray(temperature_c, dtype=np.float64) + KELVIN
    return P1 * np.exp(P2 / kelvin) * np.exp(P3 * anode_potential(soc) / kelvin)


def cycling_rate(temperature_c: ArrayLike, dod: ArrayLike, c_rate: ArrayLike) -> FloatArray:
    """``k_cyc`` per EFC**p_cyc at a temperature, depth of discharge and mean C-rate."""
    kelvin = np.asarray(temperature_c, dtype=np.float64) + KELVIN
    stress = P4 + P5 * np.asarray(dod, dtype=np.float64) + P6 * np.asarray(c_rate, dtype=np.float64)
    return stress * (np.exp(P7 / kelvin) + np.exp(-P8 / kelvin))


def _advance(state: float, rate: float, power: float, step: float) -> float:
    """Power-law state after ``step`` more units, from equivalent elapsed time."""
    if rate <= 0.0:
        return state
    elapsed = (state / rate) ** (1.0 / power) if state > 0.0 else 0.0
    return rate * (elapsed + step) ** power


@dataclass(frozen=True)
class AgeingResult:
    """Relative capacity at the end of each year (1 = new) and the two fade parts."""

    capacity: FloatArray
    calendar_loss: FloatArray
    cycling_loss: FloatArray


def capacity_fade(
    years: int,
    *,
    temperature_c: ArrayLike = 25.0,
    average_soc: ArrayLike = 0.5,
    dod: ArrayLike = 0.9,
    c_rate: ArrayLike = 0.25,
    cycles_per_year: ArrayLike = 365.0,
) -> AgeingResult:
    """Relative capacity after each of ``years`` years; stressors scalar or one per year."""
    shape = (years,)
    temperature = np.broadcast_to(np.asarray(temperature_c, dtype=np.float64), shape)
    soc = np.broadcast_to(np.asarray(average_soc, dtype=np.float64), shape)
    depth = np.broadcast_to(np.asarray(dod, dtype=np.float64), shape)
    rate = np.broadcast_to(np.asarray(c_rate, dtype=np.float64), shape)
    cycles = np.broadcast_to(np.asarray(cycles_per_year, dtype=np.float64), shape)
    k_cal = calendar_rate(temperature, soc)
    k_cyc = cycling_rate(temperature, depth, rate)
    calendar = np.zeros(years)
    cycling = np.zeros(years)
    q_cal = 0.0
    q_cyc = 0.0
    for year in range(years):
        q_cal = _advance(q_cal, float(k_cal[year]), P_CAL, DAYS_PER_YEAR)
        q_cyc = _advance(q_cyc, float(k_cyc[year]), P_CYC, float(cycles[year]))
        calendar[year] = q_cal
        cycling[year] = q_cyc
    return AgeingResult(np.clip(1.0 - calendar - cycling, 0.0, 1.0), calendar, cycling)


@dataclass(frozen=True)
class AugmentationPlan:
    """Usable energy at the end of each year and the kWh added at the start of each year."""

    usable_kwh: FloatArray
    added_kwh: FloatArray
    cost: FloatArray


def augmentation_plan(
    years: int,
    *,
    nameplate_kwh: float,
    required_kwh: float,
    price_per_kwh: float,
    **stressors: float,
) -> AugmentationPlan:
    """Add fresh modules at the start of a year whenever the previous year ended below
    ``required_kwh``, bringing the energy back to ``nameplate_kwh``.

    Each cohort fades on its own age with the same stressors (the closed form above).
    """
    fade = capacity_fade(years, **stressors).capacity  # fade[a-1]: after a years of age
    cohorts: list[tuple[int, float]] = [(0, nameplate_kwh)]
    usable = np.zeros(years)
    added = np.zeros(years)
    for year in range(years):
        if year > 0 and usable[year - 1] < required_kwh:
            top_up = nameplate_kwh - usable[year - 1]
            cohorts.append((year, top_up))
            added[year] = top_up
        usable[year] = sum(size * fade[year - start] for start, size in cohorts)
    return AugmentationPlan(usable, added, added * price_per_kwh)
