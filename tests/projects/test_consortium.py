"""Consortium: invite → the invited organization's admin accepts or declines; shares ≤ 100 %."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanxin.common.audit import history_for
from sanxin.projects.domain import consortium as ops
from sanxin.projects.enums import ConsortiumRoleType, ConsortiumStatus
from sanxin.projects.models import ConsortiumRole, Notification
from tests.factories import PersonFactory
from tests.projects.factories import ConsortiumRoleFactory, ProjectFactory

pytestmark = pytest.mark.integration

C = ConsortiumStatus
R = ConsortiumRoleType


@pytest.fixture
def project(world):
    return ProjectFactory(owner=world.member_org, title_en="Bac Ninh battery base")


def invite(world, project, org=None, role=R.EPC, share=None):
    return ops.propose_partner(
        actor=world.org_admin,
        project=project,
        organization=org or world.partner_org,
        role=role,
        share=share,
    )


def test_invite_then_the_partner_admin_accepts(world, project):
    row = invite(world, project)
    assert (row.status, row.invited_by) == (C.INVITED, world.org_admin)
    assert list(Notification.objects.values_list("person__username", "subject")) == [
        ("partner", "Partner Battery Co. is invited to join Bac Ninh battery base")
    ]
    row = ops.accept_invitation(actor=world.partner, role=row)
    assert (row.status, row.responded_by) == (C.CONFIRMED, world.partner)
    assert [e.action for e in history_for(project).order_by("id")] == [
        "sanxin.project.consortium.invited",
        "sanxin.project.consortium.accepted",
    ]


def test_the_partner_admin_declines(world, project):
    row = ops.decline_invitation(actor=world.partner, role=invite(world, project))
    assert row.status == C.DECLINED
    # Asked again later: invited once more.
    row = invite(world, project)
    assert row.status == C.INVITED


@pytest.mark.parametrize("role", ["member", "org_admin", "secretariat", "admin", "other_alliance"])
def test_only_the_invited_organizations_admin_answers(world, project, role):
    row = invite(world, project)
    for answer in (ops.accept_invitation, ops.decline_invitation):
        with pytest.raises(PermissionDenied):
            answer(actor=world.person(role), role=row)
    assert ConsortiumRole.objects.get(pk=row.pk).status == C.INVITED


def test_a_plain_member_of_the_invited_organization_cannot_answer(world, project):
    row = invite(world, project)
    staff = PersonFactory(organization=world.partner_org, role="member")
    with pytest.raises(PermissionDenied):
        ops.accept_invitation(actor=staff, role=row)


def test_an_answered_invitation_cannot_be_answered_again(world, project):
    row = ops.accept_invitation(actor=world.partner, role=invite(world, project))
    with pytest.raises(ValidationError) as exc:
        ops.decline_invitation(actor=world.partner, role=row)
    assert exc.value.message_dict == {
        "status": ["A consortium role that is “Confirmed” cannot become “Declined”."]
    }


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("member", False), ("partner", False), ("other_alliance", False), ("secretariat", True)],
)
def test_who_may_invite(world, project, role, allowed):
    call = lambda: ops.propose_partner(  # noqa: E731
        actor=world.person(role), project=project, organization=world.public_org, role=R.FINANCIER
    )
    if allowed:
        assert call().status == C.INVITED
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert ConsortiumRole.objects.count() == 0


def test_the_same_role_twice_is_refused(world, project):
    invite(world, project)
    with pytest.raises(ValidationError) as exc:
        invite(world, project)
    assert exc.value.message_dict == {
        "organization": ["Partner Battery Co. already has this role (Invited)."]
    }


def test_shares_of_invited_and_confirmed_partners_stay_within_100(world, project):
    ConsortiumRoleFactory(
        project=project, organization=world.member_org, role=R.INVESTOR, share=Decimal("60")
    )
    # Suggested and declined shares do not count.
    ConsortiumRoleFactory(
        project=project,
        organization=world.public_org,
        role=R.FINANCIER,
        share=Decimal("90"),
        status=C.SUGGESTED,
    )
    ConsortiumRoleFactory(
        project=project,
        organization=world.other_org,
        role=R.INVESTOR,
        share=Decimal("90"),
        status=C.DECLINED,
    )
    with pytest.raises(ValidationError) as exc:
        invite(world, project, role=R.INVESTOR, share=Decimal("50"))
    assert exc.value.message_dict == {
        "share": [
            "The shares of the invited and confirmed partners would add up to 110 %; "
            "they may not exceed 100 %. 40 % is still free."
        ]
    }
    assert ConsortiumRole.objects.filter(organization=world.partner_org).count() == 0
    row = invite(world, project, role=R.INVESTOR, share=Decimal("40"))
    with pytest.raises(ValidationError):
        ops.set_share(actor=world.org_admin, role=row, share=Decimal("40.01"))
    assert ConsortiumRole.objects.get(pk=row.pk).share == Decimal("40")
    # Accepting the suggested 90 % financier would overflow too.
    suggested = ConsortiumRole.objects.get(status=C.SUGGESTED)
    with pytest.raises(ValidationError):
        ops.propose_partner(
            actor=world.org_admin,
            project=project,
            organization=world.public_org,
            role=R.FINANCIER,
            share=suggested.share,
        )
    assert ConsortiumRole.objects.get(pk=suggested.pk).status == C.SUGGESTED


def test_a_share_over_100_or_negative_is_refused(world, project):
    for share in (Decimal("100.5"), Decimal("-1")):
        with pytest.raises(ValidationError) as exc:
            invite(world, project, share=share)
        assert list(exc.value.message_dict) == ["share"]
    assert ConsortiumRole.objects.count() == 0


def test_system_records_an_imported_owner_stake(world, project):
    row = ops.add_confirmed_partner(
        actor=None,
        project=project,
        organization=world.public_org,
        role=R.INVESTOR,
        share=Decimal("51"),
        source="gem",
    )
    assert (row.status, row.share, row.source) == (C.CONFIRMED, Decimal("51"), "gem")
    assert history_for(project).get().actor_label == "system"


def test_open_invitations_for_an_admin(world, project):
    row = invite(world, project)
    assert list(ops.organizations_to_answer(world.partner)) == [row]
    assert list(ops.organizations_to_answer(world.member)) == []
