"""Seeded synthetic symposiums for tests and the benchmark.

``generate_instance(participants=300, slots=16, seed=1)`` builds, deterministically from the
seed (Python's ``random.Random``, whose stream is stable across versions):

* **Organizations.** People are grouped into organizations; a share (``delegation_share``) sends
  a delegation of 2-3 people that meets as one party (party id = organization id).
* **Roles.** Each organization is an alliance *member* (meets other members) or, with
  probability ``buyer_supplier_share``, a *buyer* or a *supplier* (buyers meet suppliers).
* **Attraction.** Each organization has a popularity (log-normal: a few are in great demand,
  so their ``max_meetings`` binds) and a profile vector; the match score of two organizations
  is the cosine of their profiles mapped to [0, 1].
* **Requests.** ``participants x requests_per_participant / 2`` accepted requests, so each
  person is in ``requests_per_participant`` on average. The requester is uniform among parties
  of the right role, the target is drawn by popularity and kept with probability equal to the
  match score. The weight is ``10 x priority + round(9 x match)``, priority 3 (must meet,
  20 %), 2 (want, 50 %) or 1 (maybe, 30 %).
* **Availability holes.** A share (``hole_share``) of people miss a contiguous block of 1 to a
  quarter of the slots (arriving late, leaving early, another session); everyone misses each
  other slot with probability 5 %. A delegation is free only when all its members are.
* **Caps and tables.** ``max_meetings`` is uniform in ``max_meetings`` (a range), at most the
  number of slots. Tables per slot are ``tables_ratio x participants`` except the middle slot
  of each day (a lunch slot) which has 60 % of that.
* **Languages and interpreters.** An organization speaks zh (60 %), vi (25 %) or en (15 %),
  and also en with probability 35 %. Parties with no common language need an interpreter;
  there are ``participants / 40`` zh-vi interpreters (at least 2), ``participants / 60``
  zh-en and ``participants / 200`` vi-en (at least 1 each), each missing a random block of
  slots with probability 30 %.

Slots are named ``d1-09:00``, ``d1-09:30``, ... eight per day.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from sanxin.engines.scheduling.instance import Instance, Interpreter, Participant, Request

_PRIORITIES = ((3, 0.2), (2, 0.5), (1, 0.3))
_SLOTS_PER_DAY = 8


@dataclass(frozen=True, slots=True)
class _Org:
    id: str
    role: str
    popularity: float
    profile: tuple[float, ...]
    languages: tuple[str, ...]


def _slot_ids(n: int) -> tuple[str, ...]:
    out = []
    for i in range(n):
        day, k = divmod(i, _SLOTS_PER_DAY)
        minutes = 9 * 60 + 30 * k
        out.append(f"d{day + 1}-{minutes // 60:02d}:{minutes % 60:02d}")
    return tuple(out)


def _hole(rng: random.Random, n: int) -> set[int]:
    length = rng.randint(1, max(1, n // 4))
    start = rng.randrange(0, n - length + 1)
    return set(range(start, start + length))


def _match(a: _Org, b: _Org) -> float:
    dot = sum(x * y for x, y in zip(a.profile, b.profile, strict=True))
    na = math.sqrt(sum(x * x for x in a.profile))
    nb = math.sqrt(sum(x * x for x in b.profile))
    return (1 + dot / (na * nb)) / 2


def _orgs(rng: random.Random, people: int, delegation_share: float, bs_share: float) -> tuple:
    orgs: list[_Org] = []
    sizes: list[int] = []
    left = people
    while left > 0:
        size = rng.choice((2, 2, 3)) if rng.random() < delegation_share else 1
        size = min(size, left)
        left -= size
        role = "member"
        if rng.random() < bs_share:
            role = rng.choice(("buyer", "supplier"))
        primary = rng.choices(("zh", "vi", "en"), weights=(60, 25, 15))[0]
        languages = (primary, "en") if primary != "en" and rng.random() < 0.35 else (primary,)
        orgs.append(
            _Org(
                id=f"o{len(orgs) + 1:04d}",
                role=role,
                popularity=rng.lognormvariate(0, 0.8),
                profile=tuple(rng.gauss(0, 1) for _ in range(4)),
                languages=languages,
            )
        )
        sizes.append(size)
    return orgs, sizes


def generate_instance(  # noqa: PLR0912 - the recipe reads top to bottom
    *,
    participants: int = 300,
    slots: int = 16,
    seed: int = 1,
    requests_per_participant: float = 8.0,
    tables_ratio: float = 0.3,
    buyer_supplier_share: float = 0.5,
    delegation_share: float = 0.05,
    hole_share: float = 0.3,
    max_meetings: tuple[int, int] = (6, 10),
    interpreters: bool = True,
) -> Instance:
    """A synthetic symposium; the same arguments always give the same instance."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    slot_ids = _slot_ids(slots)
    orgs, sizes = _orgs(rng, participants, delegation_share, buyer_supplier_share)

    people: list[Participant] = []
    first_person: list[str] = []
    for org, size in zip(orgs, sizes, strict=True):
        for j in range(size):
            pid = f"p{len(people) + 1:04d}"
            if j == 0:
                first_person.append(pid)
            missing: set[int] = _hole(rng, slots) if rng.random() < hole_share else set()
            missing |= {s for s in range(slots) if rng.random() < 0.05}
            people.append(
                Participant(
                    id=pid,
                    available=frozenset(slot_ids[s] for s in range(slots) if s not in missing),
                    max_meetings=min(slots, rng.randint(*max_meetings)),
                    party=org.id if size > 1 else None,
                    languages=org.languages,
                )
            )

    by_role: dict[str, list[int]] = {"member": [], "buyer": [], "supplier": []}
    for i, org in enumerate(orgs):
        by_role[org.role].append(i)
    cum: dict[str, list[float]] = {}
    for role, idx in by_role.items():
        total = 0.0
        cum[role] = []
        for i in idx:
            total += orgs[i].popularity
            cum[role].append(total)
    target_count = round(participants * requests_per_participant / 2)
    seen: set[frozenset[int]] = set()
    requests: list[Request] = []
    attempts = 0
    while len(requests) < target_count and attempts < target_count * 50:
        attempts += 1
        if rng.random() < buyer_supplier_share and by_role["buyer"] and by_role["supplier"]:
            src_role, dst_role = rng.choice((("buyer", "supplier"), ("supplier", "buyer")))
        else:
            src_role = dst_role = "member"
        if len(by_role[src_role]) < 1 or len(by_role[dst_role]) < 2:
            continue
        a = rng.choice(by_role[src_role])
        b = rng.choices(by_role[dst_role], cum_weights=cum[dst_role])[0]
        key = frozenset((a, b))
        if a == b or key in seen:
            continue
        match = _match(orgs[a], orgs[b])
        if rng.random() > match:
            continue
        seen.add(key)
        priority = rng.choices([p for p, _ in _PRIORITIES], weights=[w for _, w in _PRIORITIES])
        weight = 10 * priority[0] + round(9 * match)
        requests.append(Request(a=first_person[a], b=first_person[b], weight=weight))

    base = max(1, math.ceil(tables_ratio * participants))
    tables = tuple(
        math.ceil(0.6 * base) if s % _SLOTS_PER_DAY == _SLOTS_PER_DAY // 2 else base
        for s in range(slots)
    )
    pool: list[Interpreter] = []
    if interpreters:
        counts = (
            (("vi", "zh"), max(2, participants // 40)),
            (("en", "zh"), max(1, participants // 60)),
            (("en", "vi"), max(1, participants // 200)),
        )
        for pair, count in counts:
            for _ in range(count):
                away = _hole(rng, slots) if rng.random() < 0.3 else set()
                pool.append(
                    Interpreter(
                        id=f"i{len(pool) + 1:03d}",
                        languages=pair,
                        available=frozenset(slot_ids[s] for s in range(slots) if s not in away),
                    )
                )
    return Instance(
        slots=slot_ids,
        tables=tables,
        participants=tuple(people),
        requests=tuple(requests),
        interpreters=tuple(pool),
    )
