"""Benchmark of projects: `uv run sanxin bench projects [--projects N] [--repeat R]`.

On a scratch SQLite database:

1. imports every China and Vietnam unit of the five Global Energy Monitor trackers that have
   any (hydropower, coal, oil and gas, bioenergy, nuclear: 10,422 units in the releases in
   ../shared/data/gem/) exactly as the command line does, and prints the seconds and the peak
   memory; then imports them again (nothing changes) and prints the same;
2. tops the projects up to N (default 10,000) with synthetic ones and prints p50/p95 ms and
   query counts for the pipeline board, the project list and the API list — as the alliance's
   secretariat and as an anonymous visitor — at N/10 projects and at N, to show the query
   counts do not grow with the rows.

Targets: import ≤ 60 s, re-import ≤ 30 s, pages p95 ≤ 150 ms with constant query counts.
Without ../shared/data the import part is left out and says why. Data: Global Energy Monitor
trackers, CC BY 4.0 (see NOTICE).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django_scratch import setup_scratch_django

GEM_DIR = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "gem"
TRACKERS = (
    "Global-Hydropower-Tracker-April-2024.xlsx",
    "Global-Coal-Plant-Tracker-January-2025.xlsx",
    "Global-Oil-and-Gas-Plant-Tracker-GOGPT-January-2025.xlsx",
    "Global-Bioenergy-Power-Tracker-GBPT-September-2024.xlsx",
    "Global-Nuclear-Power-Tracker-July-2024.xlsx",
)
TARGETS = {"import_s": 60, "reimport_s": 30, "p95_ms": 150}


def _rss_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def world():
    """An alliance with its secretariat, and a person of that secretariat to browse as."""
    from sanxin.common.enums import Confidentiality
    from sanxin.directory.domain.organizations import refresh_search_text
    from sanxin.directory.enums import MembershipStatus, PersonRole
    from sanxin.directory.models import Alliance, Membership, Organization, Person

    secretariat = Organization(
        slug="bench-secretariat",
        name_en="Bench Secretariat",
        country="CN",
        confidentiality=Confidentiality.PUBLIC,
    )
    refresh_search_text(secretariat)
    secretariat.save()
    alliance = Alliance.objects.create(
        slug="bench", name_en="Bench Alliance", secretariat=secretariat
    )
    Membership.objects.create(
        alliance=alliance, organization=secretariat, status=MembershipStatus.ACTIVE
    )
    person = Person.objects.create_user(
        username="bench", password=None, organization=secretariat, role=PersonRole.SECRETARIAT
    )
    return alliance, person


def import_all(alliance_slug: str) -> dict:
    from sanxin.projects.interfaces.import_runner import import_file

    files = [GEM_DIR / name for name in TRACKERS]
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        return {"skipped": f"real data not available: {', '.join(missing)}"}
    out: dict = {}
    for label in ("import", "reimport"):
        rss_before = _rss_mb()
        start = time.perf_counter()
        runs = [import_file(f, source="gem", alliance_slug=alliance_slug) for f in files]
        seconds = time.perf_counter() - start
        out[label] = {
            "seconds": round(seconds, 2),
            "units": sum(r.rows_total for r in runs),
            "skipped_rows": sum(r.rows_skipped for r in runs),
            "projects_created": sum(r.projects_created for r in runs),
            "projects_updated": sum(r.projects_updated for r in runs),
            "projects_unchanged": sum(r.projects_unchanged for r in runs),
            "organizations_created": sum(r.organizations_created for r in runs),
            "statuses": sorted({r.status for r in runs}),
            "peak_rss_mb": _rss_mb(),
            "peak_rss_growth_mb": round(_rss_mb() - rss_before, 1),
            "per_file_s": {
                r.file_name: round((r.finished - r.started).total_seconds(), 2) for r in runs
            },
        }
    return out


def top_up(n: int, alliance) -> int:
    """Add synthetic projects (and some overdue milestones) until there are ``n``."""
    from sanxin.common.enums import Confidentiality
    from sanxin.directory.models import Organization
    from sanxin.projects.domain.projects import refresh_search_text
    from sanxin.projects.enums import PIPELINE, ProjectType, Stage
    from sanxin.projects.models import Milestone, Project

    have = Project.objects.count()
    if have >= n:
        return 0
    rng = random.Random(7)
    owners = list(Organization.objects.values_list("pk", flat=True)[:2000])
    types = list(ProjectType.values)
    stages = [*PIPELINE, Stage.ON_HOLD, Stage.CANCELLED]
    batch = []
    for i in range(have, n):
        stage = rng.choice(stages)
        project = Project(
            title_en=f"Synthetic project {i}",
            title_zh=f"合成项目{i}",
            project_type=rng.choice(types),
            country=rng.choice(("CN", "VN")),
            capacity=Decimal(rng.randint(10, 2000)),
            capacity_unit="MW",
            owner_id=rng.choice(owners),
            alliance=alliance if i % 2 else None,
            confidentiality=rng.choice(Confidentiality.values),
            stage=stage,
            furthest_stage=stage if stage in PIPELINE else Stage.PROPOSED,
            stage_since=dt.date(2024, 1, 1) + dt.timedelta(days=i % 600),
        )
        refresh_search_text(project)
        batch.append(project)
    Project.objects.bulk_create(batch, batch_size=1000)
    Milestone.objects.bulk_create(
        [
            Milestone(project=p, title_en="Grid connection", planned=dt.date(2024, 6, 1))
            for p in batch[::5]
        ],
        batch_size=1000,
    )
    return len(batch)


def measure(fn, *, repeat: int, warmup: int = 3) -> dict:
    """``_django_scratch.measure`` plus CPU time: on a shared machine the wall clock also
    counts the time other processes hold the CPU; the process's CPU time does not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        fn()
    wall.sort()
    cpu.sort()

    def p95(values: list[float]) -> float:
        return round(values[max(0, int(len(values) * 0.95) - 1)], 2)

    return {
        "p50_ms": round(statistics.median(wall), 2),
        "p95_ms": p95(wall),
        "max_ms": round(wall[-1], 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "cpu_p95_ms": p95(cpu),
        "queries": len(ctx.captured_queries),
    }


def pages(person, repeat: int) -> dict:
    from django.test import Client

    signed_in = Client()
    signed_in.force_login(person)
    anonymous = Client()

    def get(client, url, **params):
        def call():
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)

        return call

    from sanxin.projects.models import Project

    return {
        "projects": Project.objects.count(),
        "board_secretariat": measure(get(signed_in, "/en/projects/board/"), repeat=repeat),
        "list_secretariat": measure(get(signed_in, "/en/projects/"), repeat=repeat),
        "list_page_10_secretariat": measure(
            get(signed_in, "/en/projects/", page=10), repeat=repeat
        ),
        "api_list_secretariat": measure(get(signed_in, "/api/projects", limit=50), repeat=repeat),
        "board_anonymous": measure(get(anonymous, "/en/projects/board/"), repeat=repeat),
        "list_anonymous": measure(get(anonymous, "/en/projects/"), repeat=repeat),
        "api_list_anonymous": measure(get(anonymous, "/api/projects", limit=50), repeat=repeat),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sanxin bench projects")
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    ns = parser.parse_args(argv)
    setup_scratch_django()
    from sanxin.common.catalogs import compile_catalogs

    compile_catalogs()
    alliance, person = world()
    top_up(ns.projects // 10, alliance)
    small = pages(person, ns.repeat)
    imported = import_all(alliance.slug)
    top_up(ns.projects, alliance)
    large = pages(person, ns.repeat)
    timed = {k: v for k, v in large.items() if isinstance(v, dict)}
    over = [k for k, v in timed.items() if v["p95_ms"] > TARGETS["p95_ms"]]
    if "import" in imported:
        if imported["import"]["seconds"] > TARGETS["import_s"]:
            over.append("import")
        if imported["reimport"]["seconds"] > TARGETS["reimport_s"]:
            over.append("reimport")
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(
        json.dumps(
            {
                "benchmark": "projects",
                "machine": {"cpus": os.cpu_count(), "load_average": load},
                "gem_import": imported,
                "small": small,
                "large": large,
                "targets": TARGETS,
                "over_target": over,
                "query_count_changes_with_rows": [
                    k for k, v in timed.items() if v["queries"] != small[k]["queries"]
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
