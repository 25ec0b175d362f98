"""Registering, approving guests, sending and answering meeting requests, quotas, expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sanxin.common.models import AuditEntry
from sanxin.events.domain.registrations import (
    approve_registration,
    cancel_registration,
    register,
    update_registration,
)
from sanxin.events.domain.requests import (
    accept_request,
    decline_request,
    expire_requests,
    send_request,
    withdraw_request,
)
from sanxin.events.enums import (
    EventAudience,
    RegistrationKind,
    RegistrationStatus,
    RequestStatus,
)
from sanxin.events.models import Registration
from sanxin.projects.models import Notification
from tests.events.factories import EventFactory, MeetingRequestFactory, RegistrationFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.integration


def test_a_member_registers_at_once_a_guest_waits_for_approval(world):
    event = EventFactory(alliance=world.alliance, audience=EventAudience.PUBLIC)
    member = register(actor=world.member, event=event, data={"listed": True, "languages": ["zh"]})
    assert (member.kind, member.status) == (RegistrationKind.MEMBER, RegistrationStatus.APPROVED)
    guest = register(actor=world.guest, event=event, data={"listed": True})
    assert (guest.kind, guest.status) == (RegistrationKind.GUEST, RegistrationStatus.PENDING)
    other = register(actor=world.other, event=event, data={})
    assert other.kind == RegistrationKind.GUEST
    with pytest.raises(PermissionDenied):
        approve_registration(actor=world.member, registration=guest)
    approve_registration(actor=world.secretariat, registration=guest)
    guest.refresh_from_db()
    assert guest.status == RegistrationStatus.APPROVED
    assert Notification.objects.filter(person=world.guest).count() == 1
    actions = list(
        AuditEntry.objects.filter(object_type="events.event").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        ["sanxin.event.registered"] * 3 + ["sanxin.event.registration.approved"]
    )


def test_registration_rules(world):
    event = EventFactory(alliance=world.alliance, capacity=1, allow_guests=False)
    with pytest.raises(ValidationError) as exc:
        register(actor=world.other, event=event, data={})
    assert "not open to you" in str(exc.value)
    register(actor=world.member, event=event, data={})
    with pytest.raises(ValidationError, match="already registered"):
        register(actor=world.member, event=event, data={})
    with pytest.raises(ValidationError, match="full"):
        register(actor=world.partner, event=event, data={})
    event.capacity = None
    event.save()
    with pytest.raises(ValidationError) as exc:
        register(actor=world.partner, event=event, data={"languages": ["xx"]})
    assert exc.value.message_dict == {"languages": ["Choose languages from the list."]}
    with pytest.raises(ValidationError) as exc:
        register(actor=world.partner, event=event, data={"unavailable": ["2030-05-12 10:30"]})
    assert exc.value.message_dict == {"unavailable": ["Choose slots of this event."]}


def test_delegation_and_profile_update(world):
    event = EventFactory(alliance=world.alliance)
    a = register(actor=world.member, event=event, data={}, in_delegation=True)
    b = register(actor=world.org_admin, event=event, data={}, in_delegation=True)
    assert a.delegation_id == b.delegation_id is not None
    assert a.party_key == b.party_key == f"d{a.delegation_id}"
    update_registration(
        actor=world.member, registration=a, data={"seeks": "Storage EPC"}, in_delegation=False
    )
    a.refresh_from_db()
    assert (a.delegation_id, a.seeks) == (None, "Storage EPC")
    with pytest.raises(PermissionDenied):
        update_registration(actor=world.partner, registration=a, data={"seeks": "x"})


def test_request_accept_and_notifications(symposium, world):
    item = send_request(
        actor=world.member,
        sender=symposium.member,
        recipient=symposium.partner,
        message="Gearboxes for your packs?",
        priority="must",
    )
    assert item.status == RequestStatus.PENDING
    assert item.expires is not None
    assert [n.person for n in Notification.objects.all()] == [world.partner]
    with pytest.raises(PermissionDenied):
        accept_request(actor=world.member, request=item)
    accept_request(actor=world.partner, request=item)
    item.refresh_from_db()
    assert (item.status, item.answered_by) == (RequestStatus.ACCEPTED, world.partner)
    with pytest.raises(ValidationError, match="already answered"):
        decline_request(actor=world.partner, request=item)


def test_request_rules(symposium, world):
    event = symposium.event
    with pytest.raises(ValidationError, match="cannot receive requests"):
        # org_admin did not consent to the participant list
        send_request(actor=world.partner, sender=symposium.partner, recipient=symposium.org_admin)
    send_request(actor=world.member, sender=symposium.member, recipient=symposium.partner)
    with pytest.raises(ValidationError, match="already a request"):
        send_request(actor=world.partner, sender=symposium.partner, recipient=symposium.member)
    with pytest.raises(PermissionDenied):
        send_request(actor=world.org_admin, sender=symposium.member, recipient=symposium.partner)
    event.max_requests_per_person = 1
    event.save()
    third = RegistrationFactory(event=event, person=PersonFactory(organization=world.public_org))
    with pytest.raises(ValidationError, match="used your 1 meeting requests"):
        send_request(actor=world.member, sender=symposium.member, recipient=third)
    event.booking_open = False
    event.save()
    with pytest.raises(ValidationError, match="not open"):
        send_request(actor=world.partner, sender=symposium.partner, recipient=third)
    event.booking_open = True
    event.request_deadline = timezone.now() - dt.timedelta(hours=1)
    event.save()
    with pytest.raises(ValidationError, match="deadline"):
        send_request(actor=world.partner, sender=symposium.partner, recipient=third)


def test_a_declined_or_withdrawn_request_frees_the_pair_and_the_quota(symposium, world):
    symposium.event.max_requests_per_person = 1
    symposium.event.save()
    first = send_request(actor=world.member, sender=symposium.member, recipient=symposium.partner)
    decline_request(actor=world.partner, request=first)
    second = send_request(actor=world.member, sender=symposium.member, recipient=symposium.partner)
    withdraw_request(actor=world.member, request=second)
    second.refresh_from_db()
    assert second.status == RequestStatus.WITHDRAWN
    send_request(actor=world.member, sender=symposium.member, recipient=symposium.partner)


def test_requests_expire(symposium, world):
    item = MeetingRequestFactory(
        sender=symposium.member,
        recipient=symposium.partner,
        expires=timezone.now() - dt.timedelta(minutes=1),
    )
    fresh = MeetingRequestFactory(
        sender=symposium.partner,
        recipient=symposium.member,
        expires=timezone.now() + dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="expired"):
        accept_request(actor=world.partner, request=item)
    item.refresh_from_db()
    assert item.status == RequestStatus.EXPIRED
    assert expire_requests(now=timezone.now() + dt.timedelta(days=2)) == 1
    fresh.refresh_from_db()
    assert fresh.status == RequestStatus.EXPIRED


def test_cancelling_a_registration_withdraws_its_requests(symposium, world):
    item = send_request(actor=world.member, sender=symposium.member, recipient=symposium.partner)
    cancel_registration(actor=world.partner, registration=symposium.partner)
    item.refresh_from_db()
    assert item.status == RequestStatus.WITHDRAWN
    assert Registration.objects.get(pk=symposium.partner.pk).status == "cancelled"
