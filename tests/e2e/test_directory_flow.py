"""Sign in, find an organization by its Chinese name in the Chinese UI, edit it with a bad
value and see the error, fix it, see the history entry, switch to Vietnamese."""

import pytest

from sanxin.common.enums import Confidentiality
from sanxin.common.models import AuditEntry
from sanxin.directory.enums import MembershipStatus, PersonRole
from tests.e2e.conftest import sign_in
from tests.factories import AllianceFactory, MembershipFactory, OrganizationFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_find_edit_fix_history_and_switch_language(page):
    secretariat_org = OrganizationFactory(slug="sw-invest", name_zh="西南投资")
    alliance = AllianceFactory(slug="three-new", secretariat=secretariat_org)
    org = OrganizationFactory(
        slug="gearbox",
        name_en="Tianfu Gearbox Co.",
        name_zh="天府齿轮箱有限公司",
        name_vi="",
        confidentiality=Confidentiality.ALLIANCE,
    )
    OrganizationFactory(slug="other", name_zh="其他公司", name_en="Other Co.")
    MembershipFactory(alliance=alliance, organization=org, status=MembershipStatus.ACTIVE)
    PersonFactory(username="lihua", organization=org, role=PersonRole.ORG_ADMIN)

    sign_in(page, "lihua", PASSWORD, lang="zh-hans")
    page.goto("/zh-hans/directory/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text() == "成员名录"
    page.fill("#id_q", "齿轮箱")
    page.click("form[role=search] button[type=submit]")
    results = page.locator("#results tbody tr")
    results.first.wait_for()
    assert results.count() == 1
    results.first.locator("a").first.click()
    page.wait_for_url("**/zh-hans/o/gearbox/")

    page.click("a[href$='/o/gearbox/edit/']")
    page.fill("#id_email", "not-an-email")
    page.fill("#id_situation_vi", "Nhà sản xuất hộp số 20 MW.")
    page.click("main form button[type=submit]")
    error = page.locator("#id_email_errors")
    error.wait_for()
    assert error.is_visible()
    # Nothing the user typed is lost, and nothing was saved.
    assert page.input_value("#id_situation_vi") == "Nhà sản xuất hộp số 20 MW."
    org.refresh_from_db()
    assert org.situation_vi == ""
    assert not AuditEntry.objects.filter(action="sanxin.organization.changed").exists()

    page.fill("#id_email", "sales@tianfu-gearbox.example")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/zh-hans/o/gearbox/")
    org.refresh_from_db()
    assert org.email == "sales@tianfu-gearbox.example"
    history = page.locator("ol.history")
    assert "sanxin.organization.changed" in history.inner_text()
    assert "sales@tianfu-gearbox.example" in history.inner_text()

    page.click("ul.languages a[hreflang=vi]")
    page.wait_for_url("**/vi/o/gearbox/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("nav a[href='/vi/directory/']").inner_text() == "Danh bạ"
    assert "Nhà sản xuất hộp số 20 MW." in page.locator("main").inner_text()
