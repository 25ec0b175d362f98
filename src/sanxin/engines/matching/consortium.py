"""The consortium builder: one organization per required role, the best total fit, exactly.

:func:`solve_consortium` takes, for each role, candidates with their fit scores and solves with
OR-Tools CP-SAT:

- every required role gets exactly one organization, an optional role at most one;
- an organization takes at most ``max_roles`` roles (roles it already fills count);
- where the project requires a local partner, at least one member of the consortium comes
  from the host country (and a ``local_partner`` role only from there);
- the financiers' tickets together cover the project's debt;
- organizations that declined are never candidates;

maximising the sum of fit scores. It returns the best consortium and the next best ones (each
solve adds a no-good cut that forbids the assignments already found), or, when no consortium
exists, which role cannot be filled and why. :func:`build_consortium` takes the candidates from
a :class:`~sanxin.engines.matching.matcher.Matcher`: the ``candidates_per_role`` best
organizations of each role, so the result is optimal over those candidates.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from sanxin.engines.matching.items import role_key
from sanxin.engines.matching.reasons import Reason

SCALE = 10_000
"""Scores are solved as integers: score × SCALE."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An organization for a role: its fit ``score``, home ``country``, financing ``ticket``
    (millions, financiers) and the reasons behind the score."""

    org: str
    score: float
    country: str = ""
    ticket: float | None = None
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class RoleSlot:
    """One role of the project with its candidates; ``filled_by`` when already confirmed."""

    key: str
    role: str
    candidates: tuple[Candidate, ...] = ()
    required: bool = True
    filled_by: str | None = None
    filled_country: str = ""
    filled_ticket: float | None = None


@dataclass(frozen=True, slots=True)
class ConsortiumOptions:
    max_roles: int = 2
    alternatives: int = 3
    candidates_per_role: int = 15
    time_limit: float = 10.0
    workers: int = 2


@dataclass(frozen=True, slots=True)
class Assignment:
    key: str
    role: str
    org: str
    score: float
    confirmed: bool = False
    reasons: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.key,
            "organization": self.org,
            "score": round(self.score, 4),
            "confirmed": self.confirmed,
            "reasons": [r.to_dict() for r in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class Consortium:
    rank: int
    assignments: tuple[Assignment, ...]
    total: float
    financing: float
    local_members: tuple[str, ...]

    def org_for(self, key: str) -> str | None:
        return next((a.org for a in self.assignments if a.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "total": round(self.total, 4),
            "financing": self.financing,
            "local_members": list(self.local_members),
            "assignments": [a.to_dict() for a in self.assignments],
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """Why no consortium exists: ``code`` is ``no_candidates`` (``role`` has nobody),
    ``financing`` (the tickets cannot cover the debt), ``local_partner`` (nobody from the host
    country), ``max_roles`` (too few distinct organizations) or ``combination`` (each alone
    is possible, not all together)."""

    code: str
    message: str
    role: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "role": self.role, "message": self.message, **self.data}


@dataclass(frozen=True, slots=True)
class ConsortiumResult:
    status: str  # "optimal" | "feasible" (time limit) | "infeasible"
    consortia: tuple[Consortium, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def best(self) -> Consortium | None:
        return self.consortia[0] if self.consortia else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "consortia": [c.to_dict() for c in self.consortia],
            "problems": [p.to_dict() for p in self.problems],
        }


def _ticket_units(ticket: float | None) -> int:
    return 0 if ticket is None or ticket <= 0 else math.floor(ticket * 1000)


def _model(  # noqa: PLR0912 - one branch per constraint family
    slots: list[RoleSlot],
    *,
    max_roles: int,
    debt: float | None,
    host_country: str | None,
    relax: frozenset[str] = frozenset(),
) -> tuple[cp_model.CpModel, dict[tuple[int, int], Any]]:
    model = cp_model.CpModel()
    x: dict[tuple[int, int], Any] = {}
    for s, slot in enumerate(slots):
        if slot.filled_by is not None:
            continue
        for c in range(len(slot.candidates)):
            x[s, c] = model.new_bool_var(f"x_{s}_{c}")
        chosen = [x[s, c] for c in range(len(slot.candidates))]
        if slot.required:
            model.add(sum(chosen) == 1)
        else:
            model.add(sum(chosen) <= 1)
    if "max_roles" not in relax:
        per_org: dict[str, list[Any]] = defaultdict(list)
        fixed: dict[str, int] = defaultdict(int)
        for s, slot in enumerate(slots):
            if slot.filled_by is not None:
                fixed[slot.filled_by] += 1
                continue
            for c, cand in enumerate(slot.candidates):
                per_org[cand.org].append(x[s, c])
        for org, vars_ in per_org.items():
            model.add(sum(vars_) <= max(max_roles - fixed[org], 0))
    if debt and debt > 0 and "financing" not in relax:
        have = sum(
            _ticket_units(slot.filled_ticket)
            for slot in slots
            if slot.role == "financier" and slot.filled_by is not None
        )
        terms = [
            _ticket_units(cand.ticket) * x[s, c]
            for s, slot in enumerate(slots)
            if slot.role == "financier" and slot.filled_by is None
            for c, cand in enumerate(slot.candidates)
        ]
        model.add(sum(terms) + have >= _ticket_units(debt))
    if host_country and "local_partner" not in relax:
        already = any(
            slot.filled_by is not None and slot.filled_country == host_country for slot in slots
        )
        if not already:
            local = [
                x[s, c]
                for s, slot in enumerate(slots)
                if slot.filled_by is None
                for c, cand in enumerate(slot.candidates)
                if cand.country == host_country
            ]
            model.add(sum(local) >= 1)
        for s, slot in enumerate(slots):
            if slot.role == "local_partner" and slot.filled_by is None:
                for c, cand in enumerate(slot.candidates):
                    if cand.country != host_country:
                        model.add(x[s, c] == 0)
    model.maximize(
        sum(
            round(cand.score * SCALE) * x[s, c]
            for s, slot in enumerate(slots)
            if slot.filled_by is None
            for c, cand in enumerate(slot.candidates)
        )
    )
    return model, x


def _solver(options: ConsortiumOptions) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = options.time_limit
    solver.parameters.num_workers = options.workers
    solver.parameters.random_seed = 1
    return solver


def _feasible(slots: list[RoleSlot], options: ConsortiumOptions, **kwargs: Any) -> bool:
    model, _ = _model(slots, max_roles=options.max_roles, **kwargs)
    status = _solver(options).solve(model)
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def explain_infeasible(
    slots: list[RoleSlot],
    *,
    options: ConsortiumOptions,
    debt: float | None,
    host_country: str | None,
) -> tuple[Problem, ...]:
    """Which role cannot be filled, and why (see :class:`Problem`)."""
    problems = [
        Problem("no_candidates", f"no eligible organization for the role {s.key!r}", s.key)
        for s in slots
        if s.required and s.filled_by is None and not s.candidates
    ]
    if problems:
        return tuple(problems)
    kwargs = {"debt": debt, "host_country": host_country}
    for name in ("financing", "local_partner", "max_roles"):
        if _feasible(slots, options, relax=frozenset({name}), **kwargs):
            problems.append(_problem(name, slots, options, debt, host_country))
    if not problems:
        problems.append(
            Problem("combination", "the roles cannot all be filled together under the limits")
        )
    return tuple(problems)


def _problem(
    name: str,
    slots: list[RoleSlot],
    options: ConsortiumOptions,
    debt: float | None,
    host_country: str | None,
) -> Problem:
    if name == "financing":
        fin = [s for s in slots if s.role == "financier"]
        best = sum(
            max((c.ticket or 0.0 for c in s.candidates), default=0.0)
            if s.filled_by is None
            else (s.filled_ticket or 0.0)
            for s in fin
        )
        role = fin[0].key if fin else None
        msg = (
            f"the financiers' tickets cannot cover the debt of {debt:g}: at most {best:g} "
            "with the candidates available"
            if fin
            else f"the debt of {debt:g} needs a financier role, and the project has none"
        )
        return Problem("financing", msg, role, {"debt": debt, "available": best})
    if name == "local_partner":
        role = next((s.key for s in slots if s.role == "local_partner"), None)
        msg = f"no candidate from the host country {host_country} can join the consortium"
        return Problem("local_partner", msg, role, {"country": host_country})
    orgs = {c.org for s in slots for c in s.candidates}
    msg = (
        f"{len(orgs)} distinct organizations cannot fill {len(slots)} roles with at most "
        f"{options.max_roles} role(s) each"
    )
    return Problem("max_roles", msg, None, {"max_roles": options.max_roles})


def solve_consortium(
    slots: list[RoleSlot],
    *,
    debt: float | None = None,
    host_country: str | None = None,
    options: ConsortiumOptions | None = None,
) -> ConsortiumResult:
    """The best consortia (up to ``options.alternatives``), best first; see the module
    docstring. ``host_country`` is set when the project requires a local partner."""
    options = options or ConsortiumOptions()
    model, x = _model(slots, max_roles=options.max_roles, debt=debt, host_country=host_country)
    found: list[Consortium] = []
    status_name = "optimal"
    for rank in range(1, options.alternatives + 1):
        solver = _solver(options)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        if status == cp_model.FEASIBLE:
            status_name = "feasible"
        chosen = [key for key, var in x.items() if solver.value(var)]
        found.append(_consortium(rank, slots, chosen, host_country))
        if not x:
            break
        # No-good cut on exactly this assignment (not its supersets): some choice must change.
        others = [var for key, var in x.items() if key not in chosen]
        model.add(sum(x[key] for key in chosen) - sum(others) <= len(chosen) - 1)
    if not found:
        problems = explain_infeasible(slots, options=options, debt=debt, host_country=host_country)
        return ConsortiumResult("infeasible", (), problems)
    return ConsortiumResult(status_name, tuple(found))


def _consortium(
    rank: int, slots: list[RoleSlot], chosen: list[tuple[int, int]], host: str | None
) -> Consortium:
    picked = dict(chosen)
    assignments = []
    financing = 0.0
    local: set[str] = set()
    for s, slot in enumerate(slots):
        if slot.filled_by is not None:
            assignments.append(Assignment(slot.key, slot.role, slot.filled_by, 0.0, True))
            if slot.role == "financier":
                financing += slot.filled_ticket or 0.0
            if host and slot.filled_country == host:
                local.add(slot.filled_by)
            continue
        if s not in picked:
            continue
        cand = slot.candidates[picked[s]]
        assignments.append(
            Assignment(slot.key, slot.role, cand.org, cand.score, reasons=cand.reasons)
        )
        if slot.role == "financier":
            financing += cand.ticket or 0.0
        if host and cand.country == host:
            local.add(cand.org)
    total = sum(a.score for a in assignments)
    return Consortium(rank, tuple(assignments), total, financing, tuple(sorted(local)))


def build_consortium(
    matcher: Any,
    project_id: str,
    options: ConsortiumOptions | None = None,
    *,
    allowed: Any = None,
) -> ConsortiumResult:
    """Candidates from ``matcher.partners_for_project`` for every role (``allowed``: only
    these organization ids), then :func:`solve_consortium`."""
    options = options or ConsortiumOptions()
    project = matcher.projects[project_id]
    ranked = matcher.partners_for_project(
        project_id, k=options.candidates_per_role, allowed=allowed
    )
    orgs = matcher.organizations
    slots = []
    for index, role in enumerate(project.roles):
        key = role_key(project, index)
        if role.filled_by is not None:
            org = orgs.get(role.filled_by)
            slots.append(
                RoleSlot(
                    key,
                    role.role,
                    required=role.required,
                    filled_by=role.filled_by,
                    filled_country=org.country if org else "",
                    filled_ticket=org.max_ticket if org else None,
                )
            )
            continue
        candidates = tuple(
            Candidate(
                rec.owner,
                rec.score,
                orgs[rec.owner].country,
                orgs[rec.owner].max_ticket,
                rec.reasons,
            )
            for rec in ranked.get(key, [])
            if rec.score > 0
        )
        slots.append(RoleSlot(key, role.role, candidates, required=role.required))
    host = project.country if project.local_partner_required else None
    return solve_consortium(slots, debt=project.debt, host_country=host, options=options)
