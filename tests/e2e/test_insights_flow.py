"""The secretariat opens the alliance dashboard, narrows it to Vietnam, sets the tCO2 target,
and generates a report in Chinese, whose progress the page follows until it can be downloaded."""

from decimal import Decimal

import pytest

from sanxin.directory.enums import MembershipStatus, PersonRole
from sanxin.insights.models import CarbonTarget, Report
from sanxin.projects.enums import Currency, Stage
from tests.e2e.conftest import sign_in
from tests.factories import AllianceFactory, MembershipFactory, OrganizationFactory, PersonFactory
from tests.projects.factories import ProjectFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_dashboard_target_and_report(page, live_server, settings, tmp_path):
    from django.db import connection

    settings.MEDIA_ROOT = tmp_path / "media"
    # On PostgreSQL the report is made in a background thread and the page polls its progress.
    # SQLite's shared in-memory test database locks a table while the live server reads it
    # ("database table is locked"), so there it is made within the request (the thread and
    # polling are covered by tests/insights/test_report_lifecycle.py).
    settings.SANXIN_REPORTS_IN_THREAD = connection.vendor != "sqlite"
    secretariat_org = OrganizationFactory(slug="sw-invest", name_en="Southwest Investment")
    alliance = AllianceFactory(slug="three-new", secretariat=secretariat_org)
    owner = OrganizationFactory(slug="tianfu", name_en="Tianfu Wind Co.")
    for org in (secretariat_org, owner):
        MembershipFactory(alliance=alliance, organization=org, status=MembershipStatus.ACTIVE)
    PersonFactory(username="wang", organization=secretariat_org, role=PersonRole.SECRETARIAT)
    ProjectFactory(title_en="Liangshan wind farm", owner=owner, stage=Stage.CONSTRUCTION)
    ProjectFactory(
        title_en="Hai Phong storage",
        owner=owner,
        country="VN",
        capacity_unit="MWh",
        currency=Currency.USD,
        investment=Decimal("1000000"),
    )

    sign_in(page, "wang", PASSWORD)
    page.goto("/en/insights/")
    assert page.locator("#stat-projects").inner_text() == "2"
    assert page.locator("#chart-stage svg[role=img]").count() == 1
    assert "Construction started" in page.locator("#table-stage").inner_text()

    page.select_option("#id_region", "VN")
    page.click("main form.filters button[type=submit]")
    page.wait_for_url("**region=VN**")
    assert page.locator("#stat-projects").inner_text() == "1"
    assert page.locator("#chart-capacity-mwh").count() == 1
    assert page.locator("#chart-capacity-mw").count() == 0

    page.click("main a[href*='/insights/target/']")
    page.fill("#id_tco2_per_year", "250000")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/en/insights/?alliance=three-new")
    assert CarbonTarget.objects.get(alliance=alliance).tco2_per_year == Decimal("250000.0")
    assert "250,000" in page.locator("main").inner_text()

    page.click("main a[href*='/insights/reports/']")
    page.fill("#id_start", "2020-01-01")
    page.select_option("#id_language", "zh-hans")
    page.select_option("#id_file_format", "xlsx")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/en/insights/reports/*/")
    page.wait_for_selector("#report-download", timeout=60_000)
    report = Report.objects.get()
    assert (report.status, report.progress, report.language) == ("done", 100, "zh-hans")
    with page.expect_download() as download:
        page.click("#report-download")
    assert download.value.suggested_filename.endswith("-zh-hans.xlsx")
