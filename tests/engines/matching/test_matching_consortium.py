import itertools
import random

import pytest

from sanxin.engines.matching import (
    Candidate,
    ConsortiumOptions,
    Matcher,
    Organization,
    Project,
    Role,
    RoleSlot,
    build_consortium,
    solve_consortium,
)

pytestmark = pytest.mark.unit

FAST = ConsortiumOptions(time_limit=5, workers=1)


def brute_force(slots, *, max_roles, debt, host):
    """Every assignment, checked against the constraints; the best totals, best first."""
    choices = []
    for slot in slots:
        options = list(slot.candidates) + ([None] if not slot.required else [])
        choices.append(options)
    totals = []
    for combo in itertools.product(*choices):
        picked = [(s, c) for s, c in zip(slots, combo, strict=True) if c is not None]
        counts = {}
        for _, c in picked:
            counts[c.org] = counts.get(c.org, 0) + 1
        if any(n > max_roles for n in counts.values()):
            continue
        if debt and sum(c.ticket or 0 for s, c in picked if s.role == "financier") < debt:
            continue
        if host and not any(c.country == host for _, c in picked):
            continue
        if host and any(s.role == "local_partner" and c.country != host for s, c in picked):
            continue
        totals.append(round(sum(c.score for _, c in picked), 6))
    return sorted(totals, reverse=True)


def random_slots(rng):
    orgs = [f"o{i}" for i in range(rng.randint(3, 6))]
    country = {o: rng.choice(["CN", "VN"]) for o in orgs}
    ticket = {o: rng.choice([None, 50.0, 120.0, 300.0]) for o in orgs}
    roles = ["investor", "epc", "financier", "local_partner", "om"][: rng.randint(2, 5)]
    slots = []
    for role in roles:
        cands = rng.sample(orgs, rng.randint(1, len(orgs)))
        slots.append(
            RoleSlot(
                role,
                role,
                tuple(
                    Candidate(o, round(rng.uniform(0.05, 1), 3), country[o], ticket[o])
                    for o in cands
                ),
                required=rng.random() < 0.8,
            )
        )
    return slots


@pytest.mark.parametrize("seed", range(40))
def test_optimal_and_alternatives_match_brute_force(seed):
    rng = random.Random(seed)  # noqa: S311 - seeded test instances
    slots = random_slots(rng)
    max_roles = rng.choice([1, 2])
    debt = rng.choice([None, 100.0, 250.0])
    host = rng.choice([None, "VN"])
    expected = brute_force(slots, max_roles=max_roles, debt=debt, host=host)
    result = solve_consortium(
        slots,
        debt=debt,
        host_country=host,
        options=ConsortiumOptions(max_roles=max_roles, time_limit=5, workers=1),
    )
    if not expected:
        assert result.status == "infeasible"
        assert result.problems
        return
    assert result.status == "optimal"
    got = [round(c.total, 6) for c in result.consortia]
    # the best three are the three best distinct assignments (equal totals may swap)
    assert got == pytest.approx(expected[: len(got)], abs=2e-4)
    assert len(got) == min(3, len(expected))
    assignments = [tuple(sorted((a.key, a.org) for a in c.assignments)) for c in result.consortia]
    assert len(set(assignments)) == len(assignments)


def slot(role, *cands, required=True):
    return RoleSlot(role, role, tuple(cands), required=required)


def test_an_organization_takes_at_most_k_roles():
    slots = [
        slot("investor", Candidate("a", 0.9)),
        slot("epc", Candidate("a", 0.9), Candidate("b", 0.2)),
    ]
    one = solve_consortium(slots, options=ConsortiumOptions(max_roles=1, time_limit=5, workers=1))
    assert one.best.org_for("epc") == "b"
    two = solve_consortium(slots, options=ConsortiumOptions(max_roles=2, time_limit=5, workers=1))
    assert two.best.org_for("epc") == "a"


def test_financiers_must_cover_the_debt():
    slots = [
        slot("financier", Candidate("big", 0.3, ticket=500), Candidate("small", 0.9, ticket=50))
    ]
    result = solve_consortium(slots, debt=400, options=FAST)
    assert result.best.org_for("financier") == "big"
    assert result.best.financing == 500


def test_no_candidates_names_the_role():
    result = solve_consortium([slot("investor", Candidate("a", 1)), slot("epc")], options=FAST)
    assert result.status == "infeasible"
    assert [(p.code, p.role) for p in result.problems] == [("no_candidates", "epc")]
    assert "epc" in result.problems[0].message


def test_financing_shortfall_is_explained():
    slots = [slot("financier", Candidate("bank", 0.9, ticket=100))]
    result = solve_consortium(slots, debt=400, options=FAST)
    assert result.status == "infeasible"
    problem = result.problems[0]
    assert (problem.code, problem.role, problem.data) == (
        "financing",
        "financier",
        {"debt": 400, "available": 100},
    )


def test_missing_local_partner_is_explained():
    slots = [slot("local_partner", Candidate("cn-firm", 0.9, country="CN"))]
    result = solve_consortium(slots, host_country="VN", options=FAST)
    assert [(p.code, p.role) for p in result.problems] == [("local_partner", "local_partner")]


def test_too_few_organizations_is_explained():
    slots = [slot("investor", Candidate("a", 1)), slot("epc", Candidate("a", 1))]
    result = solve_consortium(
        slots, options=ConsortiumOptions(max_roles=1, time_limit=5, workers=1)
    )
    assert [p.code for p in result.problems] == ["max_roles"]


def test_build_from_the_matcher(embedder, taxonomy):
    m = Matcher(taxonomy, embedder=embedder)
    orgs = [
        Organization("gears", texts={"zh": "风电齿轮箱制造商"}, country="CN",
                     capabilities=frozenset({"wind-gearboxes"})),
        Organization("bank", texts={"en": "Project finance bank"}, org_type="financial",
                     country="VN", capabilities=frozenset({"finance-lending"}), max_ticket=80),
        Organization("fund", texts={"en": "Green infrastructure fund"}, org_type="financial",
                     country="CN", capabilities=frozenset({"finance-equity"}), max_ticket=500),
        Organization("epc", texts={"vi": "Tổng thầu EPC điện gió"}, country="VN", org_type="soe",
                     capabilities=frozenset({"epc-contracting"})),
    ]  # fmt: skip
    for org in orgs:
        m.upsert_organization(org)
    m.upsert_project(
        Project(
            "wf",
            titles={"en": "Wind farm in Vietnam"},
            project_type="wind",
            country="VN",
            debt=300,
            roles=(Role("equipment_supplier", frozenset({"wind-gearboxes"})), Role("epc"),
                   Role("financier")),
            local_partner_required=True,
        )
    )  # fmt: skip
    result = build_consortium(m, "wf", FAST)
    best = result.best
    assert result.status == "optimal"
    # the bank fits best but cannot cover 300; the fund can
    assert (best.org_for("equipment_supplier"), best.org_for("epc"), best.org_for("financier")) == (
        "gears",
        "epc",
        "fund",
    )
    assert best.local_members == ("epc",)
    assert all(a.reasons for a in best.assignments)
    assert len(result.consortia) >= 2
    totals = [c.total for c in result.consortia]
    assert totals == sorted(totals, reverse=True)
