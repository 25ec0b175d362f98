"""The CP-SAT model: maximise weighted meetings, then fairness, stability and fewer idle gaps.

Stage 1 maximises the total weight of placed meetings (plus an optional bonus per party that
gets a meeting). It starts from the best of three schedules (first-come greedy, weight-ordered
greedy, the rounded LP relaxation), gives CP-SAT that schedule as a hint and the LP optimum as
a bound, and skips CP-SAT when the hint is already within ``relative_gap`` of the bound.
Stage 2, for at most ``soft_share`` of the time limit, keeps the stage-1 weight as a floor and
lexicographically maximises the parties with a meeting, then the published meetings left in
place, then minimises idle gaps (local search first, then CP-SAT from its result).
The result is never worse than the first-come greedy baseline. See ``docs/scheduling.md``.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from sanxin.engines.scheduling import greedy
from sanxin.engines.scheduling.bounds import combinatorial_bound
from sanxin.engines.scheduling.instance import Instance
from sanxin.engines.scheduling.polish import compact
from sanxin.engines.scheduling.problem import Problem, compile_problem
from sanxin.engines.scheduling.relax import integer_bound, round_relaxation, solve_relaxation
from sanxin.engines.scheduling.result import Schedule, build_schedule, idle_gaps


@dataclass(frozen=True, slots=True)
class SolveOptions:
    time_limit: float = 10.0
    """Seconds for the whole call, compiling and greedy included."""
    num_workers: int = 2
    """CP-SAT search workers; match the cores the machine has."""
    relative_gap: float = 0.001
    """Stage 1 stops once within this fraction of its bound."""
    soft_share: float = 0.2
    """Share of the time limit for stage 2 (idle-gap local search, then CP-SAT)."""
    soft: bool = True
    """Run stage 2 (fairness, stability, idle gaps)."""
    use_lp: bool = True
    """Solve the LP relaxation first (SciPy/HiGHS): a bound and an LP-rounded warm start."""
    fairness_bonus: float = 0.0
    """Weight added in stage 1 for every party with at least one meeting."""
    seed: int = 0
    log: bool = False


def _scale(weights: tuple[float, ...]) -> int:
    """Integer weights are used as they are; others are scaled by 1000 and rounded."""
    if all(float(w).is_integer() for w in weights):
        return 1
    return 1000


class _Model:
    """Boolean x[r, s]: request r meets in slot s, with the hard constraints."""

    def __init__(self, problem: Problem, scale: int) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.scale = scale
        m = self.model
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        by_req: list[list[cp_model.IntVar]] = [[] for _ in range(problem.n_requests)]
        by_party_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        by_slot: list[list[cp_model.IntVar]] = [[] for _ in range(problem.n_slots)]
        by_pair_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
        for r, slots in enumerate(problem.req_slots):
            pa, pb = problem.req_parties[r]
            k = problem.req_pair[r]
            for s in slots:
                v = m.new_bool_var("")
                self.x[(r, s)] = v
                by_req[r].append(v)
                by_party_slot[(pa, s)].append(v)
                by_party_slot[(pb, s)].append(v)
                by_slot[s].append(v)
                if k is not None:
                    by_pair_slot[(k, s)].append(v)
        self.by_req = by_req
        self.by_party_slot = by_party_slot
        self._constrain(by_slot, by_pair_slot)
        self.keys = list(self.x)
        self.vars = [self.x[key] for key in self.keys]
        w = [max(1, round(problem.req_weight[r] * scale)) for r, _s in self.keys]
        self.weights = w
        self.weight_expr = cp_model.LinearExpr.weighted_sum(self.vars, w)

    def _constrain(
        self,
        by_slot: list[list[cp_model.IntVar]],
        by_pair_slot: dict[tuple[int, int], list[cp_model.IntVar]],
    ) -> None:
        problem, m, by_req = self.problem, self.model, self.by_req
        for r, vs in enumerate(by_req):
            if r in problem.fixed:
                m.add_exactly_one(vs)
            elif len(vs) > 1:
                m.add_at_most_one(vs)
        for vs in self.by_party_slot.values():
            if len(vs) > 1:
                m.add_at_most_one(vs)
        for s, vs in enumerate(by_slot):
            if len(vs) > problem.tables[s]:
                m.add(sum(vs) <= problem.tables[s])
        for (k, s), vs in by_pair_slot.items():
            if len(vs) > problem.pair_cap(k, s):
                m.add(sum(vs) <= problem.pair_cap(k, s))
        self.party_vars: list[list[cp_model.IntVar]] = []
        for p, reqs in enumerate(problem.party_reqs):
            vs = [v for r in reqs for v in by_req[r]]
            self.party_vars.append(vs)
            if sum(1 for r in reqs if by_req[r]) > problem.party_cap[p]:
                m.add(sum(vs) <= problem.party_cap[p])

    def int_weight(self, assignment: Mapping[int, int]) -> int:
        return sum(max(1, round(self.problem.req_weight[r] * self.scale)) for r in assignment)

    def hint(self, assignment: Mapping[int, int]) -> None:
        self.model.clear_hints()
        for (r, s), v in self.x.items():
            self.model.add_hint(v, assignment.get(r) == s)

    def coverage(self) -> list[cp_model.IntVar]:
        """cov[p] <= number of p's meetings, for parties that could meet at all."""
        cov = []
        for vs in self.party_vars:
            if vs:
                c = self.model.new_bool_var("")
                self.model.add(c <= sum(vs))
                cov.append(c)
        return cov

    def block_starts(self) -> list[cp_model.IntVar]:
        """start >= busy(s) - busy(previous possible slot): their sum is the party's number of
        busy runs, which is its idle gaps plus one."""
        starts = []
        for p in range(self.problem.n_parties):
            slots = sorted(
                {s for r in self.problem.party_reqs[p] for s in self.problem.req_slots[r]}
            )
            previous: list[cp_model.IntVar] = []
            for s in slots:
                now = self.by_party_slot[(p, s)]
                b = self.model.new_bool_var("")
                self.model.add(sum(now) - sum(previous) <= b)
                starts.append(b)
                previous = now
        return starts

    def run(self, seconds: float, options: SolveOptions, *, gap: float) -> tuple[int, Any]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.05, seconds)
        solver.parameters.num_workers = options.num_workers
        solver.parameters.random_seed = options.seed
        solver.parameters.relative_gap_limit = gap
        solver.parameters.log_search_progress = options.log
        solver.parameters.log_to_stdout = False  # stdout carries the CLI's JSON
        status = solver.solve(self.model)
        return status, solver

    def read(self, solver: cp_model.CpSolver) -> dict[int, int]:
        return {r: s for (r, s), v in zip(self.keys, self.vars, strict=True) if solver.value(v)}


def solve(instance: Instance, options: SolveOptions | None = None) -> Schedule:
    """Schedule an instance; raise ``InstanceError`` if it is malformed."""
    options = options or SolveOptions()
    started = time.monotonic()
    problem = compile_problem(instance)
    return solve_problem(problem, options, started=started)


def _bound_cap(bound: float, scale: int, n_requests: int) -> int:
    """The LP bound in the model's integer weights (rounded weights may add half a unit each)."""
    if scale == 1:
        return int(bound)
    return math.floor(bound * scale + 0.5 * n_requests + 1e-6 * max(1.0, bound * scale))


def solve_problem(
    problem: Problem, options: SolveOptions, *, started: float | None = None
) -> Schedule:
    started = time.monotonic() if started is None else started
    deadline = started + options.time_limit
    scale = _scale(problem.req_weight)
    baseline = greedy.first_come(problem)
    candidates = [greedy.by_weight(problem), baseline]
    lp_bound = None
    if options.use_lp and any(problem.req_slots):
        relaxation = solve_relaxation(problem, 0.5 * (deadline - time.monotonic()))
        if relaxation is not None:
            lp_bound = integer_bound(relaxation.bound, integral_weights=scale == 1)
            candidates.insert(0, round_relaxation(problem, relaxation))
    best = max(candidates, key=lambda a: greedy.weight_of(problem, a))
    comb = combinatorial_bound(problem)
    solver_bound = None
    if any(problem.req_slots):
        model = _Model(problem, scale)
        if lp_bound is not None:
            model.model.add(model.weight_expr <= _bound_cap(lp_bound, scale, problem.n_requests))
        bound_now = comb if lp_bound is None else min(comb, lp_bound)
        close = bound_now - greedy.weight_of(problem, best) <= options.relative_gap * bound_now
        if not close or options.fairness_bonus > 0:
            best, solver_bound = _stage_one(model, best, deadline, options)
        best = greedy.complete(problem, best)
        if options.soft:
            soft_deadline = min(
                deadline, time.monotonic() + options.soft_share * options.time_limit
            )
            best = compact(problem, best, deadline=soft_deadline)
            left = soft_deadline - time.monotonic()
            if left > 0.05:
                best = _stage_two(model, best, left, options)
            # Moves may have freed room for a request: place what still fits.
            best = greedy.complete(problem, best)
    bounds = [b for b in (solver_bound, lp_bound) if b is not None]
    return build_schedule(
        problem,
        best,
        solver_bound=min(bounds) if bounds else None,
        combinatorial_bound=comb,
        greedy_objective=greedy.weight_of(problem, baseline),
        greedy_meetings=len(baseline),
        relative_gap=options.relative_gap,
        seconds=time.monotonic() - started,
    )


def _value(problem: Problem, assignment: Mapping[int, int], bonus: float) -> float:
    covered = {p for r in assignment for p in problem.req_parties[r]}
    return greedy.weight_of(problem, assignment) + bonus * len(covered)


def _stage_one(
    model: _Model, warm: dict[int, int], deadline: float, options: SolveOptions
) -> tuple[dict[int, int], float | None]:
    """Maximise weighted meetings (plus the fairness bonus) from the warm start; return the
    better of the two and the solver's bound on the weight."""
    problem = model.problem
    scale = model.scale
    objective = model.weight_expr
    bonus = round(options.fairness_bonus * scale)
    if bonus > 0:
        objective = objective + bonus * sum(model.coverage())
    model.model.maximize(objective)
    model.hint(warm)
    reserve = options.soft_share * options.time_limit if options.soft else 0.0
    seconds = deadline - time.monotonic() - reserve
    status, solver = model.run(seconds, options, gap=options.relative_gap)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return warm, None
    found = model.read(solver)
    bonus_w = options.fairness_bonus
    best = found if _value(problem, found, bonus_w) >= _value(problem, warm, bonus_w) else warm
    # The bound is on weight plus bonuses, so on the weight too. Rounded weights: each
    # meeting may weigh up to half a unit more than counted.
    slack = 0.0 if scale == 1 else 0.5 / scale * problem.n_requests
    bound = solver.best_objective_bound / scale + slack
    if scale == 1:
        bound = math.floor(bound + 1e-9)
    return best, bound


def _soft_key(problem: Problem, assignment: Mapping[int, int]) -> tuple[int, int, int]:
    gaps, without = idle_gaps(problem, assignment)
    stayed = sum(1 for r, (s, _t) in problem.fixed.items() if assignment.get(r) == s)
    return (-without, stayed, -gaps)


def _stage_two(
    model: _Model, current: dict[int, int], seconds: float, options: SolveOptions
) -> dict[int, int]:
    """Keep the weight; then more parties with a meeting, published meetings in place, and
    fewer idle gaps, in that order."""
    problem = model.problem
    m = model.model
    m.add(model.weight_expr >= model.int_weight(current))
    starts = model.block_starts()
    cov = model.coverage()
    stay = [
        model.x[(r, s)]
        for r, (s, _t) in problem.fixed.items()
        if problem.allow_moves and (r, s) in model.x
    ]
    c_stay = len(starts) + 1
    c_cov = c_stay * (len(stay) + 1)
    m.maximize(c_cov * sum(cov) + c_stay * sum(stay) - sum(starts))
    model.hint(current)
    status, solver = model.run(seconds, options, gap=0.0)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = model.read(solver)
        if greedy.weight_of(problem, found) >= greedy.weight_of(problem, current) - 1e-9 and (
            _soft_key(problem, found) >= _soft_key(problem, current)
        ):
            return found
    return current
