"""Who sees which project: every role × every confidentiality, consortium partners included."""

import pytest

from sanxin.projects.domain.access import (
    can_view_project,
    viewer_for,
    visible_consortium,
    visible_projects,
)
from sanxin.projects.enums import ConsortiumStatus
from tests.conftest import ROLES
from tests.factories import PersonFactory

pytestmark = pytest.mark.integration

EVERY = {
    "public-of-public-org",
    "public-of-member",
    "alliance-of-member",
    "own-of-member",
    "own-partnered",
    "own-of-other-invited",
    "own-of-other-declined",
    "alliance-attached",
    "own-attached",
}
MEMBER_ORG = {
    "public-of-public-org",
    "public-of-member",
    "alliance-of-member",
    "own-of-member",
    "own-partnered",
    "alliance-attached",
}
EXPECTED = {
    "anonymous": {"public-of-public-org"},
    # Public and alliance projects of organizations hidden from this viewer stay hidden.
    "other_alliance": {
        "public-of-public-org",
        "own-of-other-invited",
        "own-of-other-declined",
    },
    "member": MEMBER_ORG,
    # An alliance member, and a consortium partner (confirmed or invited, not declined).
    "partner": {
        "public-of-public-org",
        "public-of-member",
        "alliance-of-member",
        "own-partnered",
        "own-of-other-invited",
        "alliance-attached",
    },
    "org_admin": MEMBER_ORG,
    # Its members' projects whatever their confidentiality, and projects attached to it.
    "secretariat": MEMBER_ORG | {"own-attached"},
    "admin": EVERY,
}


def titles(qs) -> set[str]:
    return set(qs.values_list("title_en", flat=True))


@pytest.mark.parametrize("role", ROLES)
def test_visible_projects_per_role(world, projects, role):
    viewer = viewer_for(world.person(role))
    assert titles(visible_projects(viewer)) == EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_can_view_project_agrees_with_the_list(world, projects, role):
    viewer = viewer_for(world.person(role))
    seen = {t for t, p in projects.by_title().items() if can_view_project(viewer, p)}
    assert seen == EXPECTED[role]


def test_guest_without_organization_sees_public_only(world, projects):
    assert titles(visible_projects(viewer_for(world.guest))) == {"public-of-public-org"}


def test_inactive_person_sees_public_only(world, projects):
    person = PersonFactory(organization=world.member_org, role="org_admin", is_active=False)
    assert titles(visible_projects(viewer_for(person))) == {"public-of-public-org"}


def test_declined_partner_loses_sight_and_invited_gains_it(world, projects):
    role = projects.own_of_other_invited.consortium.get()
    role.status = ConsortiumStatus.DECLINED
    role.save()
    person = PersonFactory(organization=world.partner_org, role="member")
    assert "own-of-other-invited" not in titles(visible_projects(viewer_for(person)))


def test_consortium_rows_seen_by_outsiders_are_only_engaged_ones(world, projects):
    # The other alliance's admin owns "own-of-other-declined": the team sees the declined row.
    other = viewer_for(world.other)
    assert list(
        visible_consortium(other)
        .filter(project=projects.own_of_other_declined)
        .values_list("status", flat=True)
    ) == [ConsortiumStatus.DECLINED]
    # A member of the alliance sees the confirmed partner of its own project.
    member = viewer_for(world.member)
    assert list(
        visible_consortium(member).values_list("project__title_en", "organization__slug")
    ) == [("own-partnered", "partner-org")]
