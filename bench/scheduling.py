"""Meeting scheduler benchmark: seeded synthetic symposiums, one JSON line per instance.

Usage: ``python bench/scheduling.py [--seeds 1,2,3] [--workers N] [--quick]``
(wired as ``sanxin bench scheduling``). Instances come from
``sanxin.engines.scheduling.generate_instance`` (documented in ``docs/scheduling.md``):
300 participants x 16 slots under a 10 s limit and 1,000 participants x 24 slots under 60 s.
Targets: at least 99.5 % of the upper bound, within the time, never below the first-come greedy
baseline. ``--quick`` runs small instances for a smoke test.
"""

from __future__ import annotations

import json
import os
import sys
import time

from sanxin.engines.scheduling import SolveOptions, generate_instance, solve

SIZES = ((300, 16, 10.0), (1000, 24, 60.0))
QUICK_SIZES = ((60, 8, 5.0),)
TARGET_RATIO = 0.995


def run_one(participants: int, slots: int, seed: int, limit: float, workers: int) -> dict:
    t0 = time.monotonic()
    instance = generate_instance(participants=participants, slots=slots, seed=seed)
    generated = time.monotonic() - t0
    schedule = solve(instance, SolveOptions(time_limit=limit, num_workers=workers))
    ratio = schedule.objective / schedule.upper_bound if schedule.upper_bound else 1.0
    return {
        "instance": f"{participants}x{slots}",
        "participants": participants,
        "slots": slots,
        "seed": seed,
        "requests": len(instance.requests),
        "table_places": sum(instance.tables),
        "meetings": len(schedule.meetings),
        "unplaced": len(schedule.unplaced),
        "objective": schedule.objective,
        "upper_bound": schedule.upper_bound,
        "greedy_objective": schedule.greedy_objective,
        "greedy_meetings": schedule.greedy_meetings,
        "ratio_to_bound": round(ratio, 6),
        "ratio_to_greedy": round(schedule.objective / schedule.greedy_objective, 6)
        if schedule.greedy_objective
        else None,
        "gap": round(schedule.gap, 6),
        "status": schedule.status,
        "idle_gaps": schedule.idle_gaps,
        "parties_without_meeting": schedule.parties_without_meeting,
        "seconds": round(schedule.seconds, 3),
        "generate_seconds": round(generated, 3),
        "time_limit": limit,
        "num_workers": workers,
        "cpu_count": os.cpu_count(),
        "meets_targets": ratio >= TARGET_RATIO
        and schedule.seconds <= limit
        and schedule.objective >= schedule.greedy_objective,
    }


def main(argv: list[str]) -> int:
    seeds = [1]
    workers = 2
    sizes = SIZES
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--seeds" and args:
            seeds = [int(s) for s in args.pop(0).split(",")]
        elif arg == "--workers" and args:
            workers = int(args.pop(0))
        elif arg == "--quick":
            sizes = QUICK_SIZES
        else:
            print(f"usage: {__doc__.splitlines()[2]}", file=sys.stderr)
            return 2
    ok = True
    for participants, slots, limit in sizes:
        for seed in seeds:
            row = run_one(participants, slots, seed, limit, workers)
            ok = ok and row["meets_targets"]
            print(json.dumps(row), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
