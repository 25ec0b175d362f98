"""Django admin: appraisals are history, so the admin only browses them."""

from django.contrib import admin

from sanxin.appraisals.models import Appraisal
from sanxin.common.admin_views import ReadOnlyAdmin


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyAdmin):
    list_display = ("scenario", "project", "technology", "npv_project", "irr_equity", "created")
    list_filter = ("technology", "engine_version")
    search_fields = ("scenario", "project__title_en", "project__title_zh", "project__title_vi")
    list_select_related = ("project",)
