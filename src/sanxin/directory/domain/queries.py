"""Read queries of the directory: search, filters, the alliance at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from sanxin.common.i18n import fold
from sanxin.directory.domain.access import (
    Viewer,
    visible_alliances,
    visible_memberships,
    visible_offers,
    visible_organizations,
)
from sanxin.directory.enums import MembershipStatus, OfferStatus, OrgType
from sanxin.directory.models import Capability, Membership, Offer, Organization


@dataclass(frozen=True)
class OrgFilters:
    q: str = ""
    org_type: str = ""
    segment: str = ""
    capability: str = ""
    country: str = ""
    province: str = ""
    role: str = ""
    alliance: str = ""
    stale: bool = False


def _text_condition(q: str, field: str = "search_text") -> Q:
    """Every word of ``q`` must appear (as typed or without diacritics)."""
    cond = Q()
    for word in q.split():
        word_cf = word.casefold()
        folded = fold(word)
        cond &= Q(**{f"{field}__contains": word_cf}) | Q(**{f"{field}__contains": folded})
    return cond


def capability_and_descendants(code: str) -> list[int]:
    ids: list[int] = []
    frontier = list(Capability.objects.filter(code=code).values_list("id", flat=True))
    while frontier:
        ids.extend(frontier)
        frontier = list(
            Capability.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
    return ids


def search_organizations(viewer: Viewer, filters: OrgFilters) -> QuerySet[Organization]:
    qs = visible_organizations(viewer)
    if filters.q.strip():
        qs = qs.filter(_text_condition(filters.q))
    if filters.org_type:
        qs = qs.filter(org_type=filters.org_type)
    if filters.segment:
        qs = qs.filter(segments__code=filters.segment)
    if filters.capability:
        qs = qs.filter(capabilities__in=capability_and_descendants(filters.capability)).distinct()
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.province:
        qs = qs.filter(
            Q(province__code=filters.province) | Q(province__successor__code=filters.province)
        )
    if filters.role or filters.alliance:
        memberships = visible_memberships(viewer).filter(status=MembershipStatus.ACTIVE)
        if filters.role:
            memberships = memberships.filter(role=filters.role)
        if filters.alliance:
            memberships = memberships.filter(alliance__slug=filters.alliance)
        qs = qs.filter(pk__in=memberships.values("organization_id"))
    if filters.stale:
        import datetime as dt  # noqa: PLC0415

        from django.conf import settings  # noqa: PLC0415
        from django.utils import timezone  # noqa: PLC0415

        limit = timezone.localdate() - dt.timedelta(days=settings.SANXIN_STALE_AFTER_DAYS)
        qs = qs.filter(Q(last_confirmed__lt=limit) | Q(last_confirmed__isnull=True))
    return qs.select_related("province").prefetch_related("segments").order_by("slug")


def organization_page(viewer: Viewer, slug: str) -> Organization:
    """One organization the viewer may see, with what its page shows (or DoesNotExist)."""
    return (
        visible_organizations(viewer)
        .select_related("province", "province__successor")
        .prefetch_related(
            "segments",
            "capabilities",
            "capabilities__parent",
            "capacities",
            "contacts",
            Prefetch(
                "memberships",
                queryset=visible_memberships(viewer).select_related("alliance"),
                to_attr="visible_memberships",
            ),
            Prefetch(
                "offers",
                queryset=visible_offers(viewer).filter(status=OfferStatus.OPEN),
                to_attr="visible_offers",
            ),
        )
        .get(slug=slug)
    )


def search_offers(
    viewer: Viewer,
    *,
    q: str = "",
    kind: str = "",
    capability: str = "",
    region: str = "",
    include_closed: bool = False,
) -> QuerySet[Offer]:
    qs = visible_offers(viewer)
    if not include_closed:
        qs = qs.filter(status=OfferStatus.OPEN)
    if q.strip():
        qs = qs.filter(_text_condition(q))
    if kind:
        qs = qs.filter(kind=kind)
    if capability:
        qs = qs.filter(capabilities__in=capability_and_descendants(capability)).distinct()
    if region:
        qs = qs.filter(regions__code=region)
    return qs.select_related("organization").prefetch_related("capabilities", "regions")


def alliance_glance(viewer: Viewer):
    """Alliances the viewer may see, each with member counts by type and open offers."""
    alliances = (
        visible_alliances(viewer)
        .select_related("secretariat")
        .prefetch_related("fields", "regions")
    )
    out = []
    for alliance in alliances:
        members = visible_memberships(viewer).filter(
            alliance=alliance, status=MembershipStatus.ACTIVE
        )
        by_type = (
            members.values("organization__org_type")
            .annotate(n=Count("id"))
            .order_by("organization__org_type")
        )
        countries = members.values("organization__country").annotate(n=Count("id")).order_by("-n")
        out.append(
            {
                "alliance": alliance,
                "member_count": members.count(),
                "by_type": [
                    {"label": OrgType(row["organization__org_type"]).label, "n": row["n"]}
                    for row in by_type
                ],
                "by_country": list(countries),
                "offers": visible_offers(viewer)
                .filter(
                    status=OfferStatus.OPEN,
                    organization__in=members.values("organization_id"),
                )
                .count(),
            }
        )
    return out


def pending_memberships(alliance_id: int) -> QuerySet[Membership]:
    return Membership.objects.filter(
        alliance_id=alliance_id, status__in=(MembershipStatus.PENDING, MembershipStatus.INVITED)
    )
