"""The world, with organizations standing at links of the wind chain.

Members of the world's alliance (all in China unless said):
- member_org: gearboxes (Sichuan) — the only one at "gearboxes" (thin);
- partner_org: bearings and gearboxes (Sichuan);
- public_org: blades (Vietnam);
- two more members: turbines (Sichuan) and turbines (Guangdong) — "turbines" covered.
Outside the alliance: a public gearbox maker in Sichuan (candidate), a prospect with castings
in no alliance (visible to the secretariat only), other_org (member of the other alliance) with
castings.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sanxin.chains.models import ChainTemplate
from sanxin.common.enums import Confidentiality
from tests.factories import MembershipFactory, OrganizationFactory, capability, region


@dataclass
class ChainWorld:
    world: object
    wind: ChainTemplate
    turbines_sc: object
    turbines_gd: object
    public_gearbox: object
    prospect: object


@pytest.fixture
def chain_world(world) -> ChainWorld:
    sc, gd = region("CN-SC"), region("CN-GD")
    world.member_org.province = sc
    world.member_org.save()
    world.member_org.capabilities.set([capability("wind-gearboxes")])
    world.partner_org.province = sc
    world.partner_org.save()
    world.partner_org.capabilities.set([capability("wind-bearings"), capability("wind-gearboxes")])
    world.public_org.country = "VN"
    world.public_org.save()
    world.public_org.capabilities.set([capability("wind-blades")])
    world.other_org.capabilities.set([capability("wind-castings")])
    turbines_sc = OrganizationFactory(slug="turbines-sc", name_en="Sichuan Turbines", province=sc)
    turbines_gd = OrganizationFactory(slug="turbines-gd", name_en="Guangdong Turbines", province=gd)
    for org in (turbines_sc, turbines_gd):
        org.capabilities.set([capability("wind-turbines")])
        MembershipFactory(alliance=world.alliance, organization=org)
    public_gearbox = OrganizationFactory(
        slug="public-gearbox",
        name_en="Open Gearbox Works",
        province=sc,
        confidentiality=Confidentiality.PUBLIC,
    )
    public_gearbox.capabilities.set([capability("wind-gearboxes")])
    prospect = OrganizationFactory(slug="prospect-castings", name_en="Prospect Foundry")
    prospect.capabilities.set([capability("wind-castings")])
    return ChainWorld(
        world=world,
        wind=ChainTemplate.objects.get(slug="wind", alliance=None),
        turbines_sc=turbines_sc,
        turbines_gd=turbines_gd,
        public_gearbox=public_gearbox,
        prospect=prospect,
    )
