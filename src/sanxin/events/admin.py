"""Django admin for platform staff: events and everything in them are only looked at here (see
``sanxin.common.admin_views``) — changes go through the platform's pages and API, whose domain
functions check powers, validate, keep versions and write the audit log."""

from django.contrib import admin

from sanxin.common.admin_views import ReadOnlyAdmin, ReadOnlyInline
from sanxin.events.models import (
    Event,
    Interpreter,
    Meeting,
    MeetingRequest,
    Outcome,
    Registration,
    ScheduleRun,
    Session,
)


class SessionInline(ReadOnlyInline):
    model = Session


class InterpreterInline(ReadOnlyInline):
    model = Interpreter


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ("title_en", "title_zh", "alliance", "start_date", "status", "booking_open")
    list_filter = ("status", "audience", "alliance")
    search_fields = ("title_en", "title_zh", "title_vi", "venue")
    inlines = (SessionInline, InterpreterInline)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("person", "organization", "event", "kind", "status", "listed")
    list_filter = ("status", "kind", "event")
    list_select_related = ("person", "organization", "event")


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ("event", "sender", "recipient", "priority", "status", "created")
    list_filter = ("status", "priority", "event")
    list_select_related = ("event", "sender", "recipient")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("event", "slot", "table", "status", "attendance")
    list_filter = ("status", "attendance", "event")
    list_select_related = ("event",)


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "registration", "result", "project", "follow_up")
    list_select_related = ("meeting", "registration", "project", "follow_up")


@admin.register(ScheduleRun)
class ScheduleRunAdmin(ReadOnlyAdmin):
    list_display = ("event", "created", "status", "meetings", "objective", "upper_bound")
