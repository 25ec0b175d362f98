import json

import pytest

from sanxin.engines.scheduling import (
    FixedMeeting,
    Instance,
    InstanceError,
    Participant,
    Request,
    instance_to_dict,
    parse_instance,
)
from sanxin.engines.scheduling.problem import compile_problem

pytestmark = pytest.mark.unit


def base(**changes):
    data = {
        "slots": ["s1", "s2"],
        "tables": 2,
        "participants": [
            {"id": "a", "available": ["s1", "s2"], "max_meetings": 2},
            {"id": "b"},
            {"id": "c", "party": "org"},
            {"id": "d", "party": "org", "languages": ["zh"]},
        ],
        "requests": [{"a": "a", "b": "b", "weight": 2}, {"a": "a", "b": "c"}],
    }
    data.update(changes)
    return data


def test_parse_builds_typed_instance():
    inst = parse_instance(base(tables={"s1": 1, "s2": 3}))

    assert inst.slots == ("s1", "s2")
    assert inst.tables == (1, 3)
    assert inst.participants[0] == Participant(
        id="a", available=frozenset({"s1", "s2"}), max_meetings=2
    )
    assert inst.participants[3].party_id == "org"
    assert inst.requests[1] == Request(a="a", b="c", weight=1.0)


def test_instance_round_trips_through_json():
    inst = parse_instance(base(fixed=[{"a": "a", "b": "b", "slot": "s2", "table": 1}]))

    again = parse_instance(json.loads(json.dumps(instance_to_dict(inst))))

    assert again == inst


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slots": []}, "slots: at least one slot is needed"),
        ({"slots": ["s1", "s1"]}, "slots[1]: 's1' is listed twice"),
        ({"tables": -1}, "tables['s1']: a whole number >= 0 is needed, not -1"),
        ({"tables": {"s1": 1}}, "tables: no number for slot 's2'"),
        ({"tables": {"s1": 1, "s2": 1, "s3": 1}}, "tables: unknown slot 's3'"),
        ({"tables": "many"}, "tables: a number, or an object mapping each slot to a number"),
        (
            {"participants": [{"id": "a", "available": ["s9"]}]},
            "participants[0] ('a').available[0]: unknown slot 's9'",
        ),
        ({"participants": [{"id": True}]}, "participants[0].id: an id must be a string or an"),
        ({"participants": [{"id": "a"}, {"id": "a"}]}, "participants[].id[1]: 'a' is listed twice"),
        ({"participants": [{"id": "a", "max_meetings": -2}]}, ".max_meetings: a whole number"),
        (
            {"participants": [{"id": "a", "colour": "red"}]},
            "participants[0]: unknown field 'colour'",
        ),
        ({"requests": [{"a": "a", "b": "zz"}]}, "requests[0].b: unknown participant 'zz'"),
        ({"requests": [{"a": "a"}]}, "requests[0]: field 'b' is missing"),
        ({"requests": [{"a": "c", "b": "d"}]}, "requests[0]: 'c' and 'd' are the same party 'org'"),
        (
            {"requests": [{"a": "a", "b": "b", "weight": 0}]},
            "requests[0].weight: a finite number > 0",
        ),
        ({"requests": [{"a": "a", "b": "b", "interpreter": ["zh"]}]}, "a language pair is a list"),
        ({"fixed": [{"a": "a", "b": "b", "slot": "s7"}]}, "fixed[0].slot: unknown slot 's7'"),
        ({"allow_moves": "yes"}, "allow_moves: true or false is needed"),
        ({"slot": ["s1"]}, "instance: unknown field 'slot'"),
    ],
)
def test_malformed_instances_are_rejected_with_the_field_named(changes, message):
    with pytest.raises(InstanceError) as error:
        parse_instance(base(**changes))

    assert message in str(error.value)


def test_not_an_object_is_rejected():
    with pytest.raises(InstanceError, match="instance: an object is needed"):
        parse_instance([1, 2])


def test_two_requests_between_the_same_parties_are_rejected():
    inst = parse_instance(base(requests=[{"a": "a", "b": "c"}, {"a": "d", "b": "a"}]))

    with pytest.raises(InstanceError, match=r"requests\[1\]: parties 'org' and 'a' already have"):
        compile_problem(inst)


@pytest.mark.parametrize(
    ("fixed", "message"),
    [
        ([{"a": "a", "b": "b", "slot": "s1", "table": 3}], "table 3 does not exist"),
        (
            [{"a": "a", "b": "b", "slot": "s1"}, {"a": "a", "b": "c", "slot": "s1"}],
            "party 'a' is already busy",
        ),
        ([{"a": "b", "b": "c", "slot": "s1"}], "no request between 'b' and 'c'"),
    ],
)
def test_infeasible_published_meetings_are_rejected(fixed, message):
    inst = parse_instance(base(fixed=fixed))

    with pytest.raises(InstanceError, match=message):
        compile_problem(inst)


def test_published_meeting_in_an_unavailable_slot_is_rejected():
    inst = Instance(
        slots=("s1", "s2"),
        tables=(1, 1),
        participants=(Participant("a", available=frozenset({"s2"})), Participant("b")),
        requests=(Request("a", "b"),),
        fixed=(FixedMeeting("a", "b", "s1"),),
    )

    with pytest.raises(InstanceError, match="not every participant is available"):
        compile_problem(inst)


def test_delegation_is_one_party_available_when_all_members_are():
    inst = parse_instance(
        base(
            participants=[
                {"id": "a"},
                {"id": "c", "party": "org", "available": ["s1", "s2"], "max_meetings": 5},
                {"id": "d", "party": "org", "available": ["s2"], "max_meetings": 1},
            ],
            requests=[{"a": "a", "b": "c"}],
        )
    )

    problem = compile_problem(inst)

    assert problem.party_ids == ("a", "org")
    assert problem.party_avail[1] == frozenset({1})
    assert problem.party_cap[1] == 1
    assert problem.req_slots == ((1,),)
