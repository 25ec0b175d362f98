"""The world, extended with projects of every confidentiality and a consortium partner."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sanxin.common.enums import Confidentiality
from sanxin.projects.enums import ConsortiumStatus
from tests.projects.factories import ConsortiumRoleFactory, ProjectFactory

C = Confidentiality


@dataclass
class Projects:
    public_of_public_org: object
    public_of_member: object
    alliance_of_member: object
    own_of_member: object
    own_partnered: object
    own_of_other_invited: object
    own_of_other_declined: object
    alliance_attached: object
    own_attached: object

    def by_title(self) -> dict[str, object]:
        return {p.title_en: p for p in vars(self).values()}


@pytest.fixture
def projects(world) -> Projects:
    def make(title, owner, confidentiality, **kw):
        return ProjectFactory(title_en=title, owner=owner, confidentiality=confidentiality, **kw)

    own_partnered = make("own-partnered", world.member_org, C.OWN)
    ConsortiumRoleFactory(
        project=own_partnered, organization=world.partner_org, status=ConsortiumStatus.CONFIRMED
    )
    invited = make("own-of-other-invited", world.other_org, C.OWN)
    ConsortiumRoleFactory(
        project=invited, organization=world.partner_org, status=ConsortiumStatus.INVITED
    )
    declined = make("own-of-other-declined", world.other_org, C.OWN)
    ConsortiumRoleFactory(
        project=declined, organization=world.partner_org, status=ConsortiumStatus.DECLINED
    )
    return Projects(
        public_of_public_org=make("public-of-public-org", world.public_org, C.PUBLIC),
        public_of_member=make("public-of-member", world.member_org, C.PUBLIC),
        alliance_of_member=make("alliance-of-member", world.member_org, C.ALLIANCE),
        own_of_member=make("own-of-member", world.member_org, C.OWN),
        own_partnered=own_partnered,
        own_of_other_invited=invited,
        own_of_other_declined=declined,
        alliance_attached=make("alliance-attached", None, C.ALLIANCE, alliance=world.alliance),
        own_attached=make("own-attached", None, C.OWN, alliance=world.alliance),
    )
