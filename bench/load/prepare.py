"""Set up the installation `sanxin bench load` drives (run in its own process by bench/load.py).

Migrates, loads the demo, adds SANXIN_LOAD_ORGS organizations (members of the demo alliance)
with one person each, registered and listed at the demo symposium (a symposium of about a
thousand participants whose meeting requests stay open), SANXIN_LOAD_PROJECTS projects, gives
four demo accounts a known password and one an API token, and prints JSON with what the
locustfile needs.
"""

from __future__ import annotations

import json
import os

import django

STAGES = (
    "idea",
    "proposed",
    "agreement_signed",
    "financing_closed",
    "construction_started",
    "commissioning",
    "in_operation",
)
ACCOUNTS = ("secretariat", "battery.member", "gearbox.admin", "epc.partner")


def main() -> None:
    django.setup()
    from django.core.management import call_command

    from sanxin.common.enums import Confidentiality
    from sanxin.common.i18n import fold
    from sanxin.demo import load_everything
    from sanxin.directory.domain.people import create_api_token
    from sanxin.directory.models import Alliance, Membership, Organization, Person
    from sanxin.events.models import Event, Registration
    from sanxin.projects.models import Project

    call_command("migrate", verbosity=0, interactive=False)
    load_everything()
    n_orgs = int(os.environ["SANXIN_LOAD_ORGS"])
    n_projects = int(os.environ["SANXIN_LOAD_PROJECTS"])
    password = os.environ["SANXIN_LOAD_PASSWORD"]
    alliance = Alliance.objects.get(slug="sanxin-southwest")
    Organization.objects.bulk_create(
        [
            Organization(
                slug=f"load-org-{i}",
                name_en=f"Load Test Energy {i}",
                name_zh=f"负载测试能源{i}",
                org_type="enterprise",
                country="CN",
                search_text=fold(f"load test energy {i} 负载测试能源{i}"),
            )
            for i in range(n_orgs)
        ],
        batch_size=500,
    )
    orgs = list(Organization.objects.filter(slug__startswith="load-org-"))
    Membership.objects.bulk_create(
        [
            Membership(alliance=alliance, organization=o, status="active", role="member")
            for o in orgs
        ],
        batch_size=500,
    )
    Project.objects.bulk_create(
        [
            Project(
                title_en=f"Load test project {i}",
                project_type="wind",
                country="CN",
                owner=orgs[i % len(orgs)],
                alliance=alliance,
                confidentiality="alliance",
                stage=STAGES[i % len(STAGES)],
                furthest_stage=STAGES[i % len(STAGES)],
                search_text=f"load test project {i}",
            )
            for i in range(n_projects)
        ],
        batch_size=500,
    )
    people = Person.objects.bulk_create(
        [
            Person(
                username=f"load-person-{org.pk}",
                organization=org,
                role="member",
                first_name="Load",
                last_name=str(org.pk),
                password="!",  # noqa: S106 - an unusable password: these people never sign in
            )
            for org in orgs
        ],
        batch_size=500,
    )
    event = Event.objects.order_by("pk").first()
    event.max_requests_per_person = 30000  # the bench's senders must not run out of requests
    event.request_deadline = None
    event.save(update_fields=["max_requests_per_person", "request_deadline"])
    registrations = Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                person=person,
                organization=person.organization,
                kind="member",
                status="approved",
                listed=True,
                languages=["zh", "en"],
                offers="Wind and storage equipment",
                seeks="Partners in Vietnam",
            )
            for person in people
        ],
        batch_size=500,
    )
    for username in ACCOUNTS:
        person = Person.objects.get(username=username)
        person.set_password(password)
        person.save()
    _, token = create_api_token(actor=Person.objects.get(username="battery.member"), name="load")
    # public profiles: every load account may open them (a hidden one rightly answers 404)
    public = Organization.objects.filter(confidentiality=Confidentiality.PUBLIC)
    slugs = public.order_by("?").values_list("slug", flat=True)[:200]
    projects = Project.objects.order_by("?").values_list("pk", flat=True)[:200]
    print(
        json.dumps(
            {
                "users": ",".join(f"{u}:{password}" for u in ACCOUNTS),
                "token": token,
                "slugs": ",".join(slugs),
                "projects": ",".join(str(pk) for pk in projects),
                "event": event.pk,
                "registrations": ",".join(str(r.pk) for r in registrations),
            }
        )
    )


if __name__ == "__main__":
    main()
