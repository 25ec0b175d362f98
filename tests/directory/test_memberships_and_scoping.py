"""Membership lifecycle and what each role may see."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanxin.common.enums import Confidentiality
from sanxin.directory.domain import memberships as ops
from sanxin.directory.domain.access import (
    viewer_for,
    visible_memberships,
    visible_offers,
    visible_organizations,
)
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Region
from tests.conftest import ROLES
from tests.factories import OfferFactory, OrganizationFactory

pytestmark = pytest.mark.integration


def test_invite_then_accept(world):
    newcomer = OrganizationFactory(slug="newcomer")
    m = ops.invite_member(actor=world.secretariat, alliance=world.alliance, organization=newcomer)
    assert m.status == MembershipStatus.INVITED
    with pytest.raises(PermissionDenied):
        ops.accept_invitation(actor=world.org_admin, membership=m)
    from tests.factories import PersonFactory

    admin = PersonFactory(organization=newcomer, role="org_admin")
    m = ops.accept_invitation(actor=admin, membership=m)
    assert m.status == MembershipStatus.ACTIVE
    assert m.since is not None


def test_apply_approve_suspend_reinstate_end(world):
    m = ops.apply_for_membership(
        actor=world.other, alliance=world.alliance, organization=world.other_org
    )
    assert m.status == MembershipStatus.PENDING
    with pytest.raises(PermissionDenied):
        ops.approve_membership(actor=world.org_admin, membership=m)
    m = ops.approve_membership(actor=world.secretariat, membership=m)
    m = ops.suspend_membership(actor=world.secretariat, membership=m)
    assert m.status == MembershipStatus.SUSPENDED
    with pytest.raises(ValidationError):
        ops.approve_membership(actor=world.secretariat, membership=m)
    m = ops.reinstate_membership(actor=world.secretariat, membership=m)
    m = ops.end_membership(actor=world.other, membership=m)
    assert m.status == MembershipStatus.LEFT


def test_duplicate_invitation_is_refused_with_reason(world):
    with pytest.raises(ValidationError) as exc:
        ops.invite_member(
            actor=world.secretariat, alliance=world.alliance, organization=world.member_org
        )
    assert "already has a membership" in exc.value.messages[0]


#: Organizations each role sees (slugs), given the world fixture.
VISIBLE_ORGS = {
    "anonymous": {"public-org"},
    "other_alliance": {"public-org", "other-org", "other-secretariat"},
    "member": {"public-org", "member-org", "partner-org", "secretariat"},
    "partner": {"public-org", "member-org", "partner-org", "secretariat"},
    "org_admin": {"public-org", "member-org", "partner-org", "secretariat"},
    "secretariat": {"public-org", "member-org", "partner-org", "secretariat"},
    "admin": {
        "public-org",
        "member-org",
        "partner-org",
        "secretariat",
        "other-org",
        "other-secretariat",
    },
}


@pytest.mark.parametrize("role", ROLES)
def test_visible_organizations_per_role(world, role):
    viewer = viewer_for(world.person(role))
    assert set(visible_organizations(viewer).values_list("slug", flat=True)) == VISIBLE_ORGS[role]


def test_own_organization_confidentiality(world):
    hidden = OrganizationFactory(slug="hidden", confidentiality=Confidentiality.OWN)
    from tests.factories import MembershipFactory, PersonFactory

    MembershipFactory(alliance=world.alliance, organization=hidden)
    insider = PersonFactory(organization=hidden, role="member")
    seen_by = {
        role: "hidden"
        in visible_organizations(viewer_for(world.person(role))).values_list("slug", flat=True)
        for role in ROLES
    }
    assert seen_by == {
        "anonymous": False,
        "other_alliance": False,
        "member": False,
        "partner": False,
        "org_admin": False,
        "secretariat": True,
        "admin": True,
    }
    assert visible_organizations(viewer_for(insider)).filter(slug="hidden").exists()


def test_suspended_member_loses_alliance_view(world):
    m = world.member_org.memberships.get(alliance=world.alliance)
    ops.suspend_membership(actor=world.secretariat, membership=m)
    world.member.refresh_from_db()
    viewer = viewer_for(world.member)
    assert set(visible_organizations(viewer).values_list("slug", flat=True)) == {
        "public-org",
        "member-org",
    }


def test_offers_follow_offer_and_owner_confidentiality(world):
    public_offer = OfferFactory(
        organization=world.public_org, confidentiality=Confidentiality.PUBLIC
    )
    member_offer = OfferFactory(organization=world.member_org)
    own_offer = OfferFactory(organization=world.member_org, confidentiality=Confidentiality.OWN)
    other_offer = OfferFactory(organization=world.other_org)
    expected = {
        "anonymous": {public_offer.pk},
        "other_alliance": {public_offer.pk, other_offer.pk},
        "member": {public_offer.pk, member_offer.pk, own_offer.pk},
        "partner": {public_offer.pk, member_offer.pk},
        "org_admin": {public_offer.pk, member_offer.pk, own_offer.pk},
        "secretariat": {public_offer.pk, member_offer.pk, own_offer.pk},
        "admin": {public_offer.pk, member_offer.pk, own_offer.pk, other_offer.pk},
    }
    for role in ROLES:
        viewer = viewer_for(world.person(role))
        assert set(visible_offers(viewer).values_list("pk", flat=True)) == expected[role], role


def test_memberships_visible_to_other_alliance_only_when_public(world):
    viewer = viewer_for(world.other)
    seen = set(
        visible_memberships(viewer)
        .filter(alliance=world.alliance)
        .values_list("organization__slug", flat=True)
    )
    assert seen == {"public-org"}


def test_vietnam_provinces_before_and_after_the_merger(db):
    current = Region.objects.filter(country="VN", scheme="vn2025")
    legacy = Region.objects.filter(country="VN", scheme="vn63")
    assert current.count() == 34
    assert legacy.count() == 63
    assert not legacy.filter(successor__isnull=True).exists()
    bac_giang = legacy.get(name_vi="Bắc Giang")
    assert bac_giang.successor.name_vi == "Bắc Ninh"
    assert Region.objects.filter(country="CN").count() == 34
    assert Region.objects.get(code="CN-SC").name_zh == "四川省"
