"""Creating and changing organizations: validation, all-or-nothing, audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanxin.common.audit import MASK, diff, history_for
from sanxin.common.models import AuditEntry
from sanxin.common.models.audit import AppendOnlyError
from sanxin.directory.domain.organizations import (
    confirm_profile,
    create_organization,
    delete_organization,
    set_capacities,
    update_organization,
)
from sanxin.directory.domain.reminders import remind_stale_profiles
from sanxin.directory.enums import PersonRole
from sanxin.directory.models import Organization
from tests.factories import OrganizationFactory, PersonFactory, capability, region

pytestmark = pytest.mark.integration


def test_create_needs_a_name_in_some_language(world):
    with pytest.raises(ValidationError) as exc:
        create_organization(actor=world.secretariat, data={"country": "CN"})
    assert exc.value.message_dict["name_en"] == [
        "Give the organization a name in at least one language."
    ]
    assert not AuditEntry.objects.filter(action="sanxin.organization.created").exists()


def test_create_with_vietnamese_name_only_makes_a_readable_slug(world):
    org = create_organization(
        actor=world.secretariat,
        data={"name_vi": "Công ty Pin Đồng Nai", "country": "VN", "province": region("VN-75")},
    )
    assert org.slug == "cong-ty-pin-dong-nai"
    assert org.province.name_vi == "Đồng Nai"
    entry = AuditEntry.objects.get(action="sanxin.organization.created")
    assert entry.actor == world.secretariat
    assert entry.changes["new"]["name_vi"] == "Công ty Pin Đồng Nai"


def test_province_must_be_in_the_country(world):
    with pytest.raises(ValidationError) as exc:
        create_organization(
            actor=world.secretariat,
            data={"name_en": "X", "country": "VN", "province": region("CN-SC")},
        )
    assert "province" in exc.value.message_dict


def test_update_logs_old_and_new_and_refreshes_search(world):
    update_organization(
        actor=world.org_admin,
        organization=world.member_org,
        data={"name_zh": "天府齿轮箱", "capabilities": [capability("wind-gearboxes")]},
    )
    entry = history_for(world.member_org).first()
    assert entry.action == "sanxin.organization.changed"
    assert entry.changes["new"] == {
        "name_zh": "天府齿轮箱",
        "capabilities": ["wind-gearboxes"],
        "version": 2,
    }
    assert entry.changes["old"]["capabilities"] == []
    world.member_org.refresh_from_db()
    assert "天府齿轮箱" in world.member_org.search_text


def test_member_without_admin_role_cannot_edit(world):
    with pytest.raises(PermissionDenied):
        update_organization(
            actor=world.member, organization=world.member_org, data={"name_en": "Hacked"}
        )
    world.member_org.refresh_from_db()
    assert world.member_org.name_en == "Member Gearbox Co."


def test_bad_capacity_rolls_back_nothing_saved(world):
    with pytest.raises(ValidationError) as exc:
        set_capacities(
            actor=world.org_admin,
            organization=world.member_org,
            rows=[
                {"value": 20, "unit": "MW-class", "label": "gearboxes"},
                {"value": 5, "unit": "bogus"},
            ],
        )
    assert exc.value.message_dict["capacities"][0].startswith("Capacity 2, unit:")
    assert world.member_org.capacities.count() == 0


def test_confirm_profile_clears_stale(world):
    org = world.member_org
    Organization.objects.filter(pk=org.pk).update(last_confirmed=dt.date(2020, 1, 1))
    org.refresh_from_db()
    assert org.is_stale
    confirm_profile(actor=world.org_admin, organization=org)
    org.refresh_from_db()
    assert not org.is_stale


def test_delete_refused_while_member(world):
    with pytest.raises(ValidationError) as exc:
        delete_organization(actor=world.admin, organization=world.member_org)
    assert "member of an alliance" in exc.value.messages[0]
    lonely = OrganizationFactory(slug="lonely")
    delete_organization(actor=world.admin, organization=lonely)
    assert not Organization.objects.filter(slug="lonely").exists()
    assert AuditEntry.objects.filter(action="sanxin.organization.deleted").count() == 1


def test_audit_is_append_only_and_masks_secrets(world):
    entry = AuditEntry.objects.create(action="x", object_type="t", object_id="1")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert diff({"password": "a"}, {"password": "b", "name": "n"}) == {
        "old": {},
        "new": {"name": "n"},
    }
    assert diff({}, {"api_key": "secret"})["new"]["api_key"] == MASK


def test_stale_reminders_mail_admins_once(world, mailoutbox):
    Organization.objects.filter(pk=world.member_org.pk).update(last_confirmed=dt.date(2020, 1, 1))
    PersonFactory(
        organization=world.member_org,
        role=PersonRole.ORG_ADMIN,
        language="zh-hans",
        email="zh@example.org",
    )
    assert remind_stale_profiles(today=dt.date(2026, 11, 1)) == 1
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["orgadmin@example.org", "zh@example.org"]
    chinese = next(m for m in mailoutbox if m.to == ["zh@example.org"])
    # a link that works from a mail client: the site's address and the reader's language
    assert "http://127.0.0.1:8000/zh-hans/o/member-org/" in chinese.body
    assert remind_stale_profiles(today=dt.date(2026, 11, 2)) == 0
    assert remind_stale_profiles(today=dt.date(2026, 12, 5)) == 1
