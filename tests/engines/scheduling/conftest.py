"""An independent validator of schedules, written from the JSON schema alone.

It re-derives parties, availability, interpreter needs and caps from the raw instance and checks
every hard constraint on the output; it shares no code with the engine.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pytest


def _need(instance: dict, request: dict, langs: dict) -> frozenset[str] | None:
    """The language pair a request needs interpreted, None if none; derived pairs are
    checked by membership below, so return the two language sets merged."""
    if request.get("interpreter"):
        return frozenset(request["interpreter"])
    la, lb = langs[request["a"]], langs[request["b"]]
    if la and lb and not (la & lb):
        return frozenset()  # some pair (one language from each side) is needed
    return None


def check_schedule(instance: dict[str, Any], out: dict[str, Any]) -> None:  # noqa: PLR0912
    slots = list(instance["slots"])
    tables = instance["tables"]
    tables = dict.fromkeys(slots, tables) if isinstance(tables, int) else tables
    people = {p["id"]: p for p in instance["participants"]}
    party = {
        pid: p.get("party", pid) if p.get("party") is not None else pid for pid, p in people.items()
    }
    members = defaultdict(list)
    for pid in people:
        members[party[pid]].append(pid)
    spoken = defaultdict(set)
    for pid, p in people.items():
        spoken[party[pid]] |= set(p.get("languages", []))
    langs = {pid: spoken[party[pid]] for pid in people}
    requests = {}
    for r in instance["requests"]:
        key = frozenset((party[r["a"]], party[r["b"]]))
        assert key not in requests
        requests[key] = r
    interpreters = {i["id"]: i for i in instance.get("interpreters", [])}

    seen_requests = Counter()
    where = set()
    tables_used = set()
    per_slot = Counter()
    count = Counter()
    interp_used = set()
    total = 0.0
    for m in out["meetings"]:
        key = frozenset((party[m["a"]], party[m["b"]]))
        assert key in requests, f"meeting {m} has no request"
        seen_requests[key] += 1
        request = requests[key]
        total += request.get("weight", 1)
        s = m["slot"]
        assert s in slots
        assert isinstance(m["table"], int) and 1 <= m["table"] <= tables[s], m
        assert (s, m["table"]) not in tables_used, f"two meetings at table {m}"
        tables_used.add((s, m["table"]))
        per_slot[s] += 1
        assert per_slot[s] <= tables[s]
        for pid in members[party[m["a"]]] + members[party[m["b"]]]:
            available = people[pid].get("available")
            assert available is None or s in available, f"{pid} not available in {s}"
            assert (pid, s) not in where, f"{pid} in two places in {s}"
            where.add((pid, s))
            count[pid] += 1
        need = _need(instance, request, langs)
        if need is None:
            assert "interpreter" not in m
        else:
            assert "interpreter" in m, f"meeting {m} needs an interpreter"
            t = interpreters[m["interpreter"]]
            pair = frozenset(t["languages"])
            if need:
                assert pair == need
            else:
                la, lb = langs[m["a"]], langs[m["b"]]
                assert any(x in la and y in lb for x in pair for y in pair if x != y), m
            assert t.get("available") is None or s in t["available"]
            assert (t["id"], s) not in interp_used, f"interpreter twice in {s}"
            interp_used.add((t["id"], s))
    for pid, n in count.items():
        cap = people[pid].get("max_meetings")
        assert cap is None or n <= cap, f"{pid} has {n} meetings, max {cap}"
    for u in out["unplaced"]:
        seen_requests[frozenset((party[u["a"]], party[u["b"]]))] += 1
        assert u["reason"]
    assert set(seen_requests) == set(requests)
    assert all(n == 1 for n in seen_requests.values()), "a request twice in the output"
    if not instance.get("allow_moves"):
        placed = {
            frozenset((party[m["a"]], party[m["b"]])): (m["slot"], m["table"])
            for m in out["meetings"]
        }
        for f in instance.get("fixed", []):
            slot, table = placed[frozenset((party[f["a"]], party[f["b"]]))]
            assert slot == f["slot"]
            assert f.get("table") is None or table == f["table"]
    assert abs(total - out["objective"]) < 1e-6
    assert out["upper_bound"] >= out["objective"] - 1e-6


@pytest.fixture
def validate():
    return check_schedule
