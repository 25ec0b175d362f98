"""A combinatorial upper bound on the weight of any schedule, independent of the solver.

Three relaxations, each valid on its own; the bound is the smallest:

* **requests**: the total weight of requests that have at least one candidate slot;
* **parties**: every meeting involves two parties, so the total weight is half the sum, over
  parties, of the weights of that party's meetings; a party has at most ``k_p`` meetings
  (its cap, and at most the number of slots any of its requests could use), so its share is at
  most the sum of its ``k_p`` heaviest requests;
* **tables**: at most ``min(tables, available parties // 2)`` meetings per slot, so the total
  is at most the heaviest that-many requests.
"""

from __future__ import annotations

from sanxin.engines.scheduling.problem import Problem


def combinatorial_bound(problem: Problem) -> float:
    placeable = [r for r in range(problem.n_requests) if problem.req_slots[r]]
    weights = problem.req_weight
    by_requests = sum(weights[r] for r in placeable)

    party_share = 0.0
    for p, reqs in enumerate(problem.party_reqs):
        mine = [r for r in reqs if problem.req_slots[r]]
        usable = {s for r in mine for s in problem.req_slots[r]}
        k = min(problem.party_cap[p], len(usable), len(mine))
        party_share += sum(sorted((weights[r] for r in mine), reverse=True)[:k])
    by_parties = party_share / 2

    present = [0] * problem.n_slots
    for p in range(problem.n_parties):
        if problem.party_cap[p] > 0:
            for s in problem.party_avail[p]:
                present[s] += 1
    capacity = sum(min(problem.tables[s], present[s] // 2) for s in range(problem.n_slots))
    by_tables = sum(sorted((weights[r] for r in placeable), reverse=True)[:capacity])
    return min(by_requests, by_parties, by_tables)
