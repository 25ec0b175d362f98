"""The Django admin shows events and everything in them but never changes or deletes them: that
would skip the domain's checks, the version (optimistic locking) and the audit log."""

import pytest
from django.urls import reverse

from sanxin.events.models import Event
from tests.conftest import client_for
from tests.events.factories import (
    EventFactory,
    InterpreterFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def admin_client(world):
    return client_for(world, "admin")


def test_an_event_can_be_looked_at_but_not_changed_or_deleted(world, admin_client):
    event = EventFactory(alliance=world.alliance, title_en="Chengdu new-energy symposium")
    SessionFactory(event=event, title_en="Opening keynote")
    InterpreterFactory(event=event)
    change = reverse("admin:events_event_change", args=[event.pk])
    page = admin_client.get(change)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Chengdu new-energy symposium" in html
    assert "Opening keynote" in html  # the agenda inline is shown, read only
    assert 'name="_save"' not in html
    refused = admin_client.post(change, {"title_en": "Renamed in the admin"})
    assert refused.status_code == 403
    delete = reverse("admin:events_event_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert (event.title_en, event.version) == ("Chengdu new-energy symposium", 1)
    assert admin_client.get(reverse("admin:events_event_add")).status_code == 403
    assert Event.objects.count() == 1


def test_a_registration_is_read_only(world, admin_client):
    registration = RegistrationFactory(person=world.member)
    change = reverse("admin:events_registration_change", args=[registration.pk])
    page = admin_client.get(change)
    assert (page.status_code, 'name="_save"' in page.content.decode()) == (200, False)
    assert admin_client.post(change, {"status": "cancelled"}).status_code == 403
    delete = reverse("admin:events_registration_delete", args=[registration.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


@pytest.mark.parametrize(
    "model", ["event", "registration", "meetingrequest", "meeting", "outcome", "schedulerun"]
)
def test_every_event_record_is_read_only(admin_client, model):
    assert admin_client.get(reverse(f"admin:events_{model}_add")).status_code == 403
    assert admin_client.get(reverse(f"admin:events_{model}_changelist")).status_code == 200
