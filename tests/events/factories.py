"""factory-boy factories for every model of the events app."""

from __future__ import annotations

import datetime as dt

import factory

from sanxin.events.enums import (
    EventAudience,
    EventStatus,
    Priority,
    RegistrationKind,
    RegistrationStatus,
    RequestStatus,
)
from sanxin.events.models import (
    Event,
    Interpreter,
    Meeting,
    MeetingRequest,
    Outcome,
    Registration,
    Session,
)
from tests.factories import AllianceFactory, PersonFactory

DAY = dt.date(2030, 5, 12)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    alliance = factory.SubFactory(AllianceFactory)
    title_en = factory.Sequence(lambda n: f"Symposium {n}")
    title_zh = factory.Sequence(lambda n: f"研讨会{n}")
    start_date = DAY
    end_date = DAY
    venue = "Chengdu Century City"
    time_zone = "Asia/Shanghai"
    audience = EventAudience.ALLIANCE
    status = EventStatus.PUBLISHED
    booking_open = True
    meeting_start = dt.time(9, 0)
    meeting_end = dt.time(12, 0)
    slot_minutes = 30
    breaks = factory.LazyFunction(lambda: [["10:30", "11:00"]])
    tables_per_slot = 3


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title_en = factory.Sequence(lambda n: f"Keynote {n}")
    starts = dt.datetime(2030, 5, 12, 0, 0, tzinfo=dt.UTC)  # 08:00 in Chengdu
    ends = dt.datetime(2030, 5, 12, 0, 45, tzinfo=dt.UTC)
    room = "Hall A"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    organization = factory.LazyAttribute(lambda r: r.person.organization)
    kind = RegistrationKind.MEMBER
    status = RegistrationStatus.APPROVED
    listed = True
    offers = "20 MW-class gearboxes"
    seeks = "EPC partners in Vietnam"
    languages = factory.LazyFunction(lambda: ["zh", "en"])


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    event = factory.LazyAttribute(lambda r: r.sender.event)
    sender = factory.SubFactory(RegistrationFactory)
    recipient = factory.SubFactory(
        RegistrationFactory, event=factory.SelfAttribute("..sender.event")
    )
    message = "Shall we talk about gearboxes?"
    priority = Priority.WANT
    status = RequestStatus.PENDING


class InterpreterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interpreter

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Interpreter {n}")
    language_a = "vi"
    language_b = "zh"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    request = factory.SubFactory(MeetingRequestFactory, status=RequestStatus.ACCEPTED)
    event = factory.LazyAttribute(lambda m: m.request.event)
    slot = "2030-05-12 09:00"
    starts = dt.datetime(2030, 5, 12, 1, 0, tzinfo=dt.UTC)
    ends = dt.datetime(2030, 5, 12, 1, 30, tzinfo=dt.UTC)
    table = factory.Sequence(lambda n: n + 1)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    meeting = factory.SubFactory(MeetingFactory)
    registration = factory.LazyAttribute(lambda o: o.meeting.request.sender)
    result = "follow_up"
