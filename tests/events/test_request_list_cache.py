"""A participant's cached list of meeting requests is drawn again when a request of their party
changes, and only then; an organiser's when any request of the event changes."""

from __future__ import annotations

import pytest
from django.db import connection

from sanxin.events.domain.requests import accept_request, send_request
from sanxin.events.enums import RequestStatus
from sanxin.events.models import Delegation, MeetingRequest
from tests.events.conftest import client_for_role
from tests.events.factories import MeetingRequestFactory, RegistrationFactory


@pytest.fixture
def lists(world, symposium, page_cache, django_capture_on_commit_callbacks):
    """The member's and the secretariat's request lists, each drawn once (cached)."""
    url = f"/en/events/{symposium.event.pk}/requests/"
    _committed()
    with django_capture_on_commit_callbacks(execute=True):  # the sign-ins' writes, committed
        clients = {role: client_for_role(world, role) for role in ("member", "secretariat")}
    for client in clients.values():
        assert client.get(url)["X-Cache"] == "miss"
        assert client.get(url)["X-Cache"] == "hit"

    def answers():
        return {role: client.get(url)["X-Cache"] for role, client in clients.items()}

    return answers


def _committed() -> None:
    """Move on the generations of what the fixtures wrote, as their commit would have (a test's
    transaction never commits; a later write would otherwise move them inside the test)."""
    pending = getattr(connection, "_sanxin_pending_writes", None)
    if pending is not None:
        pending.flush()


def _others(symposium):
    others = RegistrationFactory(event=symposium.event), RegistrationFactory(event=symposium.event)
    _committed()
    return others


def test_a_request_between_others_keeps_the_participants_list_and_redraws_the_organisers(
    world, symposium, lists, django_capture_on_commit_callbacks
):
    first, second = _others(symposium)
    lists()  # the new registrations redraw every list that read the participants
    with django_capture_on_commit_callbacks(execute=True):
        send_request(actor=world.admin, sender=first, recipient=second, message="Hello")
    assert lists() == {"member": "hit", "secretariat": "miss"}


def test_a_request_received_redraws_the_list_and_shows_it(
    world, symposium, lists, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_request(
            actor=world.partner,
            sender=symposium.partner,
            recipient=symposium.member,
            message="Battery packs for your wind farm?",
        )
    assert lists() == {"member": "miss", "secretariat": "miss"}
    client = client_for_role(world, "member")
    page = client.get(f"/en/events/{symposium.event.pk}/requests/").content.decode()
    assert "Battery packs for your wind farm?" in page


def test_an_answer_to_my_request_redraws_my_list(
    world, symposium, lists, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = MeetingRequestFactory(sender=symposium.member, recipient=symposium.partner)
    lists()
    with django_capture_on_commit_callbacks(execute=True):
        accept_request(actor=world.partner, request=item)
    assert lists() == {"member": "miss", "secretariat": "miss"}


def test_a_request_of_my_delegation_redraws_my_list(
    world, symposium, lists, django_capture_on_commit_callbacks
):
    first, second = _others(symposium)
    with django_capture_on_commit_callbacks(execute=True):
        delegation = Delegation.objects.create(event=symposium.event, organization=world.member_org)
        for registration in (symposium.member, first):
            registration.delegation = delegation
            registration.save()
    lists()
    with django_capture_on_commit_callbacks(execute=True):
        MeetingRequestFactory(sender=first, recipient=second)
    assert lists() == {"member": "miss", "secretariat": "miss"}


@pytest.mark.parametrize("write", ["update", "bulk_update", "bulk_create"])
def test_writes_without_signals_redraw_every_list(
    world, symposium, lists, django_capture_on_commit_callbacks, write
):
    first, second = _others(symposium)
    with django_capture_on_commit_callbacks(execute=True):
        item = MeetingRequestFactory(sender=first, recipient=second)
    lists()
    with django_capture_on_commit_callbacks(execute=True):
        if write == "update":
            MeetingRequest.objects.filter(pk=item.pk).update(status=RequestStatus.EXPIRED)
        elif write == "bulk_update":
            item.status = RequestStatus.EXPIRED
            MeetingRequest.objects.bulk_update([item], ["status"])
        else:
            MeetingRequest.objects.bulk_create(
                [MeetingRequest(event=symposium.event, sender=second, recipient=first)]
            )
    assert lists() == {"member": "miss", "secretariat": "miss"}


@pytest.mark.parametrize("how", ["one", "queryset"])
def test_a_deleted_request_redraws_its_parties_lists(
    world, symposium, lists, django_capture_on_commit_callbacks, how
):
    other = RegistrationFactory(event=symposium.event)
    _committed()
    with django_capture_on_commit_callbacks(execute=True):
        item = MeetingRequestFactory(sender=other, recipient=symposium.member, message="Gone soon")
    lists()
    with django_capture_on_commit_callbacks(execute=True):
        if how == "one":
            item.delete()
        else:
            MeetingRequest.objects.filter(sender=other).delete()
    assert lists() == {"member": "miss", "secretariat": "miss"}
    page = client_for_role(world, "member").get(f"/en/events/{symposium.event.pk}/requests/")
    assert "Gone soon" not in page.content.decode()


def test_the_list_shown_after_sending_is_stored_for_the_next_look(
    world, symposium, lists, django_capture_on_commit_callbacks
):
    client = client_for_role(world, "member")
    url = f"/en/events/{symposium.event.pk}/participants/{symposium.partner.pk}/request/"
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"priority": "want", "message": "Shall we meet?"})
    assert sent.status_code == 302
    shown = client.get(sent["Location"])
    assert shown["X-Cache"] == "miss"  # the party's list changed: drawn again, with the message
    assert "Your request was sent." in shown.content.decode()
    assert "Shall we meet?" in shown.content.decode()
    again = client.get(sent["Location"])
    assert again["X-Cache"] == "hit"  # the page drawn after sending, stored without the message
    assert "Your request was sent." not in again.content.decode()
    assert "Shall we meet?" in again.content.decode()
