"""The secretariat opens the wind chain map, filters a province, clicks a gap in the diagram
and sees the organizations to invite."""

import pytest

from sanxin.chains.domain.seed import load_templates
from sanxin.chains.models import ChainNode, ChainTemplate
from sanxin.common.enums import Confidentiality
from sanxin.directory.domain.reference import load_taxonomy
from sanxin.directory.enums import MembershipStatus, PersonRole, RegionScheme
from sanxin.directory.models import Capability, Region
from tests.e2e.conftest import sign_in
from tests.factories import AllianceFactory, MembershipFactory, OrganizationFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _reference() -> dict[str, Region]:
    # Transactional tests that ran before may have flushed the reference data.
    load_taxonomy(Capability)
    load_templates(template_model=ChainTemplate, node_model=ChainNode, capability_model=Capability)
    regions = {}
    for code, name in (("CN-SC", "Sichuan"), ("CN-GD", "Guangdong")):
        regions[code], _created = Region.objects.get_or_create(
            code=code, defaults={"country": "CN", "scheme": RegionScheme.CN, "name_en": name}
        )
    return regions


def test_open_the_chain_map_filter_a_province_and_click_a_gap(page):
    regions = _reference()
    secretariat_org = OrganizationFactory(slug="sw-invest", name_en="Southwest Investment")
    alliance = AllianceFactory(slug="three-new", secretariat=secretariat_org)
    MembershipFactory(
        alliance=alliance, organization=secretariat_org, status=MembershipStatus.ACTIVE
    )
    PersonFactory(username="organiser", organization=secretariat_org, role=PersonRole.SECRETARIAT)
    gearbox = OrganizationFactory(
        slug="tianfu", name_en="Tianfu Gearbox Co.", province=regions["CN-SC"]
    )
    gearbox.capabilities.set([Capability.objects.get(code="wind-gearboxes")])
    foundry_gd = OrganizationFactory(
        slug="gd-foundry", name_en="Guangdong Castings", province=regions["CN-GD"]
    )
    foundry_gd.capabilities.set([Capability.objects.get(code="wind-castings")])
    for org in (gearbox, foundry_gd):
        MembershipFactory(alliance=alliance, organization=org, status=MembershipStatus.ACTIVE)
    candidate = OrganizationFactory(
        slug="sc-foundry",
        name_en="Sichuan Heavy Forgings",
        province=regions["CN-SC"],
        confidentiality=Confidentiality.PUBLIC,
    )
    candidate.capabilities.set([Capability.objects.get(code="wind-castings")])

    sign_in(page, "organiser", PASSWORD)
    page.goto("/en/chains/")
    page.click("#chains a:text('Wind power')")
    page.wait_for_url("**/en/chains/three-new/wind/")
    castings = page.locator("#chain-diagram a[data-key=castings]")
    assert castings.get_attribute("data-status") == "thin"  # the Guangdong foundry

    page.select_option("#id_province", "CN-SC")
    page.click("#region-filter button[type=submit]")
    page.wait_for_url("**/en/chains/three-new/wind/?*province=CN-SC*")
    assert "Coverage in Sichuan" in page.locator("#coverage-region").inner_text()
    castings = page.locator("#chain-diagram a[data-key=castings]")
    assert castings.get_attribute("data-status") == "gap"
    assert page.locator("#chain-diagram a[data-key=gearboxes]").get_attribute("data-status") == (
        "thin"
    )
    row = page.locator("#coverage-table tr[data-status=gap]", has_text="Castings and materials")
    assert row.count() == 1

    castings.click()
    page.wait_for_url("**/en/chains/three-new/wind/nodes/castings/?*province=CN-SC*")
    assert page.locator("#node-status").inner_text() == "Gap"
    invite = page.locator("#invite-candidates li")
    assert invite.all_inner_texts() == [
        "Sichuan Heavy Forgings · Sichuan · 1 matching capability · same province"
    ]
    invite.locator("a").click()
    page.wait_for_url("**/en/o/sc-foundry/")
