from django.urls import path

from sanxin.matching.views import pages, panels

urlpatterns = [
    path("projects/<int:pk>/partners/", panels.project_partners, name="match_project_partners"),
    path("organizations/<slug:slug>/", panels.organization_panel, name="match_organization"),
    path("events/<int:pk>/meetings/", panels.event_meetings, name="match_event_meetings"),
    path("feedback/", panels.feedback, name="match_feedback"),
    path("projects/<int:pk>/consortium/", pages.consortium_builder, name="match_consortium"),
    path(
        "projects/<int:pk>/consortium/invite/",
        pages.consortium_invite,
        name="match_consortium_invite",
    ),
    path("invitations/", pages.invitations, name="match_invitations"),
]
