"""Greedy schedules: the first-come baseline, a weight-ordered warm start, and a repair pass.

An *assignment* maps a request index to a slot index; tables and interpreters are counted per
slot and given out afterwards (:mod:`sanxin.engines.scheduling.result`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sanxin.engines.scheduling.problem import Problem

Assignment = dict[int, int]


class Occupancy:
    """Who is busy when, how many tables and interpreters are used: the hard constraints,
    checked incrementally."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.busy: list[set[int]] = [set() for _ in range(problem.n_parties)]
        self.count = [0] * problem.n_parties
        self.tables_used = [0] * problem.n_slots
        self.interp_used: dict[tuple[int, int], int] = {}

    def party_free(self, p: int, s: int) -> bool:
        return s not in self.busy[p]

    def table_free(self, s: int) -> bool:
        return self.tables_used[s] < self.problem.tables[s]

    def interpreter_free(self, r: int, s: int) -> bool:
        k = self.problem.req_pair[r]
        return k is None or self.interp_used.get((k, s), 0) < self.problem.pair_cap(k, s)

    def quota_left(self, p: int) -> bool:
        return self.count[p] < self.problem.party_cap[p]

    def can_place(self, r: int, s: int) -> bool:
        pa, pb = self.problem.req_parties[r]
        return (
            self.party_free(pa, s)
            and self.party_free(pb, s)
            and self.quota_left(pa)
            and self.quota_left(pb)
            and self.table_free(s)
            and self.interpreter_free(r, s)
        )

    def place(self, r: int, s: int) -> None:
        for p in self.problem.req_parties[r]:
            self.busy[p].add(s)
            self.count[p] += 1
        self.tables_used[s] += 1
        k = self.problem.req_pair[r]
        if k is not None:
            self.interp_used[(k, s)] = self.interp_used.get((k, s), 0) + 1

    @classmethod
    def of(cls, problem: Problem, assignment: Mapping[int, int]) -> Occupancy:
        occ = cls(problem)
        for r, s in assignment.items():
            occ.place(r, s)
        return occ


def fill(
    problem: Problem, occ: Occupancy, assignment: Assignment, order: Iterable[int], *, best: bool
) -> None:
    for r in order:
        if r in assignment:
            continue
        pa, pb = problem.req_parties[r]
        if not (occ.quota_left(pa) and occ.quota_left(pb)):
            continue
        chosen = None
        best_score = -1
        for s in problem.req_slots[r]:
            if not occ.can_place(r, s):
                continue
            if not best:
                chosen = s
                break
            # Prefer a slot next to a meeting the parties already have: fewer idle gaps.
            score = sum(
                (s - 1 in occ.busy[p]) + (s + 1 in occ.busy[p]) for p in problem.req_parties[r]
            )
            if score > best_score:
                chosen, best_score = s, score
        if chosen is not None:
            assignment[r] = chosen
            occ.place(r, chosen)


def _start(problem: Problem) -> tuple[Assignment, Occupancy]:
    """Published meetings first, in their published slots."""
    assignment = {r: s for r, (s, _table) in problem.fixed.items()}
    return assignment, Occupancy.of(problem, assignment)


def first_come(problem: Problem) -> Assignment:
    """The baseline that booking tools use: requests in the order they were accepted, each in
    the earliest slot where it fits."""
    assignment, occ = _start(problem)
    fill(problem, occ, assignment, range(problem.n_requests), best=False)
    return assignment


def by_weight(problem: Problem) -> Assignment:
    """Heaviest requests first (ties: fewest candidate slots), each in a slot next to the
    parties' other meetings where possible."""
    assignment, occ = _start(problem)
    order = sorted(
        range(problem.n_requests),
        key=lambda r: (-problem.req_weight[r], len(problem.req_slots[r]), r),
    )
    fill(problem, occ, assignment, order, best=True)
    return assignment


def complete(problem: Problem, assignment: Mapping[int, int]) -> Assignment:
    """Add every unplaced request that still fits (heaviest first) to a feasible assignment."""
    result = dict(assignment)
    occ = Occupancy.of(problem, result)
    order = sorted(range(problem.n_requests), key=lambda r: (-problem.req_weight[r], r))
    fill(problem, occ, result, order, best=True)
    return result


def weight_of(problem: Problem, assignment: Mapping[int, int]) -> float:
    return sum(problem.req_weight[r] for r in assignment)
