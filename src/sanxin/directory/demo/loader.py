"""Load the demo alliance through the domain functions, once.

Everything goes through the same functions the UI, API and importers call, with the person who
would do it in real life as the actor: the platform admin registers the secretariat and the
alliance, the secretariat registers and invites the members, organization admins accept
invitations, fill in their capacities and post their offers. So the demo exercises the
permission rules and leaves an audit trail like real use would.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanxin.directory.demo.alliances import BATTERY_GROUP, MAIN_ALLIANCE
from sanxin.directory.demo.offers import OFFERS
from sanxin.directory.demo.organizations import (
    ACTIVE,
    INVITED,
    ORGANIZATIONS,
    PENDING,
    SUSPENDED,
)
from sanxin.directory.demo.people import PEOPLE, DemoPerson
from sanxin.directory.domain.alliances import EDITABLE_FIELDS as _ALLIANCE_FIELDS
from sanxin.directory.domain.alliances import create_alliance
from sanxin.directory.domain.memberships import (
    accept_invitation,
    apply_for_membership,
    invite_member,
    suspend_membership,
)
from sanxin.directory.domain.offers import close_offer, post_offer
from sanxin.directory.domain.organizations import create_organization, set_capacities, set_contacts
from sanxin.directory.domain.people import create_person
from sanxin.directory.enums import RegionScheme
from sanxin.directory.models import (
    Alliance,
    AllianceField,
    Capability,
    Membership,
    Offer,
    Organization,
    Person,
    Region,
)

#: (username, password, role in English, organization short name) — printed by `sanxin demo`.
DEMO_ACCOUNTS: tuple[tuple[str, str, str, str], ...] = tuple(
    (
        p.username,
        p.password,
        p.description,
        next(
            (o["short_name"] for o in ORGANIZATIONS if o["key"] == p.organization),
            "no organization",
        ),
    )
    for p in PEOPLE
    if p.password
)

#: Keys of an organization entry that are not ``create_organization`` fields.
_NOT_ORG_FIELDS = frozenset(
    {"key", "capacities", "contacts", "main", "group", "confirmed_days_ago"}
)


@dataclass(frozen=True)
class DemoSummary:
    already_loaded: bool
    alliances: int
    organizations: int
    memberships: dict[str, int] = field(default_factory=dict)
    people: int = 0
    offers: int = 0

    def __str__(self) -> str:
        statuses = ", ".join(f"{n} {status}" for status, n in sorted(self.memberships.items()))
        head = (
            "The database already holds an alliance; nothing was loaded."
            if self.already_loaded
            else "Demo alliance loaded."
        )
        return (
            f"{head} {self.alliances} alliances, {self.organizations} demo organizations, "
            f"memberships: {statuses or 'none'}, {self.people} people, {self.offers} offers "
            "and requests."
        )


def demo_summary(*, already_loaded: bool) -> DemoSummary:
    counts = Counter(
        Membership.objects.filter(alliance__is_demo=True).values_list("status", flat=True)
    )
    return DemoSummary(
        already_loaded=already_loaded,
        alliances=Alliance.objects.filter(is_demo=True).count(),
        organizations=Organization.objects.filter(is_demo=True).count(),
        memberships=dict(counts),
        people=Person.objects.count(),
        offers=Offer.objects.filter(organization__is_demo=True).count(),
    )


def load_demo(*, today: dt.date | None = None) -> DemoSummary:
    """Load the demo alliance in one transaction if the database holds no alliance yet."""
    with transaction.atomic():
        if Alliance.objects.exists():
            return demo_summary(already_loaded=True)
        _Loader(today or timezone.localdate()).run()
    return demo_summary(already_loaded=False)


class _Loader:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.caps = {c.code: c for c in Capability.objects.all()}
        self.regions = {r.code: r for r in Region.objects.all()}
        self.fields = {f.code: f for f in AllianceField.objects.all()}
        self.orgs: dict[str, Organization] = {}
        self.people: dict[str, Person] = {}
        self.specs = {o["key"]: o for o in ORGANIZATIONS}

    # --- steps --------------------------------------------------------------------------

    def run(self) -> None:
        admin = self.person(next(p for p in PEOPLE if p.is_superuser), actor=None)
        main = self.alliance(
            MAIN_ALLIANCE, actor=admin, role=self.specs[MAIN_ALLIANCE["secretariat"]]["main"][0]
        )
        secretariat = self.people["secretariat"]
        for spec in ORGANIZATIONS:
            if spec.get("main") and spec["key"] != MAIN_ALLIANCE["secretariat"]:
                self.main_member(spec, main, admin=admin, secretariat=secretariat)
        group = self.alliance(
            BATTERY_GROUP, actor=admin, role=self.specs[BATTERY_GROUP["secretariat"]]["group"]
        )
        for spec in ORGANIZATIONS:
            if spec.get("group"):
                self.group_member(spec, group, admin=admin)
        for person in PEOPLE:
            if person.username not in self.people:
                self.person(person, actor=admin)
        for spec in OFFERS:
            self.offer(spec, secretariat=secretariat, admin=admin)

    def alliance(self, spec: dict[str, Any], *, actor: Person, role: str) -> Alliance:
        """The platform admin registers the secretariat, the alliance and its secretary."""
        secretariat_org = self.organization(self.specs[spec["secretariat"]], actor=actor)
        alliance = create_alliance(actor=actor, data=self.alliance_data(spec, secretariat_org))
        secretary = None
        for person in PEOPLE:
            if person.organization == secretariat_org.slug:
                secretary = self.person(person, actor=actor)
        membership = invite_member(
            actor=secretary or actor, alliance=alliance, organization=secretariat_org, role=role
        )
        accept_invitation(actor=secretary or actor, membership=membership)
        self.profile_rows(secretariat_org, actor=secretary or actor)
        return alliance

    def alliance_data(self, spec: dict[str, Any], secretariat: Organization) -> dict[str, Any]:
        regions = [self.regions[code] for code in spec["regions"]]
        if spec["all_current_vietnam"]:
            regions += [r for r in self.regions.values() if r.scheme == RegionScheme.VN_2025]
        data = {k: spec[k] for k in _ALLIANCE_FIELDS if k in spec}
        data.update(
            fields=[self.fields[code] for code in spec["fields"]],
            regions=regions,
            secretariat=secretariat,
            is_demo=True,
        )
        return data

    def member_since(self) -> dt.date:
        """Staggered joining dates since the alliance's founding, never after today."""
        founded = dt.date(2022, 6, 18)
        self._joined = getattr(self, "_joined", 0) + 1
        return min(self.today, founded + dt.timedelta(days=(self._joined * 29) % 1100))

    def main_member(
        self, spec: dict[str, Any], alliance: Alliance, *, admin: Person, secretariat: Person
    ) -> None:
        role, status = spec["main"]
        if status not in (ACTIVE, PENDING, INVITED, SUSPENDED):
            raise ValueError(f"demo membership status {status!r} is not supported")
        if status == PENDING:
            # An outside organization registers itself (via the platform) and applies.
            org = self.organization(spec, actor=admin)
            applicant = self.org_people(org, actor=admin)
            self.profile_rows(org, actor=applicant or admin)
            apply_for_membership(actor=applicant or admin, alliance=alliance, organization=org)
            return
        org = self.organization(spec, actor=secretariat)
        membership = invite_member(
            actor=secretariat, alliance=alliance, organization=org, role=role
        )
        if status == INVITED:
            return
        own_admin = self.org_people(org, actor=secretariat)
        self.profile_rows(org, actor=own_admin or secretariat)
        membership = accept_invitation(
            actor=own_admin or secretariat, membership=membership, since=self.member_since()
        )
        if status == SUSPENDED:
            suspend_membership(actor=secretariat, membership=membership)

    def group_member(self, spec: dict[str, Any], alliance: Alliance, *, admin: Person) -> None:
        if spec["key"] == alliance.secretariat.slug:
            return
        org = self.orgs.get(spec["key"]) or self.organization(spec, actor=admin)
        membership = invite_member(
            actor=admin, alliance=alliance, organization=org, role=spec["group"]
        )
        own_admin = self.org_people(org, actor=admin)
        if not org.capacities.exists():
            self.profile_rows(org, actor=own_admin or admin)
        accept_invitation(actor=own_admin or admin, membership=membership)

    def offer(self, spec: dict[str, Any], *, secretariat: Person, admin: Person) -> None:
        org = self.orgs[spec["org"]]
        in_main = "main" in self.specs[spec["org"]]
        actor = self.people[spec["by"]] if "by" in spec else (secretariat if in_main else admin)
        data = {k: v for k, v in spec.items() if k not in {"org", "by", "valid_days", "close"}}
        data["capabilities"] = [self.caps[code] for code in spec["capabilities"]]
        data["regions"] = [self.regions[code] for code in spec["regions"]]
        data["valid_until"] = self.today + dt.timedelta(days=spec["valid_days"])
        offer = post_offer(actor=actor, organization=org, data=data)
        if spec.get("close"):
            close_offer(actor=actor, offer=offer)

    # --- building blocks ----------------------------------------------------------------

    def organization(self, spec: dict[str, Any], *, actor: Person) -> Organization:
        data = {k: v for k, v in spec.items() if k not in _NOT_ORG_FIELDS}
        data.update(
            slug=spec["key"],
            is_demo=True,
            province=self.regions[spec["province"]],
            segments=[self.caps[code] for code in spec.get("segments", ())],
            capabilities=[self.caps[code] for code in spec.get("capabilities", ())],
            last_confirmed=self.today - dt.timedelta(days=spec["confirmed_days_ago"]),
        )
        org = create_organization(actor=actor, data=data)
        self.orgs[org.slug] = org
        return org

    def profile_rows(self, org: Organization, *, actor: Person) -> None:
        spec = self.specs[org.slug]
        if spec.get("capacities"):
            rows = [
                {
                    "value": Decimal(value),
                    "unit": unit,
                    "label": label,
                    "capability": self.caps[cap] if cap else None,
                }
                for value, unit, label, cap in spec["capacities"]
            ]
            set_capacities(actor=actor, organization=org, rows=rows)
        if spec.get("contacts"):
            rows = [
                {"name": name, "title": title, "email": email, "phone": phone}
                for name, title, email, phone in spec["contacts"]
            ]
            set_contacts(actor=actor, organization=org, rows=rows)

    def org_people(self, org: Organization, *, actor: Person) -> Person | None:
        """Create the organization's demo people; return its admin if it has one."""
        own_admin = None
        for spec in PEOPLE:
            if spec.organization == org.slug and spec.username not in self.people:
                person = self.person(spec, actor=actor)
                if person.role == "org_admin":
                    own_admin = person
        return own_admin

    def person(self, spec: DemoPerson, *, actor: Person | None) -> Person:
        person = create_person(
            actor=actor,
            username=spec.username,
            password=spec.password,
            organization=self.orgs.get(spec.organization) if spec.organization else None,
            role=spec.role,
            email=spec.email,
            display_name=spec.display_name,
            language=spec.language,
            is_superuser=spec.is_superuser,
        )
        self.people[spec.username] = person
        return person
