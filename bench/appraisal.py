"""Benchmark of the appraisal engine; prints JSON (never asserted in tests).

``uv run sanxin bench appraisal`` (wired by the CLI) or ``uv run python bench/appraisal.py``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

import numpy as np

from sanxin.engines.appraisal import appraise, parse_input
from sanxin.engines.appraisal.sensitivity import sweep
from sanxin.engines.appraisal.storage import StorageSpec, dispatch

CASE = {
    "technology": "wind",
    "capacity_kw": 100_000,
    "capacity_factor": 0.3,
    "capex": 6.0e8,
    "om_fixed_per_kw_year": 120,
    "tariff_per_kwh": 0.35,
    "years": 25,
    "discount_rate": 0.06,
    "debt_fraction": 0.7,
    "interest_rate": 0.045,
    "loan_years": 15,
    "loan_type": "equal_principal",
    "tax_rate": 0.25,
    "tax_holiday": "3+3",
    "depreciation_years": 20,
    "depreciation_convention": "half_year",
    "region": "CN-GD",
}


def _best_of(function: Callable[[], object], repeat: int, number: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def main(argv: list[str]) -> int:
    """Print timings as JSON; ``--quick`` runs fewer repeats."""
    quick = "--quick" in argv
    repeat = 2 if quick else 5
    inp = parse_input(CASE)
    single = _best_of(lambda: appraise(inp), repeat, 50 if quick else 200)
    core = _best_of(lambda: appraise(inp, with_breakeven=False), repeat, 50 if quick else 200)

    rng = np.random.default_rng(7)
    variants = 10_000
    overrides = {
        "capex": rng.uniform(4e8, 8e8, variants),
        "tariff_per_kwh": rng.uniform(0.25, 0.45, variants),
        "interest_rate": rng.uniform(0.03, 0.06, variants),
        "capacity_kw": np.full(variants, 100_000.0),
    }
    sweep_seconds = _best_of(lambda: sweep(inp, overrides), min(repeat, 3), 1)

    hours = np.arange(8760) % 24
    price = np.where((hours >= 8) & (hours < 22), 0.9, 0.3) + rng.normal(0.0, 0.05, 8760)
    spec = StorageSpec(power_kw=10_000, energy_kwh=40_000, round_trip_efficiency=0.88)
    holder: dict[str, bool] = {}

    def run_dispatch() -> None:
        holder["optimal"] = dispatch(spec, price).optimal

    dispatch_seconds = _best_of(run_dispatch, min(repeat, 3), 1)
    report = {
        "ms_per_appraisal": single * 1e3,
        "ms_per_appraisal_without_breakeven": core * 1e3,
        "sweep_variants": variants,
        "sweep_seconds": sweep_seconds,
        "sweep_variants_per_second": variants / sweep_seconds,
        "dispatch_8760_seconds": dispatch_seconds,
        "dispatch_optimal": holder["optimal"],
        "pysam_single_owner_ms": None,
        "pysam_ratio": None,
        "pysam_note": "nrel-pysam comparison not implemented yet",
    }
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
