"""The Django admin shows business records but never changes or deletes them (that would skip
the domain's checks and the audit log); reference data stays editable; accounts are not deleted."""

import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.integration


@pytest.fixture
def admin_client(world):
    return client_for(world, "admin")


def test_an_organization_can_be_looked_at_but_not_changed_or_deleted(world, admin_client):
    org = world.member_org
    change = reverse("admin:directory_organization_change", args=[org.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    assert org.name_en in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # no save button: read only
    refused = admin_client.post(change, {"name_en": "Renamed in the admin"})
    assert refused.status_code == 403
    delete = reverse("admin:directory_organization_delete", args=[org.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    org.refresh_from_db()
    assert org.name_en != "Renamed in the admin"
    assert admin_client.get(reverse("admin:directory_organization_add")).status_code == 403


@pytest.mark.parametrize("model", ["membership", "offer", "alliance"])
def test_other_business_records_are_read_only(admin_client, model):
    assert admin_client.get(reverse(f"admin:directory_{model}_add")).status_code == 403


def test_audit_entries_and_tokens_cannot_be_touched(admin_client):
    assert admin_client.get(reverse("admin:common_auditentry_add")).status_code == 403
    assert admin_client.get(reverse("admin:common_apitoken_add")).status_code == 403


def test_reference_data_stays_editable_and_people_are_not_deleted(world, admin_client):
    assert admin_client.get(reverse("admin:directory_capability_add")).status_code == 200
    delete = reverse("admin:directory_person_delete", args=[world.member.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert (
        admin_client.get(
            reverse("admin:directory_person_change", args=[world.member.pk])
        ).status_code
        == 200
    )
