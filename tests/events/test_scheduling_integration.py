"""The scheduler fed from the database: slots, availability, delegations, interpreters,
published meetings kept in place, unplaced reasons, the capacity planner, the task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sanxin.events.domain.meetings import cancel_meeting
from sanxin.events.domain.scheduling import (
    build_feed,
    capacity_check,
    request_schedule,
    request_weight,
    run_schedule,
)
from sanxin.events.domain.slots import event_slots
from sanxin.events.enums import MeetingStatus, Priority, RequestStatus, RunStatus
from sanxin.events.models import Delegation, Meeting, MeetingRequest, ScheduleRun
from sanxin.events.tasks import queue_schedule
from tests.events.factories import (
    EventFactory,
    InterpreterFactory,
    MeetingRequestFactory,
    RegistrationFactory,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.integration

SLOTS = ["2030-05-12 09:00", "2030-05-12 09:30", "2030-05-12 10:00", "2030-05-12 11:00",
         "2030-05-12 11:30"]  # fmt: skip


def _accepted(a, b, **kw):
    return MeetingRequestFactory(sender=a, recipient=b, status=RequestStatus.ACCEPTED, **kw)


def _solve(event, actor=None, allow_moves=False) -> ScheduleRun:
    run = request_schedule(actor=actor, event=event, allow_moves=allow_moves)
    return run_schedule(run_id=run.pk, time_limit=5)


def test_slots_follow_the_meeting_hours_breaks_and_time_zone(world):
    event = EventFactory(alliance=world.alliance)
    slots = event_slots(event)
    assert [s.key for s in slots] == SLOTS
    assert slots[0].starts == dt.datetime(2030, 5, 12, 1, 0, tzinfo=dt.UTC)
    assert slots[0].label == "09:00–09:30"


def test_feed_has_participants_requests_and_weights(symposium, world):
    req = _accepted(symposium.member, symposium.partner, priority=Priority.MUST, match_score=1)
    MeetingRequestFactory(sender=symposium.partner, recipient=symposium.org_admin)  # pending
    symposium.partner.unavailable = ["2030-05-12 09:00"]
    symposium.partner.save()
    feed = build_feed(symposium.event)
    inst = feed.instance
    assert inst.slots == tuple(SLOTS)
    assert inst.tables == (3,) * 5
    assert [(r.a, r.b, r.weight) for r in inst.requests] == [
        (f"r{symposium.member.pk}", f"r{symposium.partner.pk}", 39)
    ]
    partner = next(p for p in inst.participants if p.id == f"r{symposium.partner.pk}")
    assert partner.available == frozenset(SLOTS[1:])
    assert partner.languages == ("vi", "en")
    assert partner.max_meetings == 8
    assert feed.requests == [req]


def test_run_places_meetings_and_explains_the_rest(symposium, world):
    event = symposium.event
    event.tables_per_slot = 1
    event.save()
    _accepted(symposium.member, symposium.partner, priority=Priority.MUST)
    guests = [
        RegistrationFactory(event=event, person=PersonFactory(organization=world.public_org))
        for _ in range(2)
    ]
    _accepted(guests[0], symposium.partner)
    # The second guest is available in no slot at all.
    guests[1].unavailable = SLOTS
    guests[1].save()
    _accepted(guests[1], symposium.member)
    run = _solve(event, world.secretariat)
    assert run.status == RunStatus.DONE
    assert (run.requests, run.meetings, run.new_meetings) == (3, 2, 2)
    # must 30 + want 20, plus each placed pair's match score (0-9) filled in before the solve
    placed = MeetingRequest.objects.filter(meetings__isnull=False).order_by("pk")
    assert [r.match_score is not None for r in placed] == [True, True]
    assert run.upper_bound >= run.objective == sum(request_weight(r) for r in placed)
    assert 50 <= run.objective <= 68
    assert run.gap == 0
    assert [u["reason"] for u in run.unplaced] == ["no_common_slot"]
    meetings = list(Meeting.objects.order_by("starts"))
    assert {m.table for m in meetings} == {1}
    assert len({m.slot for m in meetings}) == 2


def test_published_meetings_stay_unless_moves_are_allowed(symposium, world):
    first = _accepted(symposium.member, symposium.partner)
    run = _solve(symposium.event)
    meeting = Meeting.objects.get(request=first)
    # Move it by hand to the last slot: a re-run keeps it there.
    last = event_slots(symposium.event)[-1]
    meeting.slot, meeting.starts, meeting.ends = last.key, last.starts, last.ends
    meeting.save()
    other = RegistrationFactory(
        event=symposium.event, person=PersonFactory(organization=world.public_org)
    )
    _accepted(other, symposium.partner)
    run = _solve(symposium.event)
    meeting.refresh_from_db()
    assert (meeting.slot, meeting.status, run.moved, run.new_meetings) == (
        last.key,
        "published",
        0,
        1,
    )
    assert Meeting.objects.filter(status=MeetingStatus.PUBLISHED).count() == 2


def test_a_cancelled_meeting_frees_its_slot(symposium, world):
    item = _accepted(symposium.member, symposium.partner)
    _solve(symposium.event)
    meeting = Meeting.objects.get(request=item)
    with pytest.raises(PermissionDenied):
        cancel_meeting(actor=world.other, meeting=meeting)
    cancel_meeting(actor=world.partner, meeting=meeting)
    item.refresh_from_db()
    assert item.status == RequestStatus.WITHDRAWN
    run = _solve(symposium.event)
    assert (run.meetings, Meeting.objects.filter(status="published").count()) == (0, 0)


def test_delegations_meet_as_one_party(symposium, world):
    delegation = Delegation.objects.create(event=symposium.event, organization=world.member_org)
    for reg in (symposium.member, symposium.org_admin):
        reg.delegation = delegation
        reg.save()
    _accepted(symposium.partner, symposium.member)
    # A second request to the same delegation is a duplicate of the first.
    _accepted(symposium.partner, symposium.org_admin)
    run = _solve(symposium.event)
    assert run.meetings == 1
    assert [u["reason"] for u in run.unplaced] == ["duplicate"]


def test_interpreters_per_language_pair(symposium, world):
    symposium.member.languages = ["zh"]
    symposium.member.save()
    _accepted(symposium.member, symposium.partner)  # zh and vi: an interpreter is needed
    run = _solve(symposium.event)
    assert [u["reason"] for u in run.unplaced] == ["no_interpreter"]
    interpreter = InterpreterFactory(event=symposium.event, unavailable=SLOTS[:4])
    run = _solve(symposium.event)
    meeting = Meeting.objects.get(status="published")
    assert (run.meetings, meeting.interpreter, meeting.slot) == (1, interpreter, SLOTS[4])


def test_capacity_planner_warns_before_booking_opens(symposium, world):
    symposium.event.tables_per_slot = 1
    symposium.event.max_meetings_per_person = 8
    symposium.event.save()
    check = capacity_check(symposium.event)
    assert (check.slots, check.places, check.participants, check.expected) == (5, 5, 3, 12)
    assert check.warnings == [
        "Up to 12 meetings may be requested (3 participants × 8 meetings ÷ 2) but there are "
        "only 5 meeting places (5 slots × 1 tables)."
    ]


def test_only_organisers_run_the_scheduler_and_one_at_a_time(symposium, world):
    with pytest.raises(PermissionDenied):
        request_schedule(actor=world.member, event=symposium.event)
    request_schedule(actor=world.secretariat, event=symposium.event)
    with pytest.raises(ValidationError, match="already running"):
        request_schedule(actor=world.admin, event=symposium.event)


def test_the_task_runs_after_the_commit(symposium, world, django_capture_on_commit_callbacks):
    _accepted(symposium.member, symposium.partner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = queue_schedule(actor=world.secretariat, event=symposium.event)
    # The run, then the mail of the notifications it wrote.
    assert len(callbacks) == 2
    run.refresh_from_db()
    assert (run.status, run.meetings) == (RunStatus.DONE, 1)
    # Idempotent: running a finished run again changes nothing.
    assert run_schedule(run_id=run.pk).meetings == 1
    assert Meeting.objects.count() == 1
