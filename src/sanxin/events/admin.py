"""Django admin for platform staff (changes made here bypass the domain's checks)."""

from django.contrib import admin

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


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class InterpreterInline(admin.TabularInline):
    model = Interpreter
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title_en", "title_zh", "alliance", "start_date", "status", "booking_open")
    list_filter = ("status", "audience", "alliance")
    search_fields = ("title_en", "title_zh", "title_vi", "venue")
    inlines = (SessionInline, InterpreterInline)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("person", "organization", "event", "kind", "status", "listed")
    list_filter = ("status", "kind", "event")
    raw_id_fields = ("person", "organization", "delegation")


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ("event", "sender", "recipient", "priority", "status", "created")
    list_filter = ("status", "priority", "event")
    raw_id_fields = ("sender", "recipient", "answered_by")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("event", "slot", "table", "status", "attendance")
    list_filter = ("status", "attendance", "event")
    raw_id_fields = ("request", "no_show_by", "run")


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ("meeting", "registration", "result", "project", "follow_up")
    raw_id_fields = ("meeting", "registration", "project", "follow_up")


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ("event", "created", "status", "meetings", "objective", "upper_bound")
    readonly_fields = ("unplaced", "warnings")
