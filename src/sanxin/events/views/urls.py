from django.urls import path

from sanxin.events.views import agenda, events, interpreters, participation, schedule

urlpatterns = [
    path("", events.event_list, name="event_list"),
    path("new/", events.event_create, name="event_create"),
    path("<int:pk>/", events.event_detail, name="event_detail"),
    path("<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("<int:pk>/status/", events.event_status, name="event_status"),
    path("<int:pk>/sessions/new/", events.session_add, name="session_add"),
    path("<int:pk>/interpreters/", interpreters.interpreter_list, name="interpreter_list"),
    path("<int:pk>/interpreters/new/", interpreters.interpreter_add, name="interpreter_add"),
    path(
        "<int:pk>/interpreters/<int:interpreter_id>/edit/",
        interpreters.interpreter_edit,
        name="interpreter_edit",
    ),
    path(
        "<int:pk>/interpreters/<int:interpreter_id>/remove/",
        interpreters.interpreter_remove,
        name="interpreter_remove",
    ),
    path("<int:pk>/register/", participation.event_register, name="event_register"),
    path(
        "registrations/<int:registration_id>/<slug:action>/",
        participation.registration_answer,
        name="registration_answer",
    ),
    path("<int:pk>/participants/", participation.event_participants, name="event_participants"),
    path(
        "<int:pk>/participants/<int:registration_id>/request/",
        participation.request_create,
        name="request_create",
    ),
    path("<int:pk>/requests/", participation.event_requests, name="event_requests"),
    path(
        "requests/<int:request_id>/<slug:action>/",
        participation.request_answer,
        name="request_answer",
    ),
    path("<int:pk>/schedule/", schedule.event_schedule, name="event_schedule"),
    path("<int:pk>/booking/", schedule.event_booking, name="event_booking"),
    path("<int:pk>/tables/", schedule.event_tables, name="event_tables"),
    path(
        "meetings/<int:meeting_id>/attendance/",
        schedule.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "check-in/<int:registration_id>/",
        schedule.registration_check_in,
        name="registration_check_in",
    ),
    path("<int:pk>/agenda/", agenda.event_agenda, name="event_agenda"),
    path("<int:pk>/agenda.ics", agenda.event_agenda_ics, name="event_agenda_ics"),
    path("<int:pk>/agenda.pdf", agenda.event_agenda_pdf, name="event_agenda_pdf"),
    path("meetings/<int:meeting_id>/cancel/", agenda.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:meeting_id>/outcome/", agenda.meeting_outcome, name="meeting_outcome"),
    path("outcomes/<int:outcome_id>/", agenda.outcome_detail, name="outcome_detail"),
    path("<int:pk>/report/", agenda.event_report_view, name="event_report"),
]
