"""Records as searchable :class:`~sanxin.engines.matching.corpus.Item` s, one function a kind."""

from __future__ import annotations

from sanxin.engines.matching.corpus import Item
from sanxin.engines.matching.records import Offer, Organization, Participant, Project, all_text
from sanxin.engines.matching.roles import role_needs


def role_key(project: Project, index: int) -> str:
    """The key of the ``index``-th role of a project in results (``epc``, or ``epc#2`` for a
    second role of the same type)."""
    role = project.roles[index].role
    before = sum(1 for r in project.roles[:index] if r.role == role)
    return role if before == 0 else f"{role}#{before + 1}"


def organization_item(org: Organization) -> Item:
    return Item(
        id=org.id,
        kind="organization",
        owner=org.id,
        text=all_text(org.names, org.texts),
        provides=org.capabilities,
        needs=org.needs,
        country=org.country,
        province=org.province,
        countries=org.countries,
        provinces=org.provinces,
        size_mw=org.typical_mw,
        ticket=org.max_ticket,
        org_type=org.org_type,
        member=org.member,
    )


def role_items(project: Project) -> list[Item]:
    """One item per open role (id ``PROJECT#ROLE``); the role's needs default by project type."""
    text = all_text(project.titles, project.texts)
    return [
        Item(
            id=f"{project.id}#{role_key(project, index)}",
            kind="project_role",
            owner=project.owner or project.id,
            text="\n".join(filter(None, (text, all_text(role.texts)))),
            needs=role.capabilities or role_needs(role.role, project.project_type),
            country=project.country,
            province=project.province,
            size_mw=project.capacity_mw,
            role=role.role,
            live=project.live,
            ref=project.id,
        )
        for index, role in enumerate(project.roles)
        if role.filled_by is None
    ]


def offer_item(offer: Offer, org: Organization | None) -> Item:
    """An offer provides its capabilities, a request needs them; the place is the offer's
    countries/provinces, else its organization's."""
    caps = offer.capabilities
    return Item(
        id=offer.id,
        kind=offer.kind,
        owner=offer.organization,
        text=all_text(offer.titles, offer.texts),
        provides=caps if offer.kind == "offer" else frozenset(),
        needs=caps if offer.kind == "request" else frozenset(),
        country=org.country if org else "",
        province=org.province if org else "",
        countries=offer.countries,
        provinces=offer.provinces,
        live=offer.open,
    )


def participant_item(person: Participant, org: Organization | None) -> Item:
    """A participant: their own texts and sought capabilities, and their organization's
    profile, capabilities and place."""
    org = org or Organization(id=person.organization)
    return Item(
        id=person.id,
        kind="participant",
        owner=person.organization,
        text="\n".join(filter(None, (all_text(person.texts), all_text(org.names, org.texts)))),
        provides=org.capabilities,
        needs=person.seeks | org.needs,
        country=org.country,
        province=org.province,
        countries=org.countries,
        provinces=org.provinces,
        size_mw=org.typical_mw,
        org_type=org.org_type,
    )
