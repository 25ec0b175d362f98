"""Django admin for platform staff: projects and everything in them are only looked at here
(see ``sanxin.common.admin_views``) — changes go through the platform's pages and API, whose
domain functions check powers, validate, keep versions and write the audit log. Exchange rates
are reference data and stay editable."""

from django.contrib import admin

from sanxin.common.admin_views import ReadOnlyAdmin, ReadOnlyInline
from sanxin.projects.models import (
    ConsortiumRole,
    Document,
    ExchangeRate,
    FollowUp,
    FundingEntry,
    FundingSource,
    Milestone,
    Notification,
    Phase,
    Project,
    ProjectStageChange,
    Watcher,
)


class PhaseInline(ReadOnlyInline):
    model = Phase


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("title_en", "title_zh", "planned", "actual", "status")


class ConsortiumInline(ReadOnlyInline):
    model = ConsortiumRole
    fields = ("organization", "role", "status", "share", "source")


class StageChangeInline(ReadOnlyInline):
    model = ProjectStageChange
    fields = ("from_stage", "to_stage", "on", "note", "actor", "recorded")
    readonly_fields = ("recorded",)


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("title_en", "title_zh", "project_type", "country", "owner", "stage")
    list_filter = ("project_type", "stage", "country", "confidentiality", "source", "is_demo")
    search_fields = ("title_en", "title_zh", "title_vi", "city")
    list_select_related = ("owner",)
    inlines = (PhaseInline, MilestoneInline, ConsortiumInline, StageChangeInline)


@admin.register(ConsortiumRole)
class ConsortiumRoleAdmin(ReadOnlyAdmin):
    list_display = ("project", "organization", "role", "status", "share")
    list_filter = ("role", "status", "source")
    list_select_related = ("project", "organization")


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ("title_en", "project", "planned", "actual", "status")
    list_filter = ("status",)
    list_select_related = ("project",)


class FundingEntryInline(ReadOnlyInline):
    model = FundingEntry


@admin.register(FundingSource)
class FundingSourceAdmin(ReadOnlyAdmin):
    list_display = ("project", "label", "organization", "kind", "currency")
    list_select_related = ("project", "organization")
    inlines = (FundingEntryInline,)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "on", "rate", "source")
    list_filter = ("currency",)


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("title", "project", "owner", "due", "status")
    list_filter = ("status",)
    list_select_related = ("project", "owner")


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "project", "content_type", "size", "audience", "uploaded")
    list_select_related = ("project",)


@admin.register(Watcher)
class WatcherAdmin(ReadOnlyAdmin):
    list_display = ("project", "person", "since")
    list_select_related = ("project", "person")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created", "person", "action", "subject", "read", "mailed")
    list_filter = ("action",)
