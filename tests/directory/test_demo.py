"""The demo alliance: loaded through the domain functions, once, with working accounts."""

from __future__ import annotations

from collections import Counter

import pytest

pytestmark = pytest.mark.integration

FOCUS_PROVINCES = {"CN-SC", "CN-CQ", "CN-YN", "CN-GZ"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module, inside a transaction rolled back at the end.

    Each test still runs in its own savepoint (the ``db`` fixture), so nothing leaks.
    """
    from django.db import transaction

    from sanxin.directory.demo.loader import load_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_load_demo_builds_the_alliance(db, demo):
    from sanxin.directory.enums import MembershipStatus, OrgType
    from sanxin.directory.models import Alliance, Organization

    assert demo.already_loaded is False
    assert demo.alliances == 2
    main = Alliance.objects.get(slug="sanxin-southwest")
    assert main.secretariat.slug == "sw-sanxin-invest"
    assert main.secretariat.province.code == "CN-SC"
    assert sorted(main.fields.values_list("code", flat=True)) == [
        "new-energy",
        "new-industry",
        "new-infrastructure",
        "new-materials",
    ]
    members = Organization.objects.filter(
        memberships__alliance=main, memberships__status=MembershipStatus.ACTIVE
    )
    assert members.count() == 40
    assert set(members.values_list("org_type", flat=True)) == set(OrgType.values)
    provinces = set(members.values_list("province__code", flat=True))
    assert provinces >= FOCUS_PROVINCES
    assert set(members.values_list("country", flat=True)) == {"CN", "VN"}
    assert not Organization.objects.filter(is_demo=False).exists()

    statuses = Counter(main.memberships.values_list("status", flat=True))
    assert statuses == {"active": 40, "pending": 1, "invited": 1, "suspended": 1}
    roles = Counter(
        main.memberships.filter(status=MembershipStatus.ACTIVE).values_list("role", flat=True)
    )
    assert roles == {"chair": 1, "vice_chair": 3, "member": 34, "observer": 2}


def test_demo_content_is_trilingual_and_varied(db, demo):
    from sanxin.directory.models import Offer, Organization

    orgs = Organization.objects.all()
    for lang in ("zh", "en", "vi"):
        assert orgs.exclude(**{f"name_{lang}": ""}).count() >= 10, lang
        assert orgs.exclude(**{f"situation_{lang}": ""}).exists(), lang
        assert Offer.objects.exclude(**{f"title_{lang}": ""}).count() >= 8, lang
    assert Counter(orgs.values_list("confidentiality", flat=True)) == {
        "alliance": 33,
        "public": 10,
        "own": 2,
    }
    assert sorted(o.slug for o in orgs if o.is_stale) == [
        "cq-mountain-institute",
        "dianyuetong-logistics",
        "nangvang-solar",
    ]
    gearbox = Organization.objects.get(slug="shuling-gear")
    assert str(gearbox.capacities.first()).startswith("20 MW-class")
    assert "168" in gearbox.situation_en
    battery = Organization.objects.get(slug="yusheng-battery")
    assert battery.memberships.count() == 2
    assert demo.offers == Offer.objects.count() == 28
    assert Offer.objects.filter(status="closed").count() == 1
    assert sum(o.is_expired for o in Offer.objects.all()) == 1


def test_loading_twice_creates_nothing(db, demo):
    from sanxin.common.models import AuditEntry
    from sanxin.directory.demo.loader import load_demo
    from sanxin.directory.models import Membership, Offer, Organization, Person

    def counts():
        return [m.objects.count() for m in (Organization, Membership, Offer, Person, AuditEntry)]

    before = counts()
    again = load_demo()
    assert again.already_loaded is True
    assert counts() == before
    assert (again.organizations, again.offers) == (demo.organizations, demo.offers)


def test_every_demo_account_signs_in(db, demo, client):
    from sanxin.directory.demo.loader import DEMO_ACCOUNTS
    from sanxin.directory.models import Person

    assert len(DEMO_ACCOUNTS) == 7
    from django.urls import reverse

    for username, password, _role, _org in DEMO_ACCOUNTS:
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(Person.objects.get(username=username).pk)
        client.logout()
    roles = dict(Person.objects.values_list("username", "role"))
    assert roles["secretariat"] == "secretariat"
    assert roles["gearbox.admin"] == roles["epc.partner"] == roles["vn.other"] == "org_admin"
    assert roles["battery.member"] == "member"
    assert roles["guest"] == "guest"
    assert Person.objects.get(username="admin").is_superuser
    assert not Person.objects.get(username="qianfeng.admin").has_usable_password()


def test_the_roles_see_what_they_should(db, demo):
    from sanxin.common.enums import Confidentiality
    from sanxin.directory.domain.access import viewer_for, visible_organizations
    from sanxin.directory.models import Organization, Person

    def seen(username):
        viewer = viewer_for(Person.objects.get(username=username))
        return set(visible_organizations(viewer).values_list("slug", flat=True))

    public = set(
        Organization.objects.filter(confidentiality=Confidentiality.PUBLIC).values_list(
            "slug", flat=True
        )
    )
    assert seen("guest") == public
    other = seen("vn.other")
    assert "lamgiang-emotor" in other
    assert "rongchu-storage" not in other  # alliance-only, main alliance
    assert "greenloop-recycling" in other  # shared member of the battery group
    assert "rongchu-storage" in seen("gearbox.admin")
    assert "qianchuang-fund" not in seen("gearbox.admin")  # own organization only
    assert "qianchuang-fund" in seen("secretariat")
    assert len(seen("admin")) == demo.organizations


def test_the_audit_log_records_the_creation(db, demo):
    from sanxin.common.models import AuditEntry

    actions = Counter(AuditEntry.objects.values_list("action", flat=True))
    assert actions["sanxin.organization.created"] == demo.organizations
    assert actions["sanxin.offer.posted"] == demo.offers
    assert actions["sanxin.person.created"] == demo.people
    assert actions["sanxin.alliance.created"] == 2
    assert actions["sanxin.membership.applied"] == 1
    assert actions["sanxin.membership.suspended"] == 1
    by = dict(
        AuditEntry.objects.filter(action="sanxin.organization.created").values_list(
            "object_label", "actor_label"
        )
    )
    assert by["Shuling Heavy Gear Transmission Co., Ltd."] == "secretariat"
    assert by["Southwest Sanxin Industrial Investment Co., Ltd."] == "admin"


def test_readme_lists_the_demo_accounts():
    import re
    from pathlib import Path

    from sanxin.directory.demo.loader import DEMO_ACCOUNTS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z.]+)` \| `([^`]+)` \|", readme, re.M)
    assert rows == [(username, password) for username, password, _role, _org in DEMO_ACCOUNTS]
