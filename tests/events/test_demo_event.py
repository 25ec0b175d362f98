"""The demo symposium loads through the domain functions and has a solved schedule."""

import datetime as dt

import pytest

pytestmark = pytest.mark.integration

TODAY = dt.date(2026, 5, 4)


def test_demo_symposium(db):
    from sanxin.demo import load_everything
    from sanxin.events.models import Event, Meeting, MeetingRequest, Registration, ScheduleRun

    load_everything(today=TODAY)
    event = Event.objects.get(is_demo=True)
    assert event.start_date == TODAY + dt.timedelta(days=21)
    assert Registration.objects.filter(event=event).count() == 14
    assert Registration.objects.filter(event=event, delegation__isnull=False).count() == 2
    statuses = sorted(MeetingRequest.objects.values_list("status", flat=True))
    assert statuses.count("accepted") == 13
    run = ScheduleRun.objects.get(event=event)
    assert run.status == "done"
    assert Meeting.objects.filter(event=event, status="published").count() == run.meetings > 10
    assert run.upper_bound >= run.objective
