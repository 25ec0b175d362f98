"""Who is looking: the viewer's organization, alliances and powers, and what they may see.

Every list and detail query starts from one of the ``visible_*`` functions, so rows a viewer
may not see are never loaded. They fail closed: an unknown viewer sees public rows only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from sanxin.common.enums import Confidentiality
from sanxin.directory.enums import MembershipStatus, PersonRole
from sanxin.directory.models import Alliance, Membership, Offer, Organization, Person

_CACHE_ATTR = "_sanxin_viewer"


@dataclass(frozen=True)
class Viewer:
    person_id: int | None = None
    org_id: int | None = None
    role: str = PersonRole.GUEST
    is_admin: bool = False
    alliance_ids: frozenset[int] = field(default_factory=frozenset)
    secretariat_alliance_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.person_id is not None

    @property
    def is_secretariat(self) -> bool:
        return bool(self.secretariat_alliance_ids)

    @property
    def all_alliance_ids(self) -> frozenset[int]:
        return self.alliance_ids | self.secretariat_alliance_ids


ANONYMOUS = Viewer()


def viewer_for(user: object) -> Viewer:
    """The viewer for a request's user; computed once per user object."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    assert isinstance(user, Person)
    if not user.is_active:
        return ANONYMOUS
    alliance_ids: frozenset[int] = frozenset()
    secretariat_ids: frozenset[int] = frozenset()
    if user.organization_id and user.role != PersonRole.GUEST:
        alliance_ids = frozenset(
            Membership.objects.filter(
                organization_id=user.organization_id, status=MembershipStatus.ACTIVE
            )
            .order_by()  # a set: no join for the model's ordering
            .values_list("alliance_id", flat=True)
        )
        if user.role == PersonRole.SECRETARIAT:
            secretariat_ids = frozenset(
                Alliance.objects.filter(secretariat_id=user.organization_id).values_list(
                    "id", flat=True
                )
            )
    viewer = Viewer(
        person_id=user.pk,
        org_id=user.organization_id,
        role=user.role,
        is_admin=user.is_superuser,
        alliance_ids=alliance_ids,
        secretariat_alliance_ids=secretariat_ids,
    )
    setattr(user, _CACHE_ATTR, viewer)
    return viewer


def forget_viewer(user: object) -> None:
    """Drop the cached viewer after the user's memberships or role changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _orgs_in(alliance_ids: frozenset[int], *, active_only: bool) -> QuerySet:
    memberships = Membership.objects.filter(alliance_id__in=alliance_ids)
    if active_only:
        memberships = memberships.filter(status=MembershipStatus.ACTIVE)
    return memberships.values("organization_id")


def organization_condition(viewer: Viewer, prefix: str = "") -> Q:
    """The Q condition for organizations (reached via ``prefix``) the viewer may see."""
    p = prefix
    cond = Q(**{f"{p}confidentiality": Confidentiality.PUBLIC})
    if viewer.org_id is not None:
        cond |= Q(**{f"{p}pk": viewer.org_id})
    if viewer.alliance_ids:
        cond |= Q(
            **{
                f"{p}confidentiality": Confidentiality.ALLIANCE,
                f"{p}pk__in": _orgs_in(viewer.alliance_ids, active_only=True),
            }
        )
    if viewer.secretariat_alliance_ids:
        cond |= Q(**{f"{p}pk__in": _orgs_in(viewer.secretariat_alliance_ids, active_only=False)})
        # Organizations in no alliance at all are prospects the secretariat may invite
        # (unless they chose to be visible to their own organization only).
        cond |= Q(**{f"{p}confidentiality": Confidentiality.ALLIANCE}) & ~Q(
            **{f"{p}pk__in": Membership.objects.values("organization_id")}
        )
    return cond


def visible_organizations(viewer: Viewer) -> QuerySet[Organization]:
    if viewer.is_admin:
        return Organization.objects.all()
    return Organization.objects.filter(organization_condition(viewer))


def visible_alliances(viewer: Viewer) -> QuerySet[Alliance]:
    if viewer.is_admin:
        return Alliance.objects.all()
    return Alliance.objects.filter(
        Q(confidentiality=Confidentiality.PUBLIC) | Q(pk__in=viewer.all_alliance_ids)
    )


def visible_memberships(viewer: Viewer) -> QuerySet[Membership]:
    if viewer.is_admin:
        return Membership.objects.all()
    cond = Q(
        status=MembershipStatus.ACTIVE,
        alliance__confidentiality=Confidentiality.PUBLIC,
        organization__confidentiality=Confidentiality.PUBLIC,
    )
    if viewer.alliance_ids:
        cond |= Q(status=MembershipStatus.ACTIVE, alliance_id__in=viewer.alliance_ids) & (
            organization_condition(viewer, "organization__")
        )
    if viewer.org_id is not None:
        cond |= Q(organization_id=viewer.org_id)
    if viewer.secretariat_alliance_ids:
        cond |= Q(alliance_id__in=viewer.secretariat_alliance_ids)
    return Membership.objects.filter(cond)


def visible_offers(viewer: Viewer) -> QuerySet[Offer]:
    if viewer.is_admin:
        return Offer.objects.all()
    cond = Q(confidentiality=Confidentiality.PUBLIC)
    if viewer.org_id is not None:
        cond |= Q(organization_id=viewer.org_id)
    if viewer.alliance_ids:
        cond |= Q(
            confidentiality=Confidentiality.ALLIANCE,
            organization_id__in=_orgs_in(viewer.alliance_ids, active_only=True),
        )
    if viewer.secretariat_alliance_ids:
        cond |= Q(organization_id__in=_orgs_in(viewer.secretariat_alliance_ids, active_only=False))
    return Offer.objects.filter(cond & organization_condition(viewer, "organization__"))


# --- powers -------------------------------------------------------------------------------


def org_is_in_secretariat_scope(viewer: Viewer, org_id: int) -> bool:
    if not viewer.secretariat_alliance_ids:
        return False
    return (
        Membership.objects.filter(
            organization_id=org_id, alliance_id__in=viewer.secretariat_alliance_ids
        ).exists()
        or Alliance.objects.filter(
            pk__in=viewer.secretariat_alliance_ids, secretariat_id=org_id
        ).exists()
    )


def can_edit_organization(viewer: Viewer, org: Organization) -> bool:
    if viewer.is_admin:
        return True
    if viewer.org_id == org.pk and viewer.role in (PersonRole.ORG_ADMIN, PersonRole.SECRETARIAT):
        return True
    return org_is_in_secretariat_scope(viewer, org.pk)


def can_post_for(viewer: Viewer, org: Organization) -> bool:
    if viewer.org_id == org.pk and viewer.role in (
        PersonRole.ORG_ADMIN,
        PersonRole.MEMBER,
        PersonRole.SECRETARIAT,
    ):
        return True
    return can_edit_organization(viewer, org)


def can_edit_offer(viewer: Viewer, offer: Offer) -> bool:
    if viewer.person_id is not None and offer.created_by_id == viewer.person_id:
        return True
    return can_edit_organization(viewer, offer.organization)


def can_manage_alliance(viewer: Viewer, alliance: Alliance) -> bool:
    return viewer.is_admin or alliance.pk in viewer.secretariat_alliance_ids


def can_create_organizations(viewer: Viewer) -> bool:
    return viewer.is_admin or viewer.is_secretariat
