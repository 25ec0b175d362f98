"""Benchmark of the chain maps: `uv run sanxin bench chains [--orgs N] [--projects P]`.

Fills a scratch SQLite database with N synthetic organizations (default 3,000: two thirds
active members of one alliance, one third outside it, each with one to three capabilities of
the taxonomy and a province of China or Vietnam) and P wind, PV, storage and grid projects of
the alliance (default 10,000), each with a consortium partner. Prints JSON with p50/p95 ms and
query counts for the coverage summary of all six chains (as the report uses it), the wind
chain page (all regions and one province), a gap node's page (organizations to invite) and
the API's coverage — at N and at N/10, to show the query counts do not grow with the rows.
Target: pages p95 ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django_scratch import measure, setup_scratch_django

TARGET_MS = 200


def fill(n: int, projects: int) -> None:
    from django.db import transaction

    from sanxin.common.enums import Confidentiality
    from sanxin.directory.domain.organizations import refresh_search_text
    from sanxin.directory.enums import MembershipStatus, PersonRole, RegionScheme
    from sanxin.directory.models import (
        Alliance,
        Capability,
        Membership,
        Organization,
        Person,
        Region,
    )
    from sanxin.projects.models import ConsortiumRole, Project

    rng = random.Random(7)
    leaves = list(Capability.objects.filter(parent__isnull=False).values_list("pk", flat=True))
    regions = list(Region.objects.exclude(scheme=RegionScheme.VN_LEGACY))
    with transaction.atomic():
        secretariat = Organization(slug="bench-sec", name_en="Bench Secretariat", country="CN")
        refresh_search_text(secretariat)
        secretariat.save()
        alliance = Alliance.objects.create(
            slug="bench", name_en="Bench Alliance", secretariat=secretariat
        )
        orgs = []
        for i in range(n):
            where = rng.choice(regions)
            org = Organization(
                slug=f"o{i}",
                name_en=f"Synthetic Energy Co. {i}",
                name_zh=f"合成能源公司{i}",
                country=where.country,
                province=where,
                confidentiality=(
                    Confidentiality.PUBLIC if i % 5 == 0 else Confidentiality.ALLIANCE
                ),
            )
            refresh_search_text(org)
            orgs.append(org)
        Organization.objects.bulk_create(orgs, batch_size=500)
        orgs = list(Organization.objects.exclude(pk=secretariat.pk).order_by("pk"))
        through = Organization.capabilities.through
        through.objects.bulk_create(
            [
                through(organization_id=o.pk, capability_id=c)
                for o in orgs
                for c in rng.sample(leaves, rng.randint(1, 3))
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
        members = [secretariat, *orgs[: 2 * n // 3]]
        Membership.objects.bulk_create(
            [
                Membership(alliance=alliance, organization=o, status=MembershipStatus.ACTIVE)
                for o in members
            ],
            batch_size=1000,
        )
        types = ("wind", "pv", "battery_storage", "grid", "battery_recycling", "hydro")
        Project.objects.bulk_create(
            [
                Project(
                    title_en=f"Project {i}",
                    project_type=types[i % len(types)],
                    country="CN",
                    province=rng.choice(regions[:34]),
                    owner=members[1 + i % (len(members) - 1)],
                    alliance=alliance,
                )
                for i in range(projects)
            ],
            batch_size=1000,
        )
        project_ids = list(Project.objects.values_list("pk", flat=True))
        ConsortiumRole.objects.bulk_create(
            [
                ConsortiumRole(
                    project_id=pk,
                    organization=rng.choice(members),
                    role="equipment_supplier",
                    status="confirmed",
                )
                for pk in project_ids
            ],
            batch_size=2000,
        )
        Person.objects.create_user(
            username="bench-sec", password=None, organization=secretariat,
            role=PersonRole.SECRETARIAT,
        )  # fmt: skip


def run(n: int, projects: int, repeat: int) -> dict:
    from django.test import Client

    from sanxin.chains.domain.coverage import coverage_summary
    from sanxin.directory.domain.access import forget_viewer, viewer_for
    from sanxin.directory.models import Alliance, Membership, Organization, Person
    from sanxin.projects.models import ConsortiumRole, Project

    ConsortiumRole.objects.all().delete()
    Project.objects.all().delete()
    Membership.objects.all().delete()
    Person.objects.all().delete()
    Alliance.objects.all().delete()
    Organization.objects.all().delete()
    fill(n, projects)
    person = Person.objects.get(username="bench-sec")
    alliance = Alliance.objects.get(slug="bench")
    client = Client()
    client.force_login(person)

    def get(url, **params):
        def call():
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)

        return call

    def summary():
        forget_viewer(person)
        coverage_summary(viewer=viewer_for(person), alliance=alliance)

    base = "/en/chains/bench/wind/"
    return {
        "organizations": n,
        "projects": projects,
        "coverage_summary_six_chains": measure(summary, repeat=repeat),
        "chain_list": measure(get("/en/chains/"), repeat=repeat),
        "chain_page": measure(get(base), repeat=repeat),
        "chain_page_province": measure(get(base, province="CN-SC"), repeat=repeat),
        "gap_node_page": measure(get(base + "nodes/castings/", province="CN-SC"), repeat=repeat),
        "api_coverage": measure(
            get("/api/chains/bench/templates/battery/coverage", country="VN"), repeat=repeat
        ),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sanxin bench chains")
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--projects", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=30)
    ns = parser.parse_args(argv)
    setup_scratch_django()
    small = run(max(30, ns.orgs // 10), max(10, ns.projects // 10), ns.repeat)
    large = run(ns.orgs, ns.projects, ns.repeat)
    over = [k for k, v in large.items() if isinstance(v, dict) and v["p95_ms"] > TARGET_MS]
    changes = [
        k
        for k, v in large.items()
        if isinstance(v, dict) and k in small and v["queries"] != small[k]["queries"]
    ]
    print(
        json.dumps(
            {
                "benchmark": "chains",
                "small": small,
                "large": large,
                "targets": {"p95_ms_max": TARGET_MS},
                "over_target": over,
                "query_count_changes_with_rows": changes,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
