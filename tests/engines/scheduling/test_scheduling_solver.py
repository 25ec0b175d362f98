import itertools
import random

import pytest

from sanxin.engines.scheduling import (
    REASONS,
    SolveOptions,
    generate_instance,
    instance_to_dict,
    parse_instance,
    solve,
)
from sanxin.engines.scheduling.greedy import first_come
from sanxin.engines.scheduling.problem import compile_problem

pytestmark = pytest.mark.unit

FAST = SolveOptions(time_limit=2.0, num_workers=1)


def run(data, options=FAST):
    schedule = solve(parse_instance(data), options)
    return schedule, schedule.to_dict()


def people(*ids, **fields):
    return [{"id": i, **fields} for i in ids]


def placed(out):
    return {(m["a"], m["b"]): m["slot"] for m in out["meetings"]}


def reasons(out):
    return {(u["a"], u["b"]): u["reason"] for u in out["unplaced"]}


def test_a_capped_participant_keeps_the_heaviest_meetings(validate):
    data = {
        "slots": ["s1", "s2", "s3"],
        "tables": 3,
        "participants": [{"id": "A", "max_meetings": 2}, *people("B", "C", "D")],
        "requests": [
            {"a": "A", "b": "B", "weight": 5},
            {"a": "A", "b": "C", "weight": 4},
            {"a": "A", "b": "D", "weight": 3},
        ],
    }

    _, out = run(data)

    validate(data, out)
    assert out["objective"] == 9
    assert out["upper_bound"] == 9
    assert out["status"] == "optimal"
    assert set(placed(out)) == {("A", "B"), ("A", "C")}
    assert reasons(out) == {("A", "D"): "max_meetings"}
    assert "'A' already has the maximum of 2 meetings" in out["unplaced"][0]["detail"]


def test_three_people_in_one_slot_meet_once(validate):
    data = {
        "slots": ["s1"],
        "tables": 2,
        "participants": people("A", "B", "C"),
        "requests": [
            {"a": "A", "b": "B", "weight": 2},
            {"a": "B", "b": "C", "weight": 3},
            {"a": "A", "b": "C", "weight": 2},
        ],
    }

    _, out = run(data)

    validate(data, out)
    assert placed(out) == {("B", "C"): "s1"}
    assert reasons(out) == {("A", "B"): "participant_busy", ("A", "C"): "participant_busy"}


def test_tables_per_slot_are_respected(validate):
    data = {
        "slots": ["s1"],
        "tables": {"s1": 2},
        "participants": people(*"ABCDEFGH"),
        "requests": [
            {"a": "A", "b": "B", "weight": 4},
            {"a": "C", "b": "D", "weight": 1},
            {"a": "E", "b": "F", "weight": 3},
            {"a": "G", "b": "H", "weight": 2},
        ],
    }

    _, out = run(data)

    validate(data, out)
    assert out["objective"] == 7
    assert sorted(m["table"] for m in out["meetings"]) == [1, 2]
    assert reasons(out) == {("C", "D"): "tables_full", ("G", "H"): "tables_full"}


def test_interpreters_per_language_pair_are_respected(validate):
    data = {
        "slots": ["s1"],
        "tables": 5,
        "participants": [
            {"id": "A", "languages": ["zh"]},
            {"id": "B", "languages": ["vi"]},
            {"id": "C", "languages": ["zh"]},
            {"id": "D", "languages": ["vi", "en"]},
            {"id": "E", "languages": ["en"]},
            {"id": "F", "languages": ["vi"]},
        ],
        "requests": [
            {"a": "A", "b": "B", "weight": 1},
            {"a": "C", "b": "D", "weight": 2},
            {"a": "E", "b": "F", "weight": 1},
        ],
        "interpreters": [{"id": "i1", "languages": ["zh", "vi"]}],
    }

    _, out = run(data)

    validate(data, out)
    assert [(m["a"], m["b"], m.get("interpreter")) for m in out["meetings"]] == [("C", "D", "i1")]
    assert reasons(out) == {("A", "B"): "interpreters_busy", ("E", "F"): "no_interpreter"}


def test_delegations_meet_together_or_not_at_all(validate):
    data = {
        "slots": ["s1", "s2", "s3"],
        "tables": 2,
        "participants": [
            {"id": "A1", "party": "acme", "available": ["s1", "s2"]},
            {"id": "A2", "party": "acme", "available": ["s2", "s3"], "max_meetings": 1},
            *people("B", "C"),
            {"id": "D", "available": ["s1"]},
        ],
        "requests": [
            {"a": "A1", "b": "B", "weight": 2},
            {"a": "C", "b": "A2", "weight": 3},
            {"a": "A2", "b": "D", "weight": 9},
        ],
    }

    schedule, out = run(data)

    validate(data, out)
    assert placed(out) == {("C", "A2"): "s2"}
    assert schedule.meetings[0].attendees == ("C", "A1", "A2")
    assert reasons(out) == {("A1", "B"): "max_meetings", ("A2", "D"): "no_common_slot"}


def test_no_tables_in_the_common_slots_is_a_reason():
    data = {
        "slots": ["s1", "s2"],
        "tables": {"s1": 0, "s2": 3},
        "participants": [{"id": "A", "available": ["s1"]}, {"id": "B"}],
        "requests": [{"a": "A", "b": "B"}],
    }

    _, out = run(data)

    assert reasons(out) == {("A", "B"): "no_tables"}


def test_fractional_weights_keep_a_valid_bound(validate):
    data = {
        "slots": ["s1", "s2"],
        "tables": 1,
        "participants": people("A", "B", "C", "D"),
        "requests": [
            {"a": "A", "b": "B", "weight": 0.75},
            {"a": "C", "b": "D", "weight": 0.5},
            {"a": "A", "b": "C", "weight": 0.125},
        ],
    }

    _, out = run(data)

    validate(data, out)
    assert out["objective"] == 1.25
    assert out["upper_bound"] >= 1.25


def test_idle_gaps_are_avoided(validate):
    data = {
        "slots": ["s1", "s2", "s3"],
        "tables": 3,
        "participants": [{"id": "A"}, {"id": "B", "available": ["s1"]}, {"id": "C"}],
        "requests": [{"a": "C", "b": "A"}, {"a": "A", "b": "B"}],
    }

    _, out = run(data)

    validate(data, out)
    assert placed(out) == {("A", "B"): "s1", ("C", "A"): "s2"}
    assert out["idle_gaps"] == 0


def test_ties_are_broken_so_everyone_gets_a_meeting(validate):
    data = {
        "slots": ["s1", "s2"],
        "tables": 2,
        "participants": [{"id": "A", "max_meetings": 1}, *people("B", "C", "D")],
        "requests": [
            {"a": "A", "b": "B", "weight": 2},
            {"a": "A", "b": "C", "weight": 2},
            {"a": "B", "b": "D", "weight": 1},
        ],
    }

    _, out = run(data)

    validate(data, out)
    assert out["objective"] == 3
    assert set(placed(out)) == {("A", "C"), ("B", "D")}
    assert out["parties_without_meeting"] == 0


def test_fairness_bonus_trades_weight_for_coverage(validate):
    data = {
        "slots": ["s1"],
        "tables": 2,
        "participants": people("A", "B", "C"),
        "requests": [{"a": "A", "b": "B", "weight": 3}, {"a": "A", "b": "C", "weight": 2}],
    }
    without = run(data)[1]
    data["participants"].append({"id": "D"})
    data["requests"].append({"a": "B", "b": "D", "weight": 1})
    data["requests"].append({"a": "C", "b": "D", "weight": 1})

    plain = run(data)[1]
    fair = run(data, SolveOptions(time_limit=2.0, num_workers=1, fairness_bonus=5))[1]

    validate(data, fair)
    assert set(placed(without)) == {("A", "B")}
    assert plain["objective"] == 4
    assert fair["objective"] == 4
    assert fair["parties_without_meeting"] == 0


def _republish(out):
    return [{k: m[k] for k in ("a", "b", "slot", "table")} for m in out["meetings"]]


def test_resolve_keeps_published_meetings_in_place(validate):
    data = instance_to_dict(generate_instance(participants=40, slots=6, seed=5))
    _, first = run(data, SolveOptions(time_limit=1.0, num_workers=1))
    published = _republish(first)
    cancelled = published.pop(0)
    data["requests"] = [
        r for r in data["requests"] if {r["a"], r["b"]} != {cancelled["a"], cancelled["b"]}
    ]
    party = {p["id"]: p.get("party", p["id"]) for p in data["participants"]}
    taken = {frozenset((party[r["a"]], party[r["b"]])) for r in data["requests"]}
    late = next(
        p["id"]
        for p in data["participants"]
        if party[p["id"]] != party[cancelled["a"]]
        and frozenset((party[p["id"]], party[cancelled["a"]])) not in taken
    )
    data["requests"].append({"a": cancelled["a"], "b": late, "weight": 50})
    data["fixed"] = published

    _, second = run(data, SolveOptions(time_limit=1.0, num_workers=1))

    validate(data, second)
    again = {(m["a"], m["b"]): (m["slot"], m["table"]) for m in second["meetings"]}
    assert all(again[(f["a"], f["b"])] == (f["slot"], f["table"]) for f in published)
    assert second["moved"] == 0


def test_published_meetings_move_only_when_allowed(validate):
    data = {
        "slots": ["s1", "s2"],
        "tables": 2,
        "participants": [*people("A", "B"), {"id": "C", "available": ["s1"]}],
        "requests": [{"a": "A", "b": "B", "weight": 1}, {"a": "A", "b": "C", "weight": 10}],
        "fixed": [{"a": "A", "b": "B", "slot": "s1", "table": 2}],
    }

    _, kept = run(data)
    _, moved = run({**data, "allow_moves": True})

    validate(data, kept)
    validate({**data, "allow_moves": True}, moved)
    assert placed(kept) == {("A", "B"): "s1"}
    assert reasons(kept) == {("A", "C"): "participant_busy"}
    assert placed(moved) == {("A", "B"): "s2", ("A", "C"): "s1"}
    assert moved["moved"] == 1


def _brute_force(data, check_schedule):
    """The best total weight over every assignment, each checked by the validator."""
    slots = [None, *data["slots"]]
    best = 0
    for choice in itertools.product(slots, repeat=len(data["requests"])):
        meetings, tables = [], {}
        for r, s in zip(data["requests"], choice, strict=True):
            if s is not None:
                tables[s] = tables.get(s, 0) + 1
                meetings.append({"a": r["a"], "b": r["b"], "slot": s, "table": tables[s]})
        chosen = {(m["a"], m["b"]) for m in meetings}
        out = {
            "meetings": meetings,
            "unplaced": [
                {"a": r["a"], "b": r["b"], "reason": "x"}
                for r in data["requests"]
                if (r["a"], r["b"]) not in chosen
            ],
            "objective": sum(r["weight"] for r in data["requests"] if (r["a"], r["b"]) in chosen),
            "upper_bound": 10**9,
        }
        try:
            check_schedule(data, out)
        except AssertionError:
            continue
        best = max(best, out["objective"])
    return best


@pytest.mark.parametrize("seed", range(12))
def test_small_random_instances_reach_the_brute_force_optimum(seed, validate):
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    slots = ["s1", "s2", "s3"]
    ids = ["A", "B", "C", "D", "E"]
    participants = [
        {
            "id": i,
            "available": sorted(rng.sample(slots, rng.randint(1, 3))),
            "max_meetings": rng.randint(1, 3),
        }
        for i in ids
    ]
    pairs = rng.sample(list(itertools.combinations(ids, 2)), 5)
    data = {
        "slots": slots,
        "tables": {s: rng.randint(1, 2) for s in slots},
        "participants": participants,
        "requests": [{"a": a, "b": b, "weight": rng.randint(1, 9)} for a, b in pairs],
    }

    _, out = run(data)

    validate(data, out)
    assert out["objective"] == _brute_force(data, validate)
    assert out["upper_bound"] >= out["objective"]
    assert {u["reason"] for u in out["unplaced"]} <= set(REASONS) - {"not_placed"}


@pytest.mark.parametrize("seed", [1])
def test_generated_instances_are_valid_and_beat_greedy(seed, validate):
    instance = generate_instance(participants=60, slots=8, seed=seed)
    data = instance_to_dict(instance)

    schedule = solve(instance, SolveOptions(time_limit=1.0, num_workers=2))
    out = schedule.to_dict()

    validate(data, out)
    baseline = first_come(compile_problem(instance))
    assert schedule.greedy_meetings == len(baseline)
    assert schedule.objective >= schedule.greedy_objective
    assert schedule.objective <= schedule.upper_bound
    assert schedule.upper_bound <= schedule.combinatorial_bound
    assert 0 <= schedule.gap < 0.05
    assert {u.reason for u in schedule.unplaced} <= set(REASONS) - {"not_placed"}


def test_an_instance_without_requests_schedules_nothing():
    _, out = run({"slots": ["s1"], "tables": 1, "participants": people("A"), "requests": []})

    assert out["meetings"] == []
    assert out["objective"] == 0
    assert out["upper_bound"] == 0
    assert out["status"] == "optimal"
