"""Create a project, add a phase and a milestone, invite a partner whose admin accepts, move
the project on its page and on the board to "construction started", see the landing ratio change."""

import pytest

from sanxin.directory.enums import MembershipStatus, PersonRole
from sanxin.projects.enums import ConsortiumStatus, Stage
from sanxin.projects.models import ConsortiumRole, Project
from tests.e2e.conftest import sign_in
from tests.factories import AllianceFactory, MembershipFactory, OrganizationFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _ratio(page, key: str) -> str:
    page.goto("/en/projects/landing/")
    return page.locator(f"#ratio-{key} .stat").inner_text().strip()


def test_project_from_proposal_to_construction(page, browser, live_server):
    secretariat_org = OrganizationFactory(slug="sw-invest", name_en="Southwest Investment")
    alliance = AllianceFactory(slug="three-new", secretariat=secretariat_org)
    owner_org = OrganizationFactory(slug="tianfu", name_en="Tianfu Wind Co.")
    partner_org = OrganizationFactory(slug="hanoi-epc", name_en="Hanoi EPC JSC")
    for org in (secretariat_org, owner_org, partner_org):
        MembershipFactory(alliance=alliance, organization=org, status=MembershipStatus.ACTIVE)
    PersonFactory(username="lihua", organization=owner_org, role=PersonRole.ORG_ADMIN)
    PersonFactory(username="nguyen", organization=partner_org, role=PersonRole.ORG_ADMIN)

    sign_in(page, "lihua", PASSWORD)
    assert _ratio(page, "construction_started") == "—"

    page.goto("/en/projects/")
    page.click("main a.button[href$='/projects/new/']")
    page.fill("#id_title_en", "Liangshan wind farm")
    page.select_option("#id_project_type", "wind")
    page.select_option("#id_country", "CN")
    page.fill("#id_capacity", "100")
    page.select_option("#id_capacity_unit", "MW")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/en/projects/*/")
    project = Project.objects.get()
    assert project.owner == owner_org
    detail = page.url

    page.click("#phases a[href$='/phases/new/']")
    page.fill("#id_name_en", "Phase 1")
    page.click("main form button[type=submit]")
    page.wait_for_url(detail)
    assert "Phase 1" in page.locator("#phases").inner_text()

    page.click("#timeline a[href$='/milestones/new/']")
    page.fill("#id_title_en", "168-hour trial run passed")
    page.fill("#id_planned", "2031-06-30")
    page.click("main form button[type=submit]")
    page.wait_for_url(detail)
    assert "168-hour trial run passed" in page.locator("#timeline").inner_text()

    page.click("#consortium a[href$='/consortium/invite/']")
    page.select_option("#id_organization", str(partner_org.pk))
    page.select_option("#id_role", "epc")
    page.fill("#id_share", "40")
    page.click("main form button[type=submit]")
    page.wait_for_url(detail)
    assert "Invited" in page.locator("#consortium").inner_text()

    partner_context = browser.new_context(base_url=live_server.url, locale="en-US")
    partner = partner_context.new_page()
    partner.set_default_timeout(15_000)
    sign_in(partner, "nguyen", PASSWORD)
    partner.goto(detail)
    partner.click("#consortium button:has-text('Accept')")
    partner.wait_for_url(detail)
    assert "Confirmed" in partner.locator("#consortium").inner_text()
    partner_context.close()
    assert ConsortiumRole.objects.get().status == ConsortiumStatus.CONFIRMED

    for label in ("Proposed", "Agreement signed"):
        page.goto(detail)
        page.click(f"button:has-text('Move to “{label}”')")
        page.wait_for_url(detail)
    assert _ratio(page, "construction_started") == "0.0 %"

    page.goto(detail)
    page.click("button:has-text('Move to “Financing closed”')")
    page.wait_for_url(detail)
    assert page.locator("#stage").inner_text() == "Financing closed"
    # The last move from the pipeline board: the card's own small form.
    page.goto("/en/projects/board/")
    card = page.locator(f"#project-{project.pk}")
    assert card.locator("xpath=ancestor::section/h2").inner_text().startswith("Financing closed")
    card.locator("button:has-text('Move to “Construction started”')").click()
    page.wait_for_url("**/en/projects/board/")
    card = page.locator(f"#project-{project.pk}")
    assert (
        card.locator("xpath=ancestor::section/h2").inner_text().startswith("Construction started")
    )
    project.refresh_from_db()
    assert project.stage == Stage.CONSTRUCTION
    assert _ratio(page, "construction_started") == "100.0 %"
    assert _ratio(page, "agreements_fulfilled") == "100.0 %"
