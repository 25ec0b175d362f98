"""Why a request was not placed: the constraint that stopped it.

Reasons are checked in this order and the first that applies is given:

=====================  ===============================================================
``no_common_slot``     the two parties share no available slot (for a delegation: no
                       slot where every member is available)
``no_interpreter``     they need an interpreter and none exists for the language pair,
                       or none is available in any common slot
``no_tables``          every common slot has zero tables
``max_meetings``       a participant already has their maximum number of meetings
``tables_full``        in some common slot both parties are free but all tables are taken
``interpreters_busy``  in some common slot both parties are free and a table is left, but
                       every interpreter for the pair is taken
``participant_busy``   in every common slot one of the parties meets someone else
``not_placed``         it would still fit (only when the solver ran out of time)
=====================  ===============================================================

In a solved schedule the meetings that took the room are worth at least as much: an optimal
schedule never leaves a meeting out that fits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sanxin.engines.scheduling.greedy import Occupancy
from sanxin.engines.scheduling.instance import Id
from sanxin.engines.scheduling.problem import Problem

REASONS = (
    "no_common_slot",
    "no_interpreter",
    "no_tables",
    "max_meetings",
    "tables_full",
    "interpreters_busy",
    "participant_busy",
    "not_placed",
)


@dataclass(frozen=True, slots=True)
class Unplaced:
    request: int
    a: Id
    b: Id
    reason: str
    detail: str


def _capped_member(problem: Problem, p: int) -> Id | None:
    """The member whose ``max_meetings`` caps the party, if the cap is not just the party's
    number of available slots."""
    inst = problem.instance
    best = None
    for i in problem.party_members[p]:
        m = inst.participants[i].max_meetings
        if m is not None and m <= problem.party_cap[p] and (best is None or m < best[0]):
            best = (m, inst.participants[i].id)
    return None if best is None else best[1]


def _slot_names(problem: Problem, slots: list[int]) -> str:
    names = [repr(problem.instance.slots[s]) for s in slots[:5]]
    more = f" and {len(slots) - 5} more" if len(slots) > 5 else ""
    return ", ".join(names) + more


def explain_request(problem: Problem, occ: Occupancy, r: int) -> tuple[str, str]:  # noqa: PLR0911, PLR0912
    """The reason code and a sentence for one unplaced request, given the others' occupancy."""
    inst = problem.instance
    req = inst.requests[r]
    pa, pb = problem.req_parties[r]
    names = {pa: problem.party_ids[pa], pb: problem.party_ids[pb]}
    common = list(problem.req_common[r])
    if not common:
        delegations = [names[p] for p in (pa, pb) if len(problem.party_members[p]) > 1]
        note = f" (delegation {delegations[0]!r}: all members together)" if delegations else ""
        return "no_common_slot", f"{req.a!r} and {req.b!r} share no available slot{note}"
    missing = problem.req_needs_missing_pair[r]
    if missing is not None:
        return "no_interpreter", f"no interpreter exists for {missing[0]}-{missing[1]}"
    with_tables = [s for s in common if problem.tables[s] > 0]
    if not with_tables:
        return "no_tables", f"the common slots ({_slot_names(problem, common)}) have no tables"
    k = problem.req_pair[r]
    if k is not None and not any(problem.pair_cap(k, s) for s in with_tables):
        pair = problem.pairs[k]
        return "no_interpreter", f"no {pair[0]}-{pair[1]} interpreter in the common slots"
    for p in (pa, pb):
        if not occ.quota_left(p):
            member = _capped_member(problem, p)
            if member is not None:
                cap = problem.party_cap[p]
                return "max_meetings", f"{member!r} already has the maximum of {cap} meetings"
    busy, full, no_interp, free = [], [], [], []
    for s in problem.req_slots[r]:
        if not (occ.party_free(pa, s) and occ.party_free(pb, s)):
            busy.append(s)
        elif not occ.table_free(s):
            full.append(s)
        elif not occ.interpreter_free(r, s):
            no_interp.append(s)
        else:
            free.append(s)
    if free:
        return "not_placed", f"it fits in {_slot_names(problem, free)}; the solver ran out of time"
    if full:
        return (
            "tables_full",
            f"both are free but all tables are taken in {_slot_names(problem, full)}",
        )
    if no_interp:
        pair = problem.pairs[k] if k is not None else ("?", "?")
        return (
            "interpreters_busy",
            f"both are free but every {pair[0]}-{pair[1]} interpreter is taken in"
            f" {_slot_names(problem, no_interp)}",
        )
    return (
        "participant_busy",
        f"in each of the {len(busy)} possible slots {req.a!r} or {req.b!r} already meets someone",
    )


def explain_unplaced(problem: Problem, assignment: Mapping[int, int]) -> list[Unplaced]:
    """A reason for every request of ``problem`` missing from ``assignment``."""
    occ = Occupancy.of(problem, assignment)
    inst = problem.instance
    out = []
    for r in range(problem.n_requests):
        if r not in assignment:
            reason, detail = explain_request(problem, occ, r)
            out.append(Unplaced(r, inst.requests[r].a, inst.requests[r].b, reason, detail))
    return out
