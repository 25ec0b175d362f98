"""Load the demo projects through the domain functions, after the demo alliance.

The secretariat records most projects and moves them along their stages on the dates they
happened; an organization admin records its own; invited partners are left for their admins
to answer (the demo's ``epc.partner`` has invitations waiting). Runs inside the caller's
transaction (``sanxin.demo.load_everything``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sanxin.directory.models import Alliance, Organization, Person, Region
from sanxin.projects.demo.projects import PROJECTS
from sanxin.projects.domain import consortium, followups, funding, milestones, phases
from sanxin.projects.domain.projects import create_project
from sanxin.projects.domain.stages import set_project_stage
from sanxin.projects.enums import FundingEntryKind, Stage
from sanxin.projects.models import Project

MAIN_ALLIANCE_SLUG = "sanxin-southwest"

#: Fields of an entry that are not ``create_project`` fields.
_NOT_PROJECT_FIELDS = frozenset(
    {
        "key",
        "by",
        "path",
        "phases",
        "milestones",
        "partners",
        "funding",
        "follow_ups",
        "appraise_as",
    }
)
_DECIMALS = ("capacity", "investment", "latitude", "longitude")
_PHASE_DATES = ("start_planned", "start_actual", "operation_planned", "operation_actual")


@dataclass(frozen=True)
class DemoProjects:
    projects: int
    phases: int
    milestones: int
    partners: int

    def __str__(self) -> str:
        return (
            f"Demo projects loaded: {self.projects} projects, {self.phases} phases, "
            f"{self.milestones} milestones, {self.partners} consortium entries."
        )


#: Approximate CNY per unit in 2025, for the demo's landing ratios (an admin records real ones).
DEMO_RATES = (("USD", Decimal("7.10")), ("VND", Decimal("0.00028")))


def load_demo_projects(*, today: dt.date) -> DemoProjects:
    loader = _Loader(today)
    admin = Person.objects.filter(is_superuser=True).order_by("pk").first()
    for currency, rate in DEMO_RATES:
        funding.set_exchange_rate(
            actor=admin,
            currency=currency,
            on=today - dt.timedelta(days=1600),
            rate=rate,
            source="Demo: approximate 2025 rate",
        )
    for spec in PROJECTS:
        loader.project(spec)
    demo = Project.objects.filter(is_demo=True)
    return DemoProjects(
        projects=demo.count(),
        phases=sum(p.phases.count() for p in demo),
        milestones=sum(p.milestones.count() for p in demo),
        partners=sum(p.consortium.count() for p in demo),
    )


class _Loader:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.alliance = Alliance.objects.get(slug=MAIN_ALLIANCE_SLUG)
        self.orgs = {o.slug: o for o in Organization.objects.filter(is_demo=True)}
        self.people = {p.username: p for p in Person.objects.all()}
        self.regions = {r.code: r for r in Region.objects.all()}

    def day(self, offset: int | None) -> dt.date | None:
        return None if offset is None else self.today + dt.timedelta(days=offset)

    def project(self, spec: dict[str, Any]) -> Project:
        actor = self.people[spec["by"]]
        data = {k: v for k, v in spec.items() if k not in _NOT_PROJECT_FIELDS}
        for key in _DECIMALS:
            if key in data:
                data[key] = Decimal(data[key])
        data.update(
            owner=self.orgs[spec["owner"]],
            province=self.regions[spec["province"]],
            alliance=self.alliance,
            is_demo=True,
        )
        path = spec["path"]
        first_stage, first_days = path[0] if path else (Stage.IDEA, 30)
        project = create_project(
            actor=actor, data=data, stage=first_stage, on=self.day(-first_days)
        )
        for stage, days in path[1:]:
            project = set_project_stage(
                actor=actor, project=project, stage=stage, on=self.day(-days)
            )
        self.parts(spec, project, actor)
        return project

    def parts(self, spec: dict[str, Any], project: Project, actor: Person) -> None:
        numbered = {}
        for row in spec.get("phases", ()):
            data = dict(row)
            for key in _PHASE_DATES:
                if key in data:
                    data[key] = self.day(data[key])
            for key in ("capacity", "investment"):
                if key in data:
                    data[key] = Decimal(data[key])
            numbered[row["number"]] = phases.add_phase(actor=actor, project=project, data=data)
        for row in spec.get("milestones", ()):
            data = dict(row)
            data["phase"] = numbered.get(row.get("phase"))
            data["planned"] = self.day(row["planned"])
            data["actual"] = self.day(row.get("actual"))
            milestones.add_milestone(actor=actor, project=project, data=data)
        for org_key, role, status, share in spec.get("partners", ()):
            self.partner(
                project,
                self.orgs[org_key],
                role=role,
                status=status,
                share=share,
                actor=actor,
            )
        for org_key, kind, currency, committed, arrived in spec.get("funding", ()):
            source = funding.add_funding_source(
                actor=actor,
                project=project,
                organization=self.orgs[org_key],
                kind=kind,
                currency=currency,
            )
            on = project.stage_since or self.today
            for entry_kind, amount in (
                (FundingEntryKind.COMMITTED, committed),
                (FundingEntryKind.ARRIVED, arrived),
            ):
                if Decimal(amount) > 0:
                    funding.record_funding(
                        actor=actor, source=source, kind=entry_kind, amount=Decimal(amount), on=on
                    )
        for username, title, due in spec.get("follow_ups", ()):
            followups.add_follow_up(
                actor=actor,
                project=project,
                data={"title": title, "owner": self.people[username], "due": self.day(due)},
            )

    def partner(self, project, organization, *, role, status, share, actor) -> None:
        share = Decimal(share) if share is not None else None
        if status == "confirmed":
            # The partner's own admin accepts where the demo has one; otherwise recorded as in.
            admin = next(
                (
                    p
                    for p in self.people.values()
                    if p.organization_id == organization.pk
                    and p.role == "org_admin"
                    and p.has_usable_password()
                ),
                None,
            )
            if admin is None:
                consortium.add_confirmed_partner(
                    actor=None, project=project, organization=organization, role=role, share=share
                )
                return
            row = consortium.propose_partner(
                actor=actor, project=project, organization=organization, role=role, share=share
            )
            consortium.accept_invitation(actor=admin, role=row)
            return
        consortium.propose_partner(
            actor=actor,
            project=project,
            organization=organization,
            role=role,
            share=share,
            invite=status == "invited",
        )
