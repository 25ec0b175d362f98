"""The scheduler's output: meetings at tables with interpreters, unplaced requests, figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sanxin.engines.scheduling.explain import Unplaced, explain_unplaced
from sanxin.engines.scheduling.greedy import weight_of
from sanxin.engines.scheduling.instance import Id
from sanxin.engines.scheduling.problem import Problem


@dataclass(frozen=True, slots=True)
class Meeting:
    request: int
    a: Id
    b: Id
    slot: Id
    table: int
    interpreter: Id | None
    attendees: tuple[Id, ...]
    """Every participant at the table: both parties, delegations in full."""


@dataclass(frozen=True, slots=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    unplaced: tuple[Unplaced, ...]
    objective: float
    """Total weight of the meetings placed (published ones included)."""
    upper_bound: float
    """No schedule can weigh more: the smaller of the solver's and the combinatorial bound."""
    solver_bound: float | None
    combinatorial_bound: float
    greedy_objective: float
    """Weight of the first-come greedy schedule, the baseline."""
    greedy_meetings: int
    status: str
    """``optimal`` (equal to the upper bound), ``near_optimal`` (within the relative gap
    asked for, 0.1 % by default) or ``feasible``."""
    seconds: float
    idle_gaps: int
    """Runs of idle available slots between a party's first and last meeting, summed."""
    parties_without_meeting: int
    """Parties with a placeable request but no meeting."""
    moved: int
    """Published meetings moved to another slot (only when moves are allowed)."""

    @property
    def gap(self) -> float:
        """Relative distance to the upper bound: 0 means proved optimal."""
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, (self.upper_bound - self.objective) / self.upper_bound)

    def to_dict(self) -> dict[str, Any]:
        return {
            "meetings": [
                {"a": m.a, "b": m.b, "slot": m.slot, "table": m.table}
                | ({} if m.interpreter is None else {"interpreter": m.interpreter})
                for m in self.meetings
            ],
            "unplaced": [
                {"a": u.a, "b": u.b, "reason": u.reason, "detail": u.detail} for u in self.unplaced
            ],
            "objective": _num(self.objective),
            "upper_bound": _num(self.upper_bound),
            "gap": round(self.gap, 6),
            "status": self.status,
            "greedy_objective": _num(self.greedy_objective),
            "greedy_meetings": self.greedy_meetings,
            "idle_gaps": self.idle_gaps,
            "parties_without_meeting": self.parties_without_meeting,
            "moved": self.moved,
            "seconds": round(self.seconds, 3),
        }


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 6)


def idle_gaps(problem: Problem, assignment: Mapping[int, int]) -> tuple[int, int]:
    """(idle gaps, parties without a meeting among those with a placeable request)."""
    busy: list[set[int]] = [set() for _ in range(problem.n_parties)]
    for r, s in assignment.items():
        for p in problem.req_parties[r]:
            busy[p].add(s)
    gaps = 0
    without = 0
    for p in range(problem.n_parties):
        if not busy[p]:
            if any(problem.req_slots[r] for r in problem.party_reqs[p]):
                without += 1
            continue
        blocks = 0
        previous = False
        for s in sorted(problem.party_avail[p]):
            now = s in busy[p]
            blocks += now and not previous
            previous = now
        gaps += blocks - 1
    return gaps, without


def _tables(problem: Problem, assignment: Mapping[int, int]) -> dict[int, int]:
    """Published meetings keep their table when they stay in their slot; others take the
    lowest free table numbers in request order."""
    taken: dict[int, set[int]] = {}
    table_of: dict[int, int] = {}
    for r, s in sorted(assignment.items()):
        fixed = problem.fixed.get(r)
        if fixed is not None and fixed[0] == s and fixed[1] is not None:
            table_of[r] = fixed[1]
            taken.setdefault(s, set()).add(fixed[1])
    next_free: dict[int, int] = {}
    for r, s in sorted(assignment.items()):
        if r in table_of:
            continue
        t = next_free.get(s, 1)
        used = taken.setdefault(s, set())
        while t in used:
            t += 1
        used.add(t)
        table_of[r] = t
        next_free[s] = t + 1
    return table_of


def build_schedule(
    problem: Problem,
    assignment: Mapping[int, int],
    *,
    solver_bound: float | None,
    combinatorial_bound: float,
    greedy_objective: float,
    greedy_meetings: int,
    relative_gap: float,
    seconds: float,
) -> Schedule:
    inst = problem.instance
    table_of = _tables(problem, assignment)
    interp_next: dict[tuple[int, int], int] = {}
    meetings = []
    for r, s in sorted(assignment.items(), key=lambda item: (item[1], item[0])):
        req = inst.requests[r]
        k = problem.req_pair[r]
        interpreter = None
        if k is not None:
            i = interp_next.get((k, s), 0)
            interp_next[(k, s)] = i + 1
            interpreter = inst.interpreters[problem.pair_interpreters[k][s][i]].id
        attendees = tuple(
            inst.participants[i].id
            for p in problem.req_parties[r]
            for i in problem.party_members[p]
        )
        meetings.append(
            Meeting(r, req.a, req.b, inst.slots[s], table_of[r], interpreter, attendees)
        )
    objective = weight_of(problem, assignment)
    bound = combinatorial_bound if solver_bound is None else min(solver_bound, combinatorial_bound)
    bound = max(bound, objective)
    gap = (bound - objective) / bound if bound > 0 else 0.0
    status = "optimal" if gap <= 1e-9 else "near_optimal" if gap <= relative_gap else "feasible"
    gaps, without = idle_gaps(problem, assignment)
    moved = sum(1 for r, (s, _t) in problem.fixed.items() if assignment.get(r) != s)
    return Schedule(
        meetings=tuple(meetings),
        unplaced=tuple(explain_unplaced(problem, assignment)),
        objective=objective,
        upper_bound=bound,
        solver_bound=solver_bound,
        combinatorial_bound=combinatorial_bound,
        greedy_objective=greedy_objective,
        greedy_meetings=greedy_meetings,
        status=status,
        seconds=seconds,
        idle_gaps=gaps,
        parties_without_meeting=without,
        moved=moved,
    )
