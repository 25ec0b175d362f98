"""Benchmark of insights: `uv run sanxin bench insights [--projects N] [--orgs M] [--repeat R]`.

On a scratch SQLite database, builds an alliance with M organizations (default 3,000; two in
three active members, each with one to three capabilities of the taxonomy) and N projects
(default 10,000) of every type, stage, unit and currency, a fifth of them appraised, and
prints JSON:

- p50/p95 ms and query counts of the dashboard (whole alliance, one country), its CSV export,
  the API figures and — when the chains app is installed — the chain map page
  (``chain_detail``), as the secretariat and as a member, at N/10 projects and at N, to show
  the query counts do not grow with the rows;
- seconds to generate the PDF and the Excel report (secretariat, Simplified Chinese).

Targets: pages p95 ≤ 200 ms; each report ≤ 20 s. The data are synthetic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django_scratch import setup_scratch_django
from projects import measure

TARGETS = {"p95_ms": 200, "report_s": 20}


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def build_world(n_orgs: int, rng: random.Random):
    """The alliance, its secretariat and a member person, and ``n_orgs`` organizations."""
    from sanxin.common.enums import Confidentiality
    from sanxin.directory.enums import MembershipStatus, PersonRole
    from sanxin.directory.models import (
        Alliance,
        Capability,
        Membership,
        Organization,
        Person,
        Region,
    )

    regions = {c: list(Region.objects.filter(country=c)) for c in ("CN", "VN")}
    today = _today()
    orgs = []
    for i in range(n_orgs):
        country = "CN" if i % 3 else "VN"
        orgs.append(
            Organization(
                slug=f"bench-org-{i}",
                name_en=f"Bench Organization {i}",
                name_zh=f"基准机构{i}",
                name_vi=f"Tổ chức {i}",
                country=country,
                province=rng.choice(regions[country]),
                confidentiality=rng.choice(
                    (Confidentiality.PUBLIC, Confidentiality.ALLIANCE, Confidentiality.ALLIANCE)
                ),
                last_confirmed=today - dt.timedelta(days=rng.randint(0, 800)),
            )
        )
    Organization.objects.bulk_create(orgs, batch_size=1000)
    orgs = list(Organization.objects.order_by("pk"))
    secretariat = orgs[0]
    alliance = Alliance.objects.create(
        slug="bench", name_en="Bench Alliance", name_zh="基准联盟", secretariat=secretariat
    )
    Membership.objects.bulk_create(
        [
            Membership(
                alliance=alliance,
                organization=org,
                status=MembershipStatus.ACTIVE,
                since=today - dt.timedelta(days=rng.randint(0, 900)),
            )
            for i, org in enumerate(orgs)
            if i % 3 != 2
        ],
        batch_size=1000,
    )
    capabilities = list(Capability.objects.values_list("pk", flat=True))
    through = Organization.capabilities.through
    through.objects.bulk_create(
        [
            through(organization_id=org.pk, capability_id=cap)
            for org in orgs
            for cap in rng.sample(capabilities, rng.randint(1, 3))
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    boss = Person.objects.create_user(
        username="bench-secretariat",
        password=None,
        organization=secretariat,
        role=PersonRole.SECRETARIAT,
    )
    member = Person.objects.create_user(
        username="bench-member", password=None, organization=orgs[1], role=PersonRole.MEMBER
    )
    return alliance, orgs, boss, member


UNITS = {
    "battery_storage": "MWh",
    "pumped_storage": "MWh",
    "cell_manufacturing": "GWh/yr",
    "battery_recycling": "t/yr",
    "equipment_manufacturing": "",
}


def top_up(n: int, alliance, orgs, rng: random.Random) -> int:
    """Add synthetic projects (a fifth appraised) until there are ``n``."""
    from sanxin.appraisals.models import Appraisal
    from sanxin.common.enums import Confidentiality
    from sanxin.directory.models import Region
    from sanxin.projects.enums import PIPELINE, ProjectType, Stage
    from sanxin.projects.models import Project

    have = Project.objects.count()
    if have >= n:
        return 0
    regions = {c: list(Region.objects.filter(country=c)) for c in ("CN", "VN")}
    stages = [*PIPELINE, Stage.ON_HOLD, Stage.CANCELLED]
    batch = []
    for i in range(have, n):
        kind = rng.choice(ProjectType.values)
        unit = UNITS.get(kind, "MW")
        stage = rng.choice(stages)
        country = rng.choice(("CN", "CN", "VN"))
        currency = rng.choice(("CNY", "CNY", "CNY", "USD", "VND"))
        batch.append(
            Project(
                title_en=f"Bench project {i}",
                title_zh=f"基准项目{i}",
                title_vi=f"Dự án {i}",
                project_type=kind,
                country=country,
                province=rng.choice(regions[country]) if i % 4 else None,
                capacity=Decimal(rng.randint(5, 3000)) if unit else None,
                capacity_unit=unit,
                investment=Decimal(rng.randint(10, 9000)) * Decimal(1_000_000),
                currency=currency,
                owner=rng.choice(orgs),
                alliance=alliance if i % 2 else None,
                confidentiality=rng.choice(Confidentiality.values),
                stage=stage,
                furthest_stage=stage if stage in PIPELINE else Stage.AGREEMENT,
                stage_since=dt.date(2024, 1, 1) + dt.timedelta(days=i % 600),
            )
        )
    Project.objects.bulk_create(batch, batch_size=1000)
    created = list(Project.objects.order_by("-pk")[: len(batch)])
    Appraisal.objects.bulk_create(
        [
            Appraisal(
                project=p,
                scenario="Bench",
                technology="wind",
                currency="CNY",
                inputs={},
                engine_version="bench",
                result={},
                tco2_year1=Decimal(rng.randint(1_000, 400_000)),
            )
            for p in created[::5]
        ],
        batch_size=1000,
    )
    return len(batch)


def extras(alliance, boss) -> None:
    from sanxin.events.models import Event
    from sanxin.insights.domain.targets import set_target
    from sanxin.projects.models import ExchangeRate

    ExchangeRate.objects.create(currency="USD", on=dt.date(2024, 1, 1), rate=Decimal("7.1"))
    ExchangeRate.objects.create(currency="VND", on=dt.date(2024, 1, 1), rate=Decimal("0.00028"))
    today = _today()
    for i in range(5):
        Event.objects.create(
            alliance=alliance,
            title_en=f"Bench symposium {i}",
            start_date=today - dt.timedelta(days=30 * i),
            end_date=today - dt.timedelta(days=30 * i),
        )
    set_target(actor=boss, alliance=alliance, year=today.year, tco2_per_year="50000000")


def pages(alliance, people: dict, repeat: int) -> dict:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    out = {}
    chain_url = None
    try:
        from sanxin.chains.domain.coverage import alliance_templates

        template = alliance_templates(alliance).order_by("slug").first()
        if template is not None:
            chain_url = reverse("chain_detail", args=[alliance.slug, template.slug])
    except (ImportError, NoReverseMatch):
        chain_url = None
    for who, person in people.items():
        client = Client()
        client.force_login(person)

        def get(url, client=client, **params):
            def call():
                response = client.get(url, params)
                assert response.status_code == 200, (url, response.status_code)

            return call

        out[f"dashboard_{who}"] = measure(get("/en/insights/", alliance="bench"), repeat=repeat)
        out[f"dashboard_vietnam_{who}"] = measure(
            get("/en/insights/", alliance="bench", region="VN"), repeat=repeat
        )
        out[f"csv_stage_{who}"] = measure(
            get("/en/insights/csv/stage/", alliance="bench"), repeat=repeat
        )
        out[f"api_dashboard_{who}"] = measure(
            get("/api/insights/dashboard", alliance="bench"), repeat=repeat
        )
        if chain_url:
            out[f"chain_map_{who}"] = measure(get(chain_url), repeat=repeat)
    return out


def reports(alliance, boss) -> dict:
    from sanxin.directory.domain.access import viewer_for
    from sanxin.insights.interfaces.report_runner import generate_report

    out = {}
    for file_format in ("pdf", "xlsx"):
        start = time.perf_counter()
        content = generate_report(
            viewer=viewer_for(boss),
            alliance=alliance,
            start=dt.date(2020, 1, 1),
            end=_today(),
            language="zh-hans",
            file_format=file_format,
        )
        out[file_format] = {
            "seconds": round(time.perf_counter() - start, 2),
            "bytes": len(content),
        }
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sanxin bench insights")
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--orgs", type=int, default=3_000)
    parser.add_argument("--repeat", type=int, default=30)
    ns = parser.parse_args(argv)
    setup_scratch_django()
    from sanxin.common.catalogs import compile_catalogs
    from sanxin.directory.models import Organization
    from sanxin.projects.models import Project

    compile_catalogs()
    rng = random.Random(11)
    alliance, orgs, boss, member = build_world(ns.orgs, rng)
    extras(alliance, boss)
    people = {"secretariat": boss, "member": member}
    top_up(ns.projects // 10, alliance, orgs, rng)
    small = pages(alliance, people, ns.repeat)
    top_up(ns.projects, alliance, orgs, rng)
    large = pages(alliance, people, ns.repeat)
    made = reports(alliance, boss)
    over = [k for k, v in large.items() if v["p95_ms"] > TARGETS["p95_ms"]]
    over += [f"report_{k}" for k, v in made.items() if v["seconds"] > TARGETS["report_s"]]
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(
        json.dumps(
            {
                "benchmark": "insights",
                "machine": {"cpus": os.cpu_count(), "load_average": load},
                "projects": Project.objects.count(),
                "organizations": Organization.objects.count(),
                "small": small,
                "large": large,
                "reports": made,
                "targets": TARGETS,
                "over_target": over,
                "query_count_changes_with_rows": [
                    k for k, v in large.items() if v["queries"] != small[k]["queries"]
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
