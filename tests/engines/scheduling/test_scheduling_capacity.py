import pytest

from sanxin.engines.scheduling import parse_instance, plan_capacity

pytestmark = pytest.mark.unit


def test_each_shortage_is_named():
    inst = parse_instance(
        {
            "slots": ["s1", "s2"],
            "tables": 1,
            "participants": [
                {"id": "A", "available": ["s1", "s2"]},
                {"id": "B", "max_meetings": 1},
                {"id": "C", "available": ["s1"], "languages": ["zh"]},
                {"id": "D", "available": ["s2"], "languages": ["vi"]},
            ],
            "requests": [
                {"a": "A", "b": "B"},
                {"a": "A", "b": "C"},
                {"a": "A", "b": "D"},
                {"a": "B", "b": "C"},
                {"a": "C", "b": "D"},
            ],
        }
    )

    report = plan_capacity(inst)

    assert [(w.code, w.subject, w.message) for w in report.warnings] == [
        (
            "demand_exceeds_tables",
            None,
            "5 accepted requests but only 2 meeting places (2 slots x tables); add tables or slots",
        ),
        ("participant_overbooked", "A", "'A' has 3 accepted requests but 2 available slots"),
        ("participant_overbooked", "B", "'B' has 2 accepted requests but a maximum of 1 meetings"),
        ("participant_overbooked", "C", "'C' has 3 accepted requests but 1 available slots"),
        ("participant_overbooked", "D", "'D' has 2 accepted requests but 1 available slots"),
        (
            "no_common_slot",
            None,
            "1 requests have no slot where both sides are available (e.g. 'C'-'D')",
        ),
        ("interpreters_short", "vi-zh", "1 meetings need a vi-zh interpreter; none exists"),
    ]
