from django.urls import path

from sanxin.insights.views import dashboard, reports

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("csv/<slug:key>/", dashboard.dashboard_csv, name="dashboard_csv"),
    path("target/", dashboard.target_edit, name="insights_target"),
    path("reports/", reports.report_list, name="report_list"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/download/", reports.report_download, name="report_download"),
]
