"""The linear-programming relaxation: an upper bound and an LP-rounded warm start.

The time-indexed model (x[r, s] in [0, 1] instead of {0, 1}) is solved with the HiGHS dual
simplex that SciPy ships. Its optimum bounds every schedule from above; on symposium instances
it is nearly integral (a few hundred fractional values among tens of thousands), so keeping the
values at 1 and filling greedily in the order of the LP values gives a schedule within a
fraction of a percent of the bound, which CP-SAT then polishes.

SciPy is used rather than ``highspy``: in this environment ``highspy`` and OR-Tools cannot be
loaded into one process (both export the HiGHS symbols; google/or-tools#5246).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array

from sanxin.engines.scheduling.greedy import Assignment, Occupancy, fill
from sanxin.engines.scheduling.problem import Problem


@dataclass(frozen=True, slots=True)
class Relaxation:
    bound: float
    """Optimum of the relaxation: no schedule weighs more."""
    values: dict[tuple[int, int], float]
    """Nonzero x[r, s] of the LP optimum."""
    fractional: int


def _rows(problem: Problem) -> tuple[list[list[int]], list[int], list[tuple[int, int]]]:
    """Constraint rows (variable indexes) with their right-hand sides, dropping rows that
    cannot bind."""
    keys = [(r, s) for r, slots in enumerate(problem.req_slots) for s in slots]
    col = {key: j for j, key in enumerate(keys)}
    groups: dict[tuple, list[int]] = {}
    for (r, s), j in col.items():
        pa, pb = problem.req_parties[r]
        names = [("r", r), ("ps", pa, s), ("ps", pb, s), ("s", s), ("p", pa), ("p", pb)]
        k = problem.req_pair[r]
        if k is not None:
            names.append(("k", k, s))
        for name in names:
            groups.setdefault(name, []).append(j)
    rows, rhs = [], []
    for name, cols in groups.items():
        kind = name[0]
        if kind in ("r", "ps"):
            cap = 1
        elif kind == "s":
            cap = problem.tables[name[1]]
        elif kind == "p":
            cap = problem.party_cap[name[1]]
        else:
            cap = problem.pair_cap(name[1], name[2])
        if kind == "r" and name[1] in problem.fixed:
            continue  # handled by the variable bounds below
        if len(cols) > cap:
            rows.append(cols)
            rhs.append(cap)
    return rows, rhs, keys


def solve_relaxation(problem: Problem, time_limit: float) -> Relaxation | None:
    """The LP optimum, or None if it was not found in time."""
    rows, rhs, keys = _rows(problem)
    if not keys:
        return Relaxation(0.0, {}, 0)
    n = len(keys)
    cost = -np.array([problem.req_weight[r] for r, _s in keys])
    upper = np.ones(n)
    lower = np.zeros(n)
    published = problem.fixed
    for j, (r, _s) in enumerate(keys):
        if r in published and not problem.allow_moves:
            lower[j] = 1.0
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(c) for c in rows])
    indices = np.fromiter((j for c in rows for j in c), dtype=np.int64, count=int(indptr[-1]))
    a_ub = csr_array((np.ones(len(indices)), indices, indptr), shape=(len(rows), n))
    a_eq = b_eq = None
    moving = [r for r in published if problem.allow_moves]
    if moving:
        # A published meeting may move but stays in the schedule.
        where = {r: i for i, r in enumerate(moving)}
        eq_rows = [where[r] for r, _s in keys if r in where]
        eq_cols = [j for j, (r, _s) in enumerate(keys) if r in where]
        a_eq = csr_array((np.ones(len(eq_cols)), (eq_rows, eq_cols)), shape=(len(moving), n))
        b_eq = np.ones(len(moving))
    if not rows:
        a_ub = None
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.array(rhs, dtype=float) if rows else None,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=np.column_stack([lower, upper]),
        method="highs-ds",
        options={"time_limit": max(0.1, time_limit), "presolve": True},
    )
    if result.status != 0 or result.x is None:
        return None
    x = result.x
    values = {keys[j]: float(x[j]) for j in np.flatnonzero(x > 1e-9)}
    fractional = int(np.sum((x > 1e-6) & (x < 1 - 1e-6)))
    return Relaxation(bound=float(-result.fun), values=values, fractional=fractional)


def integer_bound(bound: float, *, integral_weights: bool) -> float:
    """Round an LP bound down when every weight is an integer (so is every schedule's
    weight), allowing for the solver's tolerance."""
    if not integral_weights:
        return bound
    return float(math.floor(bound + 1e-6 * max(1.0, abs(bound))))


def round_relaxation(problem: Problem, relaxation: Relaxation) -> Assignment:
    """Keep the published meetings and the LP's integral choices, then fill greedily: the
    largest LP values first, then the heaviest requests."""
    assignment: Assignment = {r: s for r, (s, _t) in problem.fixed.items()}
    occ = Occupancy.of(problem, assignment)
    for (r, s), v in sorted(relaxation.values.items(), key=lambda kv: (-kv[1], kv[0])):
        if v < 1 - 1e-6:
            break
        if r not in assignment and occ.can_place(r, s):
            assignment[r] = s
            occ.place(r, s)
    # Fractional choices next, in their LP slot when it is still free.
    for (r, s), _v in sorted(relaxation.values.items(), key=lambda kv: (-kv[1], kv[0])):
        if r not in assignment and occ.can_place(r, s):
            assignment[r] = s
            occ.place(r, s)
    order = sorted(range(problem.n_requests), key=lambda r: (-problem.req_weight[r], r))
    fill(problem, occ, assignment, order, best=True)
    return assignment
