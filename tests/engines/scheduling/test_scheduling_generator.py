import json

import pytest

from sanxin.engines.scheduling import generate_instance, instance_to_dict, plan_capacity
from sanxin.engines.scheduling.problem import compile_problem

pytestmark = pytest.mark.unit


def test_same_seed_same_instance():
    first = generate_instance(participants=80, slots=8, seed=7)
    second = generate_instance(participants=80, slots=8, seed=7)

    assert first == second
    assert json.dumps(instance_to_dict(first)) == json.dumps(instance_to_dict(second))


def test_another_seed_another_instance():
    assert generate_instance(participants=80, slots=8, seed=7) != generate_instance(
        participants=80, slots=8, seed=8
    )


def test_generated_instance_has_the_documented_ingredients():
    inst = generate_instance(participants=300, slots=16, seed=1)
    problem = compile_problem(inst)

    assert len(inst.participants) == 300
    assert inst.slots[:3] == ("d1-09:00", "d1-09:30", "d1-10:00")
    assert inst.slots[8] == "d2-09:00"
    assert len(inst.requests) == 1200
    assert {int(r.weight) // 10 for r in inst.requests} == {1, 2, 3}
    assert all(10 <= r.weight <= 39 for r in inst.requests)
    assert any(len(members) > 1 for members in problem.party_members)
    assert any(p.available is not None and len(p.available) < 16 for p in inst.participants)
    assert all(6 <= p.max_meetings <= 10 for p in inst.participants)
    assert inst.tables[0] == 90
    assert inst.tables[4] == 54
    assert {t.languages for t in inst.interpreters} == {("vi", "zh"), ("en", "zh"), ("en", "vi")}
    assert any(k is not None for k in problem.req_pair)


def test_capacity_planner_warns_when_demand_exceeds_slots_times_tables():
    inst = generate_instance(participants=100, slots=4, seed=3, tables_ratio=0.1)

    report = plan_capacity(inst)

    assert report.demand == 400
    assert report.table_capacity == 40
    assert report.warnings[0].code == "demand_exceeds_tables"
    assert report.warnings[0].message == (
        "400 accepted requests but only 40 meeting places (4 slots x tables); add tables or slots"
    )
    assert "participant_overbooked" in {w.code for w in report.warnings}
    assert not report.ok


def test_capacity_planner_is_quiet_when_everything_fits():
    inst = generate_instance(
        participants=20,
        slots=8,
        seed=3,
        requests_per_participant=1,
        hole_share=0,
        interpreters=False,
    )
    inst_ok = type(inst)(
        slots=inst.slots,
        tables=inst.tables,
        participants=tuple(
            type(p)(p.id, None, p.max_meetings, p.party, ()) for p in inst.participants
        ),
        requests=inst.requests,
    )

    report = plan_capacity(inst_ok)

    assert report.warnings == ()
    assert report.ok
