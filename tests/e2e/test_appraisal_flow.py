"""Open a project, appraise it with the defaults, see the key figures on the results page and
the latest appraisal on the project page."""

import re

import pytest

from sanxin.appraisals.models import Appraisal
from sanxin.directory.enums import MembershipStatus, PersonRole, RegionScheme
from sanxin.directory.models import Region
from sanxin.projects.enums import CapacityUnit, ProjectType
from tests.e2e.conftest import sign_in
from tests.factories import AllianceFactory, MembershipFactory, OrganizationFactory, PersonFactory
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _sichuan() -> Region:
    # Transactional tests that ran before may have flushed the reference data.
    province, _created = Region.objects.get_or_create(
        code="CN-SC",
        defaults={"country": "CN", "scheme": RegionScheme.CN, "name_en": "Sichuan"},
    )
    return province


def test_appraise_a_project_with_the_defaults(page):
    secretariat = OrganizationFactory(slug="sw-invest", name_en="Southwest Investment")
    alliance = AllianceFactory(slug="three-new", secretariat=secretariat)
    owner = OrganizationFactory(slug="tianfu", name_en="Tianfu Wind Co.")
    MembershipFactory(alliance=alliance, organization=owner, status=MembershipStatus.ACTIVE)
    PersonFactory(username="lihua", organization=owner, role=PersonRole.ORG_ADMIN)
    project = ProjectFactory(
        title_en="Liangshan wind farm",
        owner=owner,
        project_type=ProjectType.WIND,
        province=_sichuan(),
        capacity=100,
        capacity_unit=CapacityUnit.MW,
        investment=550_000_000,
    )

    sign_in(page, "lihua", PASSWORD)
    page.goto(f"/en/projects/{project.pk}/")
    assert "No appraisal yet." in page.locator("#appraisal").inner_text()
    page.click("#appraisal a:has-text('Appraise')")
    page.wait_for_url(f"**/en/appraisals/project/{project.pk}/new/")
    assert page.input_value("#id_capacity_kw") == "100000"
    assert page.input_value("#id_region") == "CN-SC"
    assert "中华人民共和国企业所得税法" in page.locator("#id_tax_rate_source").inner_text()

    page.click("#appraisal-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/en/appraisals/\d+/$"))
    appraisal = Appraisal.objects.get()
    figures = page.locator("#key-figures").inner_text()
    assert "Project NPV (after tax)" in figures
    assert "Equity IRR" in figures
    irr = f"{float(appraisal.irr_equity) * 100:,.2f} %"
    assert irr in page.locator("#figure-irr_equity").inner_text()
    assert page.locator("#cash-flows svg[role=img]").count() == 1
    assert page.locator("#sensitivity svg[role=img]").count() == 1
    assert "tCO2/MWh" in page.locator("#carbon").inner_text()

    page.goto(f"/en/projects/{project.pk}/")
    panel = page.locator("#appraisal").inner_text()
    assert "Latest: “Base case”" in panel
    assert irr in page.locator("#panel-irr_equity").inner_text()
