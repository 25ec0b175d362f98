"""What each role sees (events, participants with consent, requests only to their parties),
and the organiser's and participants' pages driven through their forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sanxin.events.domain.access import (
    event_viewer,
    visible_events,
    visible_registrations,
    visible_requests,
)
from sanxin.events.domain.queries import event_requests
from sanxin.events.enums import EventAudience, EventStatus, RequestStatus
from sanxin.events.models import (
    Delegation,
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    Session,
)
from sanxin.projects.models import FollowUp
from tests.events.conftest import EVENT_ROLES, client_for_role, person_for
from tests.events.factories import EventFactory, MeetingRequestFactory, RegistrationFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def events(world, symposium):
    return {
        "alliance": symposium.event,
        "public": EventFactory(
            alliance=world.alliance, audience=EventAudience.PUBLIC, title_en="public"
        ),
        "draft": EventFactory(alliance=world.alliance, status=EventStatus.DRAFT, title_en="draft"),
        "other": EventFactory(alliance=world.other_alliance, title_en="other"),
    }  # fmt: skip


EXPECTED_EVENTS = {
    "anonymous": {"public"},
    "guest": {"public"},
    "other_alliance": {"public", "other"},
    "member": {"public", "Chengdu new-energy symposium"},
    "partner": {"public", "Chengdu new-energy symposium"},
    "org_admin": {"public", "Chengdu new-energy symposium"},
    "secretariat": {"public", "Chengdu new-energy symposium", "draft"},
    "admin": {"public", "Chengdu new-energy symposium", "draft", "other"},
}


@pytest.mark.parametrize("role", EVENT_ROLES)
def test_events_each_role_sees(world, events, role):
    ev = event_viewer(person_for(world, role))
    assert {e.title_en for e in visible_events(ev)} == EXPECTED_EVENTS[role]
    response = client_for_role(world, role).get(reverse("event_list"))
    assert {e.title_en for e in response.context["page"]} == EXPECTED_EVENTS[role]


def test_a_registered_guest_sees_the_event(world, events):
    RegistrationFactory(event=events["other"], person=world.guest)
    assert {e.title_en for e in visible_events(event_viewer(world.guest))} == {"public", "other"}


@pytest.mark.parametrize("role", EVENT_ROLES)
def test_participants_appear_only_with_consent(world, symposium, role):
    """The org admin did not consent: only they and the organisers see their registration."""
    ev = event_viewer(person_for(world, role))
    seen = {r.person.username for r in visible_registrations(ev).filter(event=symposium.event)}
    expected = {
        "anonymous": set(),
        "guest": set(),
        "other_alliance": set(),
        "member": {"member", "partner"},
        "partner": {"member", "partner"},
        "org_admin": {"member", "partner", "orgadmin"},
        "secretariat": {"member", "partner", "orgadmin"},
        "admin": {"member", "partner", "orgadmin"},
    }[role]
    assert seen == expected


@pytest.mark.parametrize("role", EVENT_ROLES)
def test_requests_only_to_their_parties(world, symposium, role):
    MeetingRequestFactory(sender=symposium.partner, recipient=symposium.member)
    MeetingRequestFactory(sender=symposium.org_admin, recipient=symposium.partner)
    ev = event_viewer(person_for(world, role))
    seen = {(r.sender.person.username, r.recipient.person.username) for r in visible_requests(ev)}
    expected = {
        "member": {("partner", "member")},
        "partner": {("partner", "member"), ("orgadmin", "partner")},
        "org_admin": {("orgadmin", "partner")},
        "secretariat": {("partner", "member"), ("orgadmin", "partner")},
        "admin": {("partner", "member"), ("orgadmin", "partner")},
    }.get(role, set())
    assert seen == expected


@pytest.mark.parametrize("role", EVENT_ROLES)
def test_an_events_request_list_holds_what_the_role_may_see_there(world, symposium, role):
    """The list reads the viewer's party as ids first: the same requests as the rules, its
    delegation's included, none of another event."""
    delegation = Delegation.objects.create(event=symposium.event, organization=world.member_org)
    Registration.objects.filter(pk__in=[symposium.member.pk, symposium.org_admin.pk]).update(
        delegation=delegation
    )
    MeetingRequestFactory(sender=symposium.partner, recipient=symposium.member)
    MeetingRequestFactory(sender=symposium.org_admin, recipient=symposium.partner)
    elsewhere = EventFactory(alliance=world.alliance)
    MeetingRequestFactory(
        event=elsewhere,
        sender=RegistrationFactory(event=elsewhere, person=world.member),
        recipient=RegistrationFactory(event=elsewhere, person=world.partner),
    )
    ev = event_viewer(person_for(world, role))
    listed = list(event_requests(ev, symposium.event))
    assert set(listed) == set(visible_requests(ev).filter(event=symposium.event))
    expected = {"anonymous": 0, "guest": 0, "other_alliance": 0}.get(role, 2)
    assert len(listed) == expected


def test_organiser_creates_an_event_through_the_form(world):
    client = client_for_role(world, "secretariat")
    response = client.post(
        reverse("event_create"),
        {
            "alliance": world.alliance.pk,
            "title_zh": "河内新能源论坛",
            "start_date": "2030-09-01",
            "end_date": "2030-09-02",
            "venue": "Hanoi",
            "time_zone": "Asia/Ho_Chi_Minh",
            "audience": "public",
            "registration_open": "on",
            "allow_guests": "on",
            "guest_approval": "on",
            "meeting_days_text": "2030-09-02",
            "meeting_start": "09:00",
            "meeting_end": "17:00",
            "slot_minutes": "20",
            "breaks_text": "12:00-13:30，15:00-15:20",
            "tables_per_slot": "12",
            "max_meetings_per_person": "8",
            "max_requests_per_person": "20",
            "request_expiry_days": "5",
        },
    )
    event = Event.objects.get(title_zh="河内新能源论坛")
    assert response["Location"] == reverse("event_detail", args=[event.pk])
    assert (event.meeting_days, event.breaks) == (
        ["2030-09-02"],
        [["12:00", "13:30"], ["15:00", "15:20"]],
    )
    assert event.status == EventStatus.DRAFT


def test_the_form_shows_the_domains_errors(world):
    client = client_for_role(world, "secretariat")
    response = client.post(
        reverse("event_create"),
        {
            "alliance": world.alliance.pk,
            "title_en": "x",
            "start_date": "2030-09-02",
            "end_date": "2030-09-01",
            "time_zone": "Mars/Olympus",
            "audience": "public",
            "meeting_start": "09:00",
            "meeting_end": "08:00",
            "slot_minutes": "30",
            "breaks_text": "lunch",
            "tables_per_slot": "3",
            "max_meetings_per_person": "8",
            "max_requests_per_person": "20",
            "request_expiry_days": "5",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["breaks_text"] == ["Write each break as start–end, e.g. 12:00-13:30."]
    assert not Event.objects.filter(title_en="x").exists()


def test_agenda_session_in_the_events_time_zone(world, symposium):
    client = client_for_role(world, "secretariat")
    client.post(
        reverse("session_add", args=[symposium.event.pk]),
        {"title_en": "Opening", "starts": "2030-05-12T08:30", "ends": "2030-05-12T09:00",
         "speakers": "Wang Li | Chairman, Southwest Investment\nNguyễn Văn An"},
    )  # fmt: skip
    session = Session.objects.get()
    assert session.starts == dt.datetime(2030, 5, 12, 0, 30, tzinfo=dt.UTC)
    assert [(s.name, s.affiliation) for s in session.speakers.all()] == [
        ("Wang Li", "Chairman, Southwest Investment"),
        ("Nguyễn Văn An", ""),
    ]


def test_register_request_accept_schedule_and_follow_up_through_the_pages(
    world, symposium, django_capture_on_commit_callbacks
):
    event = symposium.event
    Registration.objects.filter(pk=symposium.partner.pk).delete()
    partner = client_for_role(world, "partner")
    partner.post(
        reverse("event_register", args=[event.pk]),
        {"listed": "on", "languages": ["vi", "en"], "seeks": "Gearboxes"},
    )
    reg = Registration.objects.get(person=world.partner)
    assert (reg.status, reg.languages) == ("approved", ["vi", "en"])
    member = client_for_role(world, "member")
    member.post(
        reverse("request_create", args=[event.pk, reg.pk]),
        {"priority": "must", "message": "Let us talk"},
    )
    item = MeetingRequest.objects.get()
    partner.post(reverse("request_answer", args=[item.pk, "accept"]))
    item.refresh_from_db()
    assert item.status == RequestStatus.ACCEPTED
    organiser = client_for_role(world, "secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(reverse("event_schedule", args=[event.pk]), {})
    assert response["Location"] == reverse("event_schedule", args=[event.pk])
    meeting = Meeting.objects.get()
    response = organiser.get(response["Location"])
    assert (response.context["run"].meetings, response.context["unplaced"]) == (1, [])
    response = member.get(reverse("event_agenda", args=[event.pk]))
    assert [i.meeting for i in response.context["items"]] == [meeting]
    response = member.post(
        reverse("meeting_outcome", args=[meeting.pk]), {"result": "follow_up", "note": ""}
    )
    outcome = meeting.outcomes.get()
    assert response["Location"] == reverse("outcome_detail", args=[outcome.pk])
    project = ProjectFactory(owner=world.member_org)
    member.post(
        reverse("outcome_detail", args=[outcome.pk]),
        {"make": "follow_up", "follow-project": project.pk, "follow-title": "Send a quote",
         "follow-due": "2030-06-01"},
    )  # fmt: skip
    outcome.refresh_from_db()
    assert outcome.follow_up == FollowUp.objects.get(title="Send a quote")


def test_opening_booking_warns_about_capacity(world, symposium):
    symposium.event.booking_open = False
    symposium.event.tables_per_slot = 1
    symposium.event.save()
    response = client_for_role(world, "secretariat").post(
        reverse("event_booking", args=[symposium.event.pk]), {"open": "1"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Up to 12 meetings may be requested (3 participants × 8 meetings ÷ 2) but there are "
        "only 5 meeting places (5 slots × 1 tables).",
        "Meeting requests are open.",
    ]


def test_table_plan_and_no_show(world, symposium, django_capture_on_commit_callbacks):
    item = MeetingRequestFactory(
        sender=symposium.member, recipient=symposium.partner, status="accepted"
    )
    organiser = client_for_role(world, "secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        organiser.post(reverse("event_schedule", args=[symposium.event.pk]), {})
    meeting = Meeting.objects.get(request=item)
    response = organiser.get(reverse("event_tables", args=[symposium.event.pk]))
    rows = response.context["rows"]
    assert [(r.slot, [m and m.pk for m in r.tables]) for r in rows] == [
        (meeting.slot, [meeting.pk, None, None])
    ]
    organiser.post(
        reverse("meeting_attendance", args=[meeting.pk]),
        {"attendance": "no_show", "no_show_by": symposium.partner.pk},
    )
    meeting.refresh_from_db()
    assert (meeting.attendance, meeting.no_show_by) == ("no_show", symposium.partner)
    response = organiser.get(reverse("event_report", args=[symposium.event.pk]))
    assert (response.context["report"].meetings, response.context["report"].no_shows) == (1, 1)
