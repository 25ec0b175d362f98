"""REST endpoints of the member directory.

Every read starts from a viewer-scoped ``visible_*`` queryset (rows the caller may not see
answer 404, never 403) and every write goes through a domain function, which checks the
caller's powers, validates, saves and writes the audit entry.
"""

from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from sanxin.common.page_cache import cached_per_viewer
from sanxin.directory import api_schemas as s
from sanxin.directory.domain import memberships as membership_ops
from sanxin.directory.domain.access import (
    Viewer,
    can_manage_alliance,
    viewer_for,
    visible_alliances,
    visible_memberships,
    visible_offers,
    visible_organizations,
)
from sanxin.directory.domain.common import require
from sanxin.directory.domain.offers import delete_offer, post_offer, update_offer
from sanxin.directory.domain.organizations import (
    confirm_profile,
    create_organization,
    delete_organization,
    update_organization,
)
from sanxin.directory.domain.queries import OrgFilters, organization_page, search_offers
from sanxin.directory.domain.queries import search_organizations as search_orgs
from sanxin.directory.enums import (
    MembershipRole,
    MembershipStatus,
    OfferKind,
    OrgType,
    RegionScheme,
)
from sanxin.directory.models import Alliance, Capability, Organization, Region

router = Router(tags=["directory"])


class Page(LimitOffsetPagination):
    """``limit`` (1–200, default 25) and ``offset``; answers ``{"items": [...], "count": N}``."""

    class Input(Schema):
        limit: int = Field(25, ge=1, le=200)
        offset: int = Field(0, ge=0, le=1_000_000_000)


# --- helpers ------------------------------------------------------------------------------


def _viewer(request) -> Viewer:
    return viewer_for(request.user)


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def _org_page(viewer: Viewer, slug: str) -> Organization:
    """The organization as its page shows it to the viewer (with its visible memberships)."""
    try:
        org = organization_page(viewer, slug)
    except Organization.DoesNotExist:
        raise Http404 from None
    prefetch_related_objects([org], "capacities__capability")
    return org


def _org_out(viewer: Viewer, org: Organization) -> Organization:
    try:
        return _org_page(viewer, org.slug)
    except Http404:
        # E.g. just created by a secretariat and not yet in one of its alliances.
        return org


def _visible_org(viewer: Viewer, slug: str | None, field: str = "organization") -> Organization:
    """An organization named in a request body: unknown and invisible ones read the same."""
    if not slug:
        if viewer.org_id is None:
            raise ValidationError({field: [_("Say which organization this is for.")]})
        return _get(visible_organizations(viewer), pk=viewer.org_id)
    org = visible_organizations(viewer).filter(slug=slug).first()
    if org is None:
        raise ValidationError(
            {field: [_("No organization with the short code “%(slug)s”.") % {"slug": slug}]}
        )
    return org


def _me_required(viewer: Viewer) -> None:
    if not viewer.is_authenticated:
        raise AuthenticationError


# --- organizations ------------------------------------------------------------------------


@router.get("/organizations", response=list[s.OrgOut], tags=["organizations"])
@paginate(Page)
@cached_per_viewer
def list_organizations(request, filters: Query[s.OrgQuery]):
    """Organizations the caller may see, searched across the three languages."""
    s.check_choices(type=(filters.type, OrgType), role=(filters.role, MembershipRole))
    found = search_orgs(
        _viewer(request),
        OrgFilters(
            q=filters.q,
            org_type=filters.type,
            segment=filters.segment,
            capability=filters.capability,
            country=filters.country.upper(),
            province=filters.province,
            role=filters.role,
            alliance=filters.alliance,
            stale=filters.stale,
        ),
    )
    return found.prefetch_related("capabilities")


@router.get("/organizations/{slug}", response=s.OrgDetail, tags=["organizations"])
def get_organization(request, slug: str):
    return _org_page(_viewer(request), slug)


@router.post("/organizations", response={201: s.OrgDetail}, tags=["organizations"])
def create_org(request, payload: s.OrgIn):
    """Create an organization (platform admin and alliance secretariats)."""
    org = create_organization(actor=request.user, data=s.org_data(payload, creating=True))
    return Status(201, _org_out(_viewer(request), org))


@router.patch("/organizations/{slug}", response=s.OrgDetail, tags=["organizations"])
def update_org(request, slug: str, payload: s.OrgIn):
    """Change only the fields sent (many-to-many fields are replaced as a whole)."""
    viewer = _viewer(request)
    org = _get(visible_organizations(viewer), slug=slug)
    data = s.org_data(payload, creating=False)
    org = update_organization(
        actor=request.user, organization=org, data=data, expected_version=payload.version
    )
    return _org_out(viewer, org)


@router.delete("/organizations/{slug}", response={204: None}, tags=["organizations"])
def delete_org(request, slug: str):
    org = _get(visible_organizations(_viewer(request)), slug=slug)
    delete_organization(actor=request.user, organization=org)
    return Status(204, None)


@router.post("/organizations/{slug}/confirm", response=s.OrgDetail, tags=["organizations"])
def confirm_org(request, slug: str):
    """Confirm that the profile is up to date (resets the “stale” mark)."""
    viewer = _viewer(request)
    org = _get(visible_organizations(viewer), slug=slug)
    confirm_profile(actor=request.user, organization=org)
    return _org_out(viewer, org)


# --- memberships --------------------------------------------------------------------------


def _memberships(viewer: Viewer) -> QuerySet:
    return visible_memberships(viewer).select_related("alliance", "organization")


@router.get("/memberships", response=list[s.MembershipOut], tags=["memberships"])
@paginate(Page)
def list_memberships(request, filters: Query[s.MembershipQuery]):
    s.check_choices(status=(filters.status, MembershipStatus), role=(filters.role, MembershipRole))
    qs = _memberships(_viewer(request))
    if filters.alliance:
        qs = qs.filter(alliance__slug=filters.alliance)
    if filters.organization:
        qs = qs.filter(organization__slug=filters.organization)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.role:
        qs = qs.filter(role=filters.role)
    return qs.order_by("alliance__slug", "organization__slug", "id")


@router.get("/memberships/{membership_id}", response=s.MembershipOut, tags=["memberships"])
def get_membership(request, membership_id: int):
    return _get(_memberships(_viewer(request)), pk=membership_id)


@router.post("/alliances/{slug}/invitations", response={201: s.MembershipOut}, tags=["memberships"])
def invite(request, slug: str, payload: s.InvitationIn):
    """The secretariat invites an organization; the organization's admin accepts."""
    viewer = _viewer(request)
    alliance = _get(visible_alliances(viewer), slug=slug)
    require(can_manage_alliance(viewer, alliance))
    org = _visible_org(viewer, payload.organization)
    membership = membership_ops.invite_member(
        actor=request.user,
        alliance=alliance,
        organization=org,
        role=payload.role,
        note=payload.note,
    )
    return Status(201, membership)


@router.post(
    "/alliances/{slug}/applications", response={201: s.MembershipOut}, tags=["memberships"]
)
def apply(request, slug: str, payload: s.ApplicationIn):
    """An organization's admin applies to join; the secretariat approves."""
    viewer = _viewer(request)
    alliance = _get(visible_alliances(viewer), slug=slug)
    org = _visible_org(viewer, payload.organization)
    membership = membership_ops.apply_for_membership(
        actor=request.user, alliance=alliance, organization=org, note=payload.note
    )
    return Status(201, membership)


MEMBERSHIP_ACTIONS = {
    "approve": membership_ops.approve_membership,
    "accept": membership_ops.accept_invitation,
    "suspend": membership_ops.suspend_membership,
    "reinstate": membership_ops.reinstate_membership,
    "end": membership_ops.end_membership,
}


@router.post(
    "/memberships/{membership_id}/{action}", response=s.MembershipOut, tags=["memberships"]
)
def membership_action(
    request,
    membership_id: int,
    action: Literal["approve", "accept", "suspend", "reinstate", "end"],
):
    """approve (secretariat) · accept (invited organization) · suspend · reinstate · end."""
    membership = _get(_memberships(_viewer(request)), pk=membership_id)
    return MEMBERSHIP_ACTIONS[action](actor=request.user, membership=membership)


# --- offers and requests ------------------------------------------------------------------


def _offers(viewer: Viewer) -> QuerySet:
    return (
        visible_offers(viewer)
        .select_related("organization")
        .prefetch_related("capabilities", "regions")
    )


@router.get("/offers", response=list[s.OfferOut], tags=["offers"])
@paginate(Page)
@cached_per_viewer
def list_offers(request, filters: Query[s.OfferQuery]):
    """Open offers and requests the caller may see (closed ones too with include_closed)."""
    s.check_choices(kind=(filters.kind, OfferKind))
    qs = search_offers(
        _viewer(request),
        q=filters.q,
        kind=filters.kind,
        capability=filters.capability,
        region=filters.region,
        include_closed=filters.include_closed,
    )
    if filters.organization:
        qs = qs.filter(organization__slug=filters.organization)
    return qs


@router.get("/offers/{offer_id}", response=s.OfferOut, tags=["offers"])
def get_offer(request, offer_id: int):
    return _get(_offers(_viewer(request)), pk=offer_id)


@router.post("/offers", response={201: s.OfferOut}, tags=["offers"])
def create_offer(request, payload: s.OfferIn):
    """Post for your own organization, or for another one you may post for (``organization``)."""
    viewer = _viewer(request)
    org = _visible_org(viewer, payload.organization)
    offer = post_offer(actor=request.user, organization=org, data=s.offer_data(payload))
    return Status(201, offer)


@router.patch("/offers/{offer_id}", response=s.OfferOut, tags=["offers"])
def change_offer(request, offer_id: int, payload: s.OfferIn):
    offer = _get(_offers(_viewer(request)), pk=offer_id)
    if "organization" in payload.model_fields_set:
        raise ValidationError(
            {"organization": [_("An offer or request cannot move to another organization.")]}
        )
    return update_offer(actor=request.user, offer=offer, data=s.offer_data(payload))


@router.delete("/offers/{offer_id}", response={204: None}, tags=["offers"])
def remove_offer(request, offer_id: int):
    offer = _get(_offers(_viewer(request)), pk=offer_id)
    delete_offer(actor=request.user, offer=offer)
    return Status(204, None)


# --- alliances, taxonomy, regions, me -----------------------------------------------------


def _alliances(viewer: Viewer) -> QuerySet[Alliance]:
    secretariat_visible = Exists(visible_organizations(viewer).filter(pk=OuterRef("secretariat")))
    return (
        visible_alliances(viewer)
        .select_related("secretariat")
        .prefetch_related("fields", "regions")
        .annotate(secretariat_visible=secretariat_visible)
    )


@router.get("/alliances", response=list[s.AllianceOut], tags=["alliances"])
@paginate(Page)
def list_alliances(request):
    return _alliances(_viewer(request)).order_by("slug")


@router.get("/alliances/{slug}", response=s.AllianceOut, tags=["alliances"])
def get_alliance(request, slug: str):
    return _get(_alliances(_viewer(request)), slug=slug)


@router.get("/capabilities", response=list[s.CapabilityOut], tags=["taxonomy"])
def list_capabilities(request):
    """The whole capability taxonomy, flat: each with its parent's code (null at the top)."""
    return Capability.objects.select_related("parent").order_by("parent_id", "position", "code")


@router.get("/capabilities/tree", response=list[s.CapabilityNode], tags=["taxonomy"])
def capability_tree(request):
    """The capability taxonomy as a tree: top-level segments with their ``children``."""
    nodes = list(Capability.objects.select_related("parent").order_by("position", "code"))
    for node in nodes:
        node.tree_children = []
    by_id = {node.pk: node for node in nodes}
    roots = []
    for node in nodes:
        parent = by_id.get(node.parent_id)
        (parent.tree_children if parent is not None else roots).append(node)
    return roots


@router.get("/regions", response=list[s.RegionOut], tags=["regions"])
@paginate(Page)
def list_regions(request, filters: Query[s.RegionQuery]):
    """Provinces of China and Vietnam; Vietnam's 63 pre-2025 ones name their ``successor``."""
    s.check_choices(scheme=(filters.scheme, RegionScheme))
    qs = Region.objects.select_related("successor")
    if filters.country:
        qs = qs.filter(country=filters.country.upper())
    if filters.scheme:
        qs = qs.filter(scheme=filters.scheme)
    return qs.order_by("country", "scheme", "code")


@router.get("/me", response=s.MeOut, tags=["me"])
def me(request):
    """Who the caller is: role, organization and alliances."""
    viewer = _viewer(request)
    _me_required(viewer)
    person = request.user
    slugs = dict(Alliance.objects.filter(pk__in=viewer.all_alliance_ids).values_list("pk", "slug"))
    return {
        "username": person.username,
        "display_name": str(person),
        "email": person.email,
        "role": person.role,
        "is_admin": viewer.is_admin,
        "language": person.language,
        "organization": person.organization,
        "alliances": sorted(slugs[pk] for pk in viewer.alliance_ids),
        "secretariat_of": sorted(slugs[pk] for pk in viewer.secretariat_alliance_ids),
    }
