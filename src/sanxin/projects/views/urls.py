from django.urls import path

from sanxin.projects.views import board, imports, parts, project

urlpatterns = [
    path("", board.project_list, name="project_list"),
    path("board/", board.project_board, name="project_board"),
    path("landing/", board.project_landing, name="project_landing"),
    path("follow-ups/", board.follow_ups_mine, name="follow_ups_mine"),
    path("imports/", imports.project_import, name="project_import"),
    path("imports/<int:pk>/", imports.project_import_run, name="project_import_run"),
    path("new/", project.project_create, name="project_create"),
    path("<int:pk>/", project.project_detail, name="project_detail"),
    path("<int:pk>/edit/", project.project_edit, name="project_edit"),
    path("<int:pk>/stage/", project.project_stage, name="project_stage"),
    path("<int:pk>/watch/", project.project_watch, name="project_watch"),
    path("<int:pk>/phases/new/", parts.phase_edit, name="phase_add"),
    path("<int:pk>/phases/<int:phase_id>/", parts.phase_edit, name="phase_edit"),
    path("<int:pk>/phases/<int:phase_id>/delete/", parts.phase_delete, name="phase_delete"),
    path("<int:pk>/milestones/new/", parts.milestone_edit, name="milestone_add"),
    path("<int:pk>/milestones/<int:milestone_id>/", parts.milestone_edit, name="milestone_edit"),
    path(
        "<int:pk>/milestones/<int:milestone_id>/delete/",
        parts.milestone_delete,
        name="milestone_delete",
    ),
    path("<int:pk>/consortium/invite/", parts.consortium_invite, name="consortium_invite"),
    path(
        "consortium/<int:role_id>/<slug:action>/",
        parts.consortium_answer,
        name="consortium_answer",
    ),
    path("<int:pk>/funding/new/", parts.funding_add, name="funding_add"),
    path("<int:pk>/follow-ups/new/", parts.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:follow_up_id>/", parts.follow_up_edit, name="follow_up_edit"),
    path("follow-ups/<int:follow_up_id>/done/", parts.follow_up_done, name="follow_up_done"),
    path("<int:pk>/documents/new/", parts.document_upload, name="document_upload"),
    path("documents/<int:document_id>/", parts.document_download, name="document_download"),
    path("documents/<int:document_id>/delete/", parts.document_delete, name="document_delete"),
]
