"""The instance compiled to integer indexes: parties, candidate slots, interpreter pools.

Everything the greedy, the CP-SAT model, the bounds and the explanations share is computed once
here. Slots, parties, requests and language pairs are numbered from 0 in input order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sanxin.engines.scheduling.instance import Id, Instance, InstanceError

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Problem:
    instance: Instance
    n_slots: int
    tables: tuple[int, ...]
    party_ids: tuple[Id, ...]
    party_members: tuple[tuple[int, ...], ...]
    party_avail: tuple[frozenset[int], ...]
    party_cap: tuple[int, ...]
    """Most meetings a party can have: its members' smallest cap, at most its available slots."""
    req_parties: tuple[tuple[int, int], ...]
    req_weight: tuple[float, ...]
    req_common: tuple[tuple[int, ...], ...]
    """Slots where both parties are available (before tables and interpreters)."""
    req_pair: tuple[int | None, ...]
    """Index into ``pairs`` of the interpreter pair a request needs, or None."""
    req_needs_missing_pair: tuple[Pair | None, ...]
    """A request needing an interpreter for which no interpreter exists at all."""
    req_slots: tuple[tuple[int, ...], ...]
    """Candidate slots: common, with tables, with an interpreter if one is needed (and only the
    published slot for a fixed meeting when moves are not allowed)."""
    party_reqs: tuple[tuple[int, ...], ...]
    pairs: tuple[Pair, ...]
    pair_interpreters: tuple[tuple[tuple[int, ...], ...], ...]
    """``pair_interpreters[k][s]``: interpreters of pair k available in slot s."""
    fixed: dict[int, tuple[int, int | None]]
    """Published meetings: request index -> (slot index, table or None)."""
    allow_moves: bool

    @property
    def n_requests(self) -> int:
        return len(self.req_parties)

    @property
    def n_parties(self) -> int:
        return len(self.party_ids)

    def pair_cap(self, k: int, s: int) -> int:
        return len(self.pair_interpreters[k][s])


def _interpreter_pair(
    inst: Instance, pa: set[str], pb: set[str], common: list[int], pool: dict[Pair, list[int]]
) -> Pair | None:
    """The language pair to interpret between two parties sharing no language: the pair with
    the most interpreter-slots in their common slots, then one with interpreters at all, then
    the alphabetically first."""
    best: tuple[int, bool, Pair] | None = None
    for la in sorted(pa):
        for lb in sorted(pb):
            pair = (la, lb) if la < lb else (lb, la)
            avail = pool.get(pair, [])
            score = sum(1 for s in common for t in avail if _interp_free(inst, t, s))
            if best is None or (score, bool(avail)) > best[:2]:
                best = (score, bool(avail), pair)
    return None if best is None else best[2]


def _interp_free(inst: Instance, t: int, s: int) -> bool:
    available = inst.interpreters[t].available
    return available is None or inst.slots[s] in available


def compile_problem(inst: Instance) -> Problem:  # noqa: PLR0912, PLR0915 - one linear pass
    """Compile and check the parts of the instance that need parties (delegations, fixed)."""
    n_slots = len(inst.slots)
    slot_index = {s: i for i, s in enumerate(inst.slots)}
    all_slots = frozenset(range(n_slots))

    party_index: dict[Id, int] = {}
    members: list[list[int]] = []
    for i, p in enumerate(inst.participants):
        k = party_index.setdefault(p.party_id, len(members))
        if k == len(members):
            members.append([])
        members[k].append(i)
    party_ids = tuple(party_index)
    avail: list[frozenset[int]] = []
    caps: list[int] = []
    langs: list[set[str]] = []
    for group in members:
        a = all_slots
        cap = n_slots
        spoken: set[str] = set()
        for i in group:
            p = inst.participants[i]
            if p.available is not None:
                a = a & frozenset(slot_index[s] for s in p.available)
            if p.max_meetings is not None:
                cap = min(cap, p.max_meetings)
            spoken |= set(p.languages)
        avail.append(a)
        caps.append(min(cap, len(a)))
        langs.append(spoken)
    party_of = [party_index[p.party_id] for p in inst.participants]

    pool: dict[Pair, list[int]] = defaultdict(list)
    for t, interp in enumerate(inst.interpreters):
        a, b = sorted(interp.languages)
        pool[(a, b)].append(t)

    req_parties: list[tuple[int, int]] = []
    seen: dict[frozenset[int], int] = {}
    common_l: list[tuple[int, ...]] = []
    needs: list[Pair | None] = []
    for r, req in enumerate(inst.requests):
        pa, pb = party_of[inst.participant_index[req.a]], party_of[inst.participant_index[req.b]]
        key = frozenset((pa, pb))
        if key in seen:
            raise InstanceError(
                f"requests[{r}]: parties {party_ids[pa]!r} and {party_ids[pb]!r} already have"
                f" a request (requests[{seen[key]}]); merge them into one"
            )
        seen[key] = r
        req_parties.append((pa, pb))
        common = sorted(avail[pa] & avail[pb])
        common_l.append(tuple(common))
        if req.interpreter is not None:
            x, y = sorted(req.interpreter)
            needs.append((x, y))
        elif langs[pa] and langs[pb] and not (langs[pa] & langs[pb]):
            needs.append(_interpreter_pair(inst, langs[pa], langs[pb], common, pool))
        else:
            needs.append(None)

    pairs = tuple(sorted({p for p in needs if p is not None and p in pool}))
    pair_idx = {p: k for k, p in enumerate(pairs)}
    pair_interpreters = tuple(
        tuple(tuple(t for t in pool[pair] if _interp_free(inst, t, s)) for s in range(n_slots))
        for pair in pairs
    )
    req_pair = tuple(None if p is None else pair_idx.get(p) for p in needs)
    missing = tuple(p if p is not None and p not in pair_idx else None for p in needs)

    fixed: dict[int, tuple[int, int | None]] = {}
    for i, f in enumerate(inst.fixed):
        pa = party_of[inst.participant_index[f.a]]
        pb = party_of[inst.participant_index[f.b]]
        r = seen.get(frozenset((pa, pb)))
        if r is None:
            raise InstanceError(f"fixed[{i}]: no request between {f.a!r} and {f.b!r}")
        if r in fixed:
            raise InstanceError(f"fixed[{i}]: the meeting {f.a!r}-{f.b!r} is fixed twice")
        fixed[r] = (slot_index[f.slot], f.table)

    req_slots: list[tuple[int, ...]] = []
    for r, common in enumerate(common_l):
        k = req_pair[r]
        if missing[r] is not None:
            cand: tuple[int, ...] = ()
        else:
            cand = tuple(
                s for s in common if inst.tables[s] > 0 and (k is None or pair_interpreters[k][s])
            )
        if r in fixed and not inst.allow_moves:
            cand = tuple(s for s in cand if s == fixed[r][0])
        req_slots.append(cand)

    party_reqs: list[list[int]] = [[] for _ in party_ids]
    for r, (pa, pb) in enumerate(req_parties):
        party_reqs[pa].append(r)
        party_reqs[pb].append(r)

    problem = Problem(
        instance=inst,
        n_slots=n_slots,
        tables=inst.tables,
        party_ids=party_ids,
        party_members=tuple(tuple(g) for g in members),
        party_avail=tuple(avail),
        party_cap=tuple(caps),
        req_parties=tuple(req_parties),
        req_weight=tuple(float(r.weight) for r in inst.requests),
        req_common=tuple(common_l),
        req_pair=req_pair,
        req_needs_missing_pair=missing,
        req_slots=tuple(req_slots),
        party_reqs=tuple(tuple(x) for x in party_reqs),
        pairs=pairs,
        pair_interpreters=pair_interpreters,
        fixed=fixed,
        allow_moves=inst.allow_moves,
    )
    _check_fixed(problem)
    return problem


def _check_fixed(problem: Problem) -> None:
    """Published meetings must themselves be a feasible partial schedule."""
    inst = problem.instance
    busy: set[tuple[int, int]] = set()
    count = [0] * problem.n_parties
    per_slot = [0] * problem.n_slots
    tables_used: set[tuple[int, int]] = set()
    interp = defaultdict(int)
    for r, (s, table) in sorted(problem.fixed.items()):
        req = inst.requests[r]
        name = f"fixed meeting {req.a!r}-{req.b!r} in slot {inst.slots[s]!r}"
        if s not in problem.req_common[r]:
            raise InstanceError(f"{name}: not every participant is available in that slot")
        k = problem.req_pair[r]
        if problem.req_needs_missing_pair[r] is not None:
            raise InstanceError(f"{name}: no interpreter exists for its language pair")
        for p in problem.req_parties[r]:
            if (p, s) in busy:
                raise InstanceError(f"{name}: party {problem.party_ids[p]!r} is already busy")
            busy.add((p, s))
            count[p] += 1
            if count[p] > problem.party_cap[p]:
                raise InstanceError(
                    f"{name}: party {problem.party_ids[p]!r} exceeds its maximum meetings"
                )
        per_slot[s] += 1
        if per_slot[s] > problem.tables[s]:
            raise InstanceError(f"{name}: more fixed meetings than tables in the slot")
        if table is not None:
            if table > problem.tables[s]:
                raise InstanceError(f"{name}: table {table} does not exist in the slot")
            if (s, table) in tables_used:
                raise InstanceError(f"{name}: table {table} is already taken")
            tables_used.add((s, table))
        if k is not None:
            interp[(k, s)] += 1
            if interp[(k, s)] > problem.pair_cap(k, s):
                raise InstanceError(f"{name}: no interpreter left for {problem.pairs[k]}")
