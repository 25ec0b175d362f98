from django.urls import path

from sanxin.appraisals.views import appraisals

urlpatterns = [
    path("assumptions/", appraisals.appraisal_assumptions, name="appraisal_assumptions"),
    path("project/<int:project_id>/", appraisals.appraisal_list, name="appraisal_list"),
    path("project/<int:project_id>/new/", appraisals.appraisal_create, name="appraisal_create"),
    path(
        "project/<int:project_id>/compare/",
        appraisals.appraisal_compare,
        name="appraisal_compare",
    ),
    path("<int:pk>/", appraisals.appraisal_detail, name="appraisal_detail"),
    path("<int:pk>/export.xlsx", appraisals.appraisal_export, name="appraisal_export"),
]
