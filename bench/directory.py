"""Benchmark of the member directory: `uv run sanxin bench directory [--orgs N] [--repeat R]`.

Fills a scratch SQLite database with N organizations (default 3,000: the real Global Energy
Monitor owners from ../shared/data/gem/gem_units_CHN_VNM_normalised.csv when present, else
synthetic ones), all members of one alliance, and prints JSON with p50/p95 ms and query counts
for the directory list, a search, an organization page and the API list — at N and at N/10
organizations, to show the query counts do not grow with the rows. Target: p95 ≤ 150 ms.
Source of the real data: Global Energy Monitor, CC BY 4.0 (see NOTICE).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _django_scratch import measure, setup_scratch_django

GEM_UNITS = Path("../shared/data/gem/gem_units_CHN_VNM_normalised.csv")


def gem_owners(limit: int) -> list[dict[str, str]]:
    path = (Path(__file__).resolve().parents[1] / GEM_UNITS).resolve()
    if not path.exists():
        return []
    owners: dict[str, dict[str, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name = (row["owner"] or "").strip()
            if not name or name.lower() in {"to be determined", "unknown", "tbd"}:
                continue
            entry = owners.setdefault(
                name,
                {
                    "name": name,
                    "local": (row["owner_local"] or "").strip(),
                    "country": "VN" if row["country"] == "Vietnam" else "CN",
                    "techs": set(),
                },
            )
            entry["techs"].add(row["tech"])
            if len(owners) >= limit:
                break
    return list(owners.values())


def fill(n: int) -> tuple[str, int]:
    from django.db import transaction

    from sanxin.common.i18n import fold
    from sanxin.directory.domain.organizations import refresh_search_text
    from sanxin.directory.enums import MembershipStatus, OrgType, PersonRole
    from sanxin.directory.models import (
        Alliance,
        Capability,
        Membership,
        Offer,
        Organization,
        Person,
    )

    owners = gem_owners(n)
    real = len(owners)
    source = f"GEM owners: {real}, synthetic: {max(0, n - real)}"
    while len(owners) < n:
        i = len(owners)
        owners.append(
            {
                "name": f"Synthetic Energy Co. {i}",
                "local": f"合成能源公司{i}",
                "country": "CN",
                "techs": {"hydro"},
            }
        )
    segments = list(Capability.objects.filter(parent__isnull=True))
    types = list(OrgType.values)
    with transaction.atomic():
        secretariat = Organization(
            slug="bench-secretariat", name_en="Bench Secretariat", country="CN"
        )
        refresh_search_text(secretariat)
        secretariat.save()
        alliance = Alliance.objects.create(
            slug="bench", name_en="Bench Alliance", secretariat=secretariat
        )
        orgs = []
        for i, owner in enumerate(owners[:n]):
            org = Organization(
                slug=f"o{i}",
                name_en=owner["name"],
                name_zh=owner["local"] if owner["country"] == "CN" else "",
                name_vi=owner["local"] if owner["country"] == "VN" else "",
                country=owner["country"],
                org_type=types[i % len(types)],
                situation_en=f"{owner['name']} develops {', '.join(sorted(owner['techs']))} power.",
            )
            refresh_search_text(org)
            orgs.append(org)
        Organization.objects.bulk_create(orgs, batch_size=500)
        orgs = list(Organization.objects.exclude(pk=secretariat.pk).order_by("pk"))
        through = Organization.segments.through
        through.objects.bulk_create(
            [
                through(organization_id=o.pk, capability_id=segments[i % len(segments)].pk)
                for i, o in enumerate(orgs)
            ],
            batch_size=1000,
        )
        Membership.objects.bulk_create(
            [
                Membership(alliance=alliance, organization=o, status=MembershipStatus.ACTIVE)
                for o in [secretariat, *orgs]
            ],
            batch_size=1000,
        )
        Offer.objects.bulk_create(
            [
                Offer(
                    organization=o,
                    kind="offer",
                    title_en=f"Offer {i}",
                    search_text=fold(f"offer {i}"),
                )
                for i, o in enumerate(orgs[:: max(1, n // 300)])
            ],
        )
        Person.objects.create_user(
            username="bench",
            password=None,
            organization=orgs[0],
            role=PersonRole.MEMBER,
        )
    return source, orgs[len(orgs) // 2].slug


def run(n: int, repeat: int) -> dict:
    from django.test import Client

    from sanxin.directory.models import Alliance, Membership, Offer, Organization, Person

    Membership.objects.all().delete()
    Offer.objects.all().delete()
    Person.objects.all().delete()
    Alliance.objects.all().delete()
    Organization.objects.all().delete()
    source, slug = fill(n)
    client = Client()
    client.force_login(Person.objects.get(username="bench"))

    def get(url, **params):
        def call():
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)

        return call

    return {
        "organizations": n,
        "source": source,
        "directory_list": measure(get("/en/directory/"), repeat=repeat),
        "directory_list_page_10": measure(get("/en/directory/", page=10), repeat=repeat),
        "search": measure(get("/en/directory/", q="hydropower"), repeat=repeat),
        "search_chinese": measure(get("/en/directory/", q="水电"), repeat=repeat),
        "organization_page": measure(get(f"/en/o/{slug}/"), repeat=repeat),
        "api_list": measure(get("/api/organizations", limit=50), repeat=repeat),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sanxin bench directory")
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=40)
    ns = parser.parse_args(argv)
    setup_scratch_django()
    small = run(max(30, ns.orgs // 10), ns.repeat)
    large = run(ns.orgs, ns.repeat)
    targets = {"p95_ms_max": 150}
    checks = [k for k, v in large.items() if isinstance(v, dict) and v["p95_ms"] > 150]
    constant = [
        k
        for k, v in large.items()
        if isinstance(v, dict) and k in small and v["queries"] != small[k]["queries"]
    ]
    print(
        json.dumps(
            {
                "benchmark": "directory",
                "small": small,
                "large": large,
                "targets": targets,
                "over_target": checks,
                "query_count_changes_with_rows": constant,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
