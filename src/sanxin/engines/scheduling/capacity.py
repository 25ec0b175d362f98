"""Capacity planning: warn, before booking opens or before solving, when demand cannot fit.

Each check is a necessary condition for placing every accepted request; a warning means some
requests will stay unplaced whatever the scheduler does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sanxin.engines.scheduling.instance import Id, Instance
from sanxin.engines.scheduling.problem import Problem, compile_problem


@dataclass(frozen=True, slots=True)
class CapacityWarning:
    code: str
    """``demand_exceeds_tables``, ``participant_overbooked``, ``no_common_slot`` or
    ``interpreters_short``."""
    subject: Id | None
    message: str


@dataclass(frozen=True, slots=True)
class CapacityReport:
    demand: int
    """Accepted requests."""
    table_capacity: int
    """Sum over slots of the tables in the slot: slots x tables."""
    warnings: tuple[CapacityWarning, ...]

    @property
    def ok(self) -> bool:
        return not self.warnings


def plan_capacity(instance: Instance | Problem) -> CapacityReport:
    problem = instance if isinstance(instance, Problem) else compile_problem(instance)
    inst = problem.instance
    warnings: list[CapacityWarning] = []
    demand = problem.n_requests
    capacity = sum(problem.tables)
    if demand > capacity:
        warnings.append(
            CapacityWarning(
                "demand_exceeds_tables",
                None,
                f"{demand} accepted requests but only {capacity} meeting places"
                f" ({len(problem.tables)} slots x tables); add tables or slots",
            )
        )
    for p, reqs in enumerate(problem.party_reqs):
        limit = problem.party_cap[p]
        if len(reqs) > limit:
            members = [inst.participants[i] for i in problem.party_members[p]]
            caps = [m.max_meetings for m in members if m.max_meetings is not None]
            available = len(problem.party_avail[p])
            why = f"{available} available slots"
            if caps and min(caps) < available:
                why = f"a maximum of {min(caps)} meetings"
            warnings.append(
                CapacityWarning(
                    "participant_overbooked",
                    problem.party_ids[p],
                    f"{problem.party_ids[p]!r} has {len(reqs)} accepted requests but {why}",
                )
            )
    no_common = [r for r in range(demand) if not problem.req_common[r]]
    if no_common:
        req = inst.requests[no_common[0]]
        warnings.append(
            CapacityWarning(
                "no_common_slot",
                None,
                f"{len(no_common)} requests have no slot where both sides are available"
                f" (e.g. {req.a!r}-{req.b!r})",
            )
        )
    need = Counter(problem.req_pair[r] for r in range(demand) if problem.req_pair[r] is not None)
    missing = Counter(p for p in problem.req_needs_missing_pair if p is not None)
    for k, n in sorted(need.items()):
        supply = sum(problem.pair_cap(k, s) for s in range(problem.n_slots))
        if n > supply:
            pair = "-".join(problem.pairs[k])
            warnings.append(
                CapacityWarning(
                    "interpreters_short",
                    pair,
                    f"{n} meetings need a {pair} interpreter but there are {supply}"
                    " interpreter-slots",
                )
            )
    for pair, n in sorted(missing.items()):
        name = "-".join(pair)
        warnings.append(
            CapacityWarning(
                "interpreters_short", name, f"{n} meetings need a {name} interpreter; none exists"
            )
        )
    return CapacityReport(demand=demand, table_capacity=capacity, warnings=tuple(warnings))
