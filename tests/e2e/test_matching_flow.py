"""The project owner opens the project page, the partner panel loads with reasons, marks one
suggestion as not interesting, opens the consortium builder and invites the best proposal."""

import pytest

from sanxin.directory.domain.reference import load_taxonomy
from sanxin.directory.enums import MembershipStatus, OrgType, PersonRole
from sanxin.directory.models import Capability
from sanxin.matching.domain.index import forget_matcher
from sanxin.matching.models import Feedback
from sanxin.projects.enums import ConsortiumStatus, Stage
from sanxin.projects.models import ConsortiumRole
from tests.e2e.conftest import sign_in
from tests.factories import AllianceFactory, MembershipFactory, OrganizationFactory, PersonFactory
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _org(alliance, slug: str, codes: tuple[str, ...], **fields):
    org = OrganizationFactory(slug=slug, **fields)
    org.capabilities.set(Capability.objects.filter(code__in=codes))
    MembershipFactory(alliance=alliance, organization=org, status=MembershipStatus.ACTIVE)
    return org


def test_partner_panel_feedback_and_consortium_invitations(page):
    load_taxonomy(Capability)  # transactional tests that ran before may have flushed it
    forget_matcher()
    secretariat = OrganizationFactory(slug="sw-invest", name_en="Southwest Investment")
    alliance = AllianceFactory(slug="three-new", secretariat=secretariat)
    owner = _org(alliance, "tianfu", (), name_en="Tianfu Energy")
    epc = _org(
        alliance,
        "hanoi-epc",
        ("epc-contracting", "om"),
        name_en="Hanoi EPC JSC",
        country="VN",
        situation_vi="Tổng thầu EPC điện gió tại Việt Nam.",
    )
    _org(alliance, "quangtri-epc", ("epc-contracting",), name_en="Quang Tri Build", country="VN")
    _org(alliance, "gears", ("wind-turbines",), name_en="Goldwind-like Turbines")
    _org(
        alliance,
        "bank",
        ("finance-lending", "finance-equity"),
        name_en="Silk Road Bank",
        org_type=OrgType.FINANCIAL,
    )
    PersonFactory(username="owner", organization=owner, role=PersonRole.ORG_ADMIN)
    project = ProjectFactory(
        owner=owner,
        alliance=alliance,
        country="VN",
        stage=Stage.PROPOSED,
        title_en="Quang Tri wind farm",
        description_en="A 50 MW wind farm; we seek turbines, an EPC contractor and a bank.",
    )

    sign_in(page, "owner", PASSWORD)
    page.goto(f"/en/projects/{project.pk}/")
    panel = page.locator("#match-partners")
    panel.locator("h3", has_text="EPC contractor").wait_for()
    assert "Capabilities that fit: EPC contracting" in panel.inner_text()
    first = panel.locator(f"li[data-key='o{epc.pk}']").first
    first.locator("button[value='0']").click()
    page.locator("#match-partners .badge", has_text="You are not interested").first.wait_for()
    assert list(Feedback.objects.values_list("target", "interested")) == [(f"o{epc.pk}", False)]

    page.click("#match-partners a.button")
    page.wait_for_url(f"**/en/matching/projects/{project.pk}/consortium/")
    assert page.locator("section.consortium").count() == 3
    page.locator("#alt-1 ~ form button[type=submit]").click()
    page.wait_for_url(f"**/en/projects/{project.pk}/")
    assert "invitation(s) sent" in page.locator(".messages").inner_text()
    invited = ConsortiumRole.objects.filter(project=project, status=ConsortiumStatus.INVITED)
    assert sorted(invited.values_list("role", flat=True)) == [
        "epc",
        "equipment_supplier",
        "financier",
        "investor",
        "local_partner",
        "om",
    ]
