"""Optimal storage dispatch as a linear program (HiGHS through ``scipy.optimize.linprog``).

Two uses share one formulation over hours ``t`` (step ``dt`` hours):

* **time-of-use arbitrage**: buy at ``price`` when charging, sell when discharging;
* **firming a wind/PV plant**: the plant makes ``generation_kw``; the grid takes at most
  ``export_limit_kw``; the store shifts what would be spilled. The store charges from the
  plant only (``c_t <= g_t``) unless ``grid_charging``.

Variables per hour: charge ``c``, discharge ``d`` (kW, ``0..power_kw``), state of charge ``s``
(kWh, ``soc_min..soc_max`` of ``energy_kwh``) and, when firming, spill ``q``. Balance:
``s_t = s_{t-1} + eta_c c_t dt - d_t dt / eta_d`` with ``eta_c = eta_d = sqrt(round trip)``;
the day (or year) is cyclic, ``s_{-1} = s_{T-1}``, unless ``initial_soc`` is given. A
``cycle_cost_per_kwh`` on discharged energy stands for wear. This is an LP: with negative
prices it may charge and discharge in the same hour, which burns energy as a real store would.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class StorageSpec:
    """A battery or other store."""

    power_kw: float
    energy_kwh: float
    round_trip_efficiency: float = 0.88
    soc_min: float = 0.0
    soc_max: float = 1.0
    initial_soc: float | None = None
    cycle_cost_per_kwh: float = 0.0

    def __post_init__(self) -> None:
        checks = (
            ("power_kw", self.power_kw > 0.0),
            ("energy_kwh", self.energy_kwh > 0.0),
            ("round_trip_efficiency", 0.0 < self.round_trip_efficiency <= 1.0),
            ("soc_min", 0.0 <= self.soc_min < self.soc_max),
            ("soc_max", self.soc_max <= 1.0),
            (
                "initial_soc",
                self.initial_soc is None or self.soc_min <= self.initial_soc <= self.soc_max,
            ),
        )
        for name, ok in checks:
            if not ok:
                raise ValueError(f"{name}: out of range")


@dataclass(frozen=True)
class DispatchResult:
    """The optimal schedule (kW per step, kWh state of charge) and its value."""

    status: str
    optimal: bool
    objective_value: float
    charge_kw: FloatArray
    discharge_kw: FloatArray
    soc_kwh: FloatArray
    spill_kw: FloatArray
    export_kw: FloatArray
    discharged_kwh: float
    charged_kwh: float
    equivalent_full_cycles: float


def dispatch(
    storage: StorageSpec,
    price: ArrayLike,
    *,
    generation_kw: ArrayLike | None = None,
    export_limit_kw: float | None = None,
    grid_charging: bool = False,
    dt_hours: float = 1.0,
) -> DispatchResult:
    """Solve the dispatch LP; ``objective_value`` is the revenue earned over the horizon.

    Arbitrage (no ``generation_kw``): revenue = sum price (d - c) dt - wear.
    Firming: revenue = sum price x export dt - wear, export = g - c + d - q.
    """
    prices = np.asarray(price, dtype=np.float64)
    steps = prices.size
    firming = generation_kw is not None
    generation = (
        np.broadcast_to(np.asarray(generation_kw, dtype=np.float64), (steps,))
        if firming
        else np.zeros(steps)
    )
    eta = math.sqrt(storage.round_trip_efficiency)
    # Objective (minimise): price*(c - d) dt + wear*d dt (+ price*q dt when firming).
    cost = np.concatenate(
        [
            prices * dt_hours,
            (-prices + storage.cycle_cost_per_kwh) * dt_hours,
            np.zeros(steps),
            *([prices * dt_hours] if firming else []),
        ]
    )
    eye = sp.identity(steps, format="csr")
    previous = sp.eye(steps, k=-1, format="csr")
    if storage.initial_soc is None:
        previous = previous + sp.csr_matrix(([1.0], ([0], [steps - 1])), shape=(steps, steps))
    balance = [-eta * dt_hours * eye, (dt_hours / eta) * eye, eye - previous]
    if firming:
        balance.append(sp.csr_matrix((steps, steps)))
    a_eq = sp.hstack(balance, format="csr")
    b_eq = np.zeros(steps)
    if storage.initial_soc is not None:
        b_eq[0] = storage.initial_soc * storage.energy_kwh
    charge_cap = np.full(steps, storage.power_kw)
    if firming and not grid_charging:
        charge_cap = np.minimum(charge_cap, np.maximum(generation, 0.0))
    bounds_low = np.concatenate(
        [np.zeros(2 * steps), np.full(steps, storage.soc_min * storage.energy_kwh)]
        + ([np.zeros(steps)] if firming else [])
    )
    bounds_high = np.concatenate(
        [
            charge_cap,
            np.full(steps, storage.power_kw),
            np.full(steps, storage.soc_max * storage.energy_kwh),
        ]
        + ([np.maximum(generation, 0.0)] if firming else [])
    )
    a_ub = None
    b_ub = None
    if firming:
        limit = np.inf if export_limit_kw is None else export_limit_kw
        zero = sp.csr_matrix((steps, steps))
        # export <= limit  ->  -c + d - q <= limit - g ;  export >= 0  ->  c - d + q <= g
        upper = sp.hstack([-eye, eye, zero, -eye])
        lower = sp.hstack([eye, -eye, zero, eye])
        if math.isinf(limit):
            a_ub, b_ub = lower.tocsr(), generation.copy()
        else:
            a_ub = sp.vstack([upper, lower], format="csr")
            b_ub = np.concatenate([limit - generation, generation])
    solution = linprog(
        cost,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=np.column_stack([bounds_low, bounds_high]),
        method="highs",
    )
    if solution.status != 0:
        empty = np.zeros(steps)
        return DispatchResult(
            solution.message, False, math.nan, empty, empty, empty, empty, empty, 0.0, 0.0, 0.0
        )
    x = np.asarray(solution.x, dtype=np.float64)
    charge, discharge, soc = x[:steps], x[steps : 2 * steps], x[2 * steps : 3 * steps]
    spill = x[3 * steps :] if firming else np.zeros(steps)
    export = generation - charge + discharge - spill if firming else discharge - charge
    constant = float(np.sum(prices * generation) * dt_hours) if firming else 0.0
    discharged = float(discharge.sum() * dt_hours)
    return DispatchResult(
        status="optimal",
        optimal=True,
        objective_value=constant - float(solution.fun),
        charge_kw=charge,
        discharge_kw=discharge,
        soc_kwh=soc,
        spill_kw=spill,
        export_kw=export,
        discharged_kwh=discharged,
        charged_kwh=float(charge.sum() * dt_hours),
        equivalent_full_cycles=discharged / storage.energy_kwh,
    )
