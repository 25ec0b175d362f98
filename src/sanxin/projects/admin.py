"""Django admin for platform staff (changes made here bypass the domain's checks)."""

from django.contrib import admin

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


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ("title_en", "title_zh", "planned", "actual", "status")


class ConsortiumInline(admin.TabularInline):
    model = ConsortiumRole
    extra = 0
    fields = ("organization", "role", "status", "share", "source")
    autocomplete_fields = ("organization",)


class StageChangeInline(admin.TabularInline):
    model = ProjectStageChange
    extra = 0
    readonly_fields = ("from_stage", "to_stage", "on", "note", "actor", "recorded")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title_en", "title_zh", "project_type", "country", "owner", "stage")
    list_filter = ("project_type", "stage", "country", "confidentiality", "source", "is_demo")
    search_fields = ("title_en", "title_zh", "title_vi", "city")
    list_select_related = ("owner",)
    autocomplete_fields = ("owner",)
    readonly_fields = ("furthest_stage", "stage", "stage_since", "resume_stage")
    inlines = (PhaseInline, MilestoneInline, ConsortiumInline, StageChangeInline)


@admin.register(ConsortiumRole)
class ConsortiumRoleAdmin(admin.ModelAdmin):
    list_display = ("project", "organization", "role", "status", "share")
    list_filter = ("role", "status", "source")
    list_select_related = ("project", "organization")


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("title_en", "project", "planned", "actual", "status")
    list_filter = ("status",)
    list_select_related = ("project",)


class FundingEntryInline(admin.TabularInline):
    model = FundingEntry
    extra = 0


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ("project", "label", "organization", "kind", "currency")
    list_select_related = ("project", "organization")
    inlines = (FundingEntryInline,)


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "on", "rate", "source")
    list_filter = ("currency",)


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "owner", "due", "status")
    list_filter = ("status",)
    list_select_related = ("project", "owner")


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "content_type", "size", "audience", "uploaded")
    list_select_related = ("project",)
    readonly_fields = ("file", "original_name", "content_type", "size")


@admin.register(Watcher)
class WatcherAdmin(admin.ModelAdmin):
    list_display = ("project", "person", "since")
    list_select_related = ("project", "person")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created", "person", "action", "subject", "read", "mailed")
    list_filter = ("action",)
