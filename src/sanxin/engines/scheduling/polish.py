"""Fewer idle gaps by local search: move single meetings to slots that close gaps.

A move keeps the set of meetings (so the weight) and every hard constraint; it is taken when
it lowers the number of busy runs of the two parties involved. Published meetings do not
move. Cheap, so it runs before CP-SAT's stage 2, which starts from its result.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from sanxin.engines.scheduling.greedy import Assignment, Occupancy
from sanxin.engines.scheduling.problem import Problem


def _runs(slots: list[int], busy: set[int]) -> int:
    runs = 0
    previous = False
    for s in slots:
        now = s in busy
        runs += now and not previous
        previous = now
    return runs


def compact(problem: Problem, assignment: Mapping[int, int], *, deadline: float) -> Assignment:
    """Hill-climb on idle gaps; stops at a local optimum or at ``deadline`` (monotonic)."""
    result = dict(assignment)
    occ = Occupancy.of(problem, result)
    order = [sorted(a) for a in problem.party_avail]
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for r in sorted(result):
            if r in problem.fixed:
                continue
            s = result[r]
            pa, pb = problem.req_parties[r]
            before = _runs(order[pa], occ.busy[pa]) + _runs(order[pb], occ.busy[pb])
            if before <= 2:
                continue
            best, best_runs = None, before
            for s2 in problem.req_slots[r]:
                if s2 == s or not (occ.party_free(pa, s2) and occ.party_free(pb, s2)):
                    continue
                if not (occ.table_free(s2) and occ.interpreter_free(r, s2)):
                    continue
                busy_a = (occ.busy[pa] - {s}) | {s2}
                busy_b = (occ.busy[pb] - {s}) | {s2}
                after = _runs(order[pa], busy_a) + _runs(order[pb], busy_b)
                if after < best_runs:
                    best, best_runs = s2, after
            if best is not None:
                _move(problem, occ, r, s, best)
                result[r] = best
                improved = True
    return result


def _move(problem: Problem, occ: Occupancy, r: int, old: int, new: int) -> None:
    for p in problem.req_parties[r]:
        occ.busy[p].discard(old)
        occ.busy[p].add(new)
    occ.tables_used[old] -= 1
    occ.tables_used[new] += 1
    k = problem.req_pair[r]
    if k is not None:
        occ.interp_used[(k, old)] -= 1
        occ.interp_used[(k, new)] = occ.interp_used.get((k, new), 0) + 1
