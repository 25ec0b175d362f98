"""The matching engine's records, built from the platform's rows.

Keys name a record across the engine: ``o12`` (organization), ``p7`` (project), ``f3``
(offer or request), ``r9`` (event registration), ``e2`` (event). A project's open roles are
the roles its type usually needs (``ROLES_BY_TYPE``) that no invited or confirmed partner
holds yet, plus a local partner where the owner comes from another country than the project.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from sanxin.directory.enums import MembershipStatus, OfferKind, OfferStatus
from sanxin.directory.models import Capability, Membership, Offer, Organization
from sanxin.engines.matching import Offer as OfferRecord
from sanxin.engines.matching import Organization as OrgRecord
from sanxin.engines.matching import Participant as ParticipantRecord
from sanxin.engines.matching import Project as ProjectRecord
from sanxin.engines.matching import Role, Taxonomy, Tie, all_text
from sanxin.events.enums import MeetingStatus, RegistrationStatus
from sanxin.events.models import Meeting, Registration
from sanxin.projects.enums import CapacityUnit, ConsortiumStatus, Stage
from sanxin.projects.models import ConsortiumRole, Project

LANGUAGES = ("en", "zh", "vi")
PROFILE_TEXTS = ("situation", "advantages", "ideas")

#: Stages in which a project still looks for partners.
OPEN_STAGES = (Stage.IDEA, Stage.PROPOSED, Stage.AGREEMENT, Stage.FINANCING)

_CORE = ("investor", "epc", "equipment_supplier", "financier", "om")
#: The roles a project of each type usually needs (required unless listed in OPTIONAL).
ROLES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "battery_recycling": ("investor", "epc", "recycler", "financier"),
    "cell_manufacturing": ("investor", "epc", "equipment_supplier", "financier"),
    "equipment_manufacturing": ("investor", "epc", "equipment_supplier", "financier"),
    "charging": ("investor", "epc", "equipment_supplier", "om"),
}
OPTIONAL = frozenset({"om"})


def org_key(pk: int) -> str:
    return f"o{pk}"


def project_key(pk: int) -> str:
    return f"p{pk}"


def offer_key(pk: int) -> str:
    return f"f{pk}"


def registration_key(pk: int) -> str:
    return f"r{pk}"


def event_key(pk: int) -> str:
    return f"e{pk}"


def parse_key(key: str) -> tuple[str, int, str]:
    """``"p7#epc"`` → ``("p", 7, "epc")``; ``"o12"`` → ``("o", 12, "")``. ValueError if bad."""
    head, _sep, role = key.partition("#")
    prefix, number = head[:1], head[1:]
    if prefix not in ("o", "p", "f", "r") or not number.isdigit() or len(number) > 18:
        raise ValueError(key)
    return prefix, int(number), role


def _texts(obj: object, base: str) -> dict[str, str]:
    return {lang: value for lang in LANGUAGES if (value := getattr(obj, f"{base}_{lang}", ""))}


def _joined(obj: object, bases: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        parts = [getattr(obj, f"{b}_{lang}", "") for b in bases]
        text = "\n".join(p.strip() for p in parts if p and p.strip())
        if text:
            out[lang] = text
    return out


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def record_text(record: object) -> str:
    """The text the engine reads for a record (and the stored embedding is computed from)."""
    if isinstance(record, OrgRecord):
        return all_text(record.names, record.texts)
    if isinstance(record, (ProjectRecord, OfferRecord)):
        return all_text(record.titles, record.texts)
    raise TypeError(type(record).__name__)


# --- taxonomy ------------------------------------------------------------------------------


def load_taxonomy() -> Taxonomy:
    rows = list(Capability.objects.values_list("pk", "code", "parent_id", "name_en", "name_zh"))
    rows_vi = dict(Capability.objects.values_list("code", "name_vi"))
    codes = {pk: code for pk, code, *_ in rows}
    parents = {code: codes.get(parent) for _pk, code, parent, _en, _zh in rows}
    labels = {
        code: {"en": en, "zh": zh, "vi": rows_vi.get(code, "")} for _pk, code, _p, en, zh in rows
    }
    return Taxonomy(parents=parents, labels=labels)


# --- organizations -------------------------------------------------------------------------


def organization_records(ids: Iterable[int] | None = None) -> dict[str, OrgRecord]:
    """Every organization (or those of ``ids``) as an engine record."""
    qs = Organization.objects.select_related("province").prefetch_related("capabilities")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    members = set(
        Membership.objects.filter(status=MembershipStatus.ACTIVE).values_list(
            "organization_id", flat=True
        )
    )
    needs: dict[int, set[str]] = defaultdict(set)
    for org_id, code in Offer.objects.filter(
        kind=OfferKind.REQUEST, status=OfferStatus.OPEN, capabilities__isnull=False
    ).values_list("organization_id", "capabilities__code"):
        needs[org_id].add(code)
    works = _where_they_work(ids)
    out: dict[str, OrgRecord] = {}
    for org in qs:
        countries, provinces = works.get(org.pk, (set(), set()))
        out[org_key(org.pk)] = OrgRecord(
            id=org_key(org.pk),
            names=_texts(org, "name"),
            texts=_joined(org, PROFILE_TEXTS),
            org_type=org.org_type,
            country=org.country,
            province=org.province.code if org.province else "",
            countries=frozenset(countries),
            provinces=frozenset(provinces),
            capabilities=frozenset(c.code for c in org.capabilities.all()),
            needs=frozenset(needs.get(org.pk, ())),
            member=org.pk in members,
        )
    return out


def _where_they_work(ids: Iterable[int] | None) -> dict[int, tuple[set[str], set[str]]]:
    """Countries and provinces of the projects each organization owns or is a confirmed
    partner of (where it already works)."""
    owned = Project.objects.filter(owner__isnull=False).values_list(
        "owner_id", "country", "province__code"
    )
    joined = ConsortiumRole.objects.filter(status=ConsortiumStatus.CONFIRMED).values_list(
        "organization_id", "project__country", "project__province__code"
    )
    if ids is not None:
        ids = list(ids)
        owned = owned.filter(owner_id__in=ids)
        joined = joined.filter(organization_id__in=ids)
    out: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for org_id, country, province in [*owned, *joined]:
        countries, provinces = out[org_id]
        if country:
            countries.add(country)
        if province:
            provinces.add(province)
    return dict(out)


# --- projects ------------------------------------------------------------------------------


def _capacity_mw(project: Project) -> float | None:
    if project.capacity is None or project.capacity_unit != CapacityUnit.MW:
        return None
    return float(project.capacity)


def _roles(project: Project, rows: list[ConsortiumRole], owner_country: str) -> tuple[Role, ...]:
    held = [r for r in rows if r.status in (ConsortiumStatus.INVITED, ConsortiumStatus.CONFIRMED)]
    roles = [Role(r.role, filled_by=org_key(r.organization_id)) for r in held]
    if project.stage not in OPEN_STAGES:
        return tuple(roles)
    taken = {r.role for r in held}
    wanted = list(ROLES_BY_TYPE.get(project.project_type, _CORE))
    if owner_country and owner_country != project.country:
        wanted.append("local_partner")
    for role in wanted:
        if role not in taken:
            roles.append(Role(role, required=role not in OPTIONAL))
    return tuple(roles)


def project_records(ids: Iterable[int] | None = None) -> dict[str, ProjectRecord]:
    qs = Project.objects.select_related("province", "owner")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    projects = list(qs)
    roles: dict[int, list[ConsortiumRole]] = defaultdict(list)
    role_rows = ConsortiumRole.objects.only("project_id", "organization_id", "role", "status")
    if ids is not None:
        role_rows = role_rows.filter(project_id__in=[p.pk for p in projects])
    for row in role_rows.order_by("project_id", "role", "id"):
        roles[row.project_id].append(row)
    out: dict[str, ProjectRecord] = {}
    for p in projects:
        rows = roles.get(p.pk, [])
        owner_country = p.owner.country if p.owner else ""
        out[project_key(p.pk)] = ProjectRecord(
            id=project_key(p.pk),
            titles=_texts(p, "title"),
            texts=_texts(p, "description"),
            project_type=p.project_type,
            country=p.country,
            province=p.province.code if p.province else "",
            capacity_mw=_capacity_mw(p),
            roles=_roles(p, rows, owner_country),
            owner=org_key(p.owner_id) if p.owner_id else None,
            members=frozenset(
                org_key(r.organization_id) for r in rows if r.status == ConsortiumStatus.CONFIRMED
            ),
            declined=frozenset(
                org_key(r.organization_id) for r in rows if r.status == ConsortiumStatus.DECLINED
            ),
            local_partner_required=bool(owner_country) and owner_country != p.country,
            live=p.stage in OPEN_STAGES,
        )
    return out


# --- offers --------------------------------------------------------------------------------


def offer_records(ids: Iterable[int] | None = None) -> dict[str, OfferRecord]:
    qs = Offer.objects.prefetch_related("capabilities", "regions")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    today = timezone.localdate()
    out: dict[str, OfferRecord] = {}
    for offer in qs:
        regions = list(offer.regions.all())
        out[offer_key(offer.pk)] = OfferRecord(
            id=offer_key(offer.pk),
            organization=org_key(offer.organization_id),
            kind=offer.kind,
            titles=_texts(offer, "title"),
            texts=_texts(offer, "text"),
            capabilities=frozenset(c.code for c in offer.capabilities.all()),
            countries=frozenset(r.country for r in regions),
            provinces=frozenset(r.code for r in regions),
            open=offer.status == OfferStatus.OPEN
            and (offer.valid_until is None or offer.valid_until >= today),
        )
    return out


# --- relationships and participants -------------------------------------------------------


def ties() -> list[Tie]:
    """Past consortia (the owner and confirmed partners of a project, pairwise) and meetings."""
    teams: dict[int, set[str]] = defaultdict(set)
    for project_id, org_id, owner_id in ConsortiumRole.objects.filter(
        status=ConsortiumStatus.CONFIRMED
    ).values_list("project_id", "organization_id", "project__owner_id"):
        teams[project_id].add(org_key(org_id))
        if owner_id:
            teams[project_id].add(org_key(owner_id))
    out = [
        Tie(a, b, "consortium", project=project_key(pid))
        for pid, team in sorted(teams.items())
        for a, b in itertools.combinations(sorted(team), 2)
    ]
    meetings = Meeting.objects.filter(status=MeetingStatus.PUBLISHED).values_list(
        "event_id", "request__sender__organization_id", "request__recipient__organization_id"
    )
    for event_id, a, b in meetings:
        if a and b and a != b:
            out.append(Tie(org_key(a), org_key(b), "meeting", event=event_key(event_id)))
    return out


def participant_records(event_id: int) -> dict[str, ParticipantRecord]:
    """The approved participants of an event with an organization."""
    rows = Registration.objects.filter(
        Q(event_id=event_id, status=RegistrationStatus.APPROVED) & Q(organization__isnull=False)
    ).values_list("pk", "organization_id", "offers", "seeks")
    return {
        registration_key(pk): ParticipantRecord(
            id=registration_key(pk),
            organization=org_key(org_id),
            texts={k: v for k, v in (("offers", offers), ("seeks", seeks)) if v},
        )
        for pk, org_id, offers, seeks in rows
    }
