"""Django admin for platform staff: targets and reports are only looked at here (see
``sanxin.common.admin_views``) — changes go through the platform's pages and API, whose domain
functions check powers, validate and write the audit log."""

from django.contrib import admin

from sanxin.common.admin_views import ReadOnlyAdmin
from sanxin.insights.models import CarbonTarget, Report


@admin.register(CarbonTarget)
class CarbonTargetAdmin(ReadOnlyAdmin):
    list_display = ("alliance", "year", "tco2_per_year", "set_by", "updated")
    list_filter = ("alliance",)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = (
        "alliance",
        "period_start",
        "period_end",
        "language",
        "file_format",
        "status",
        "progress",
        "requested_by",
        "created",
    )
    list_filter = ("status", "file_format", "language")
