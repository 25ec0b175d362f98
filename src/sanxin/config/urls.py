"""URL map: the UI under /en/, /zh-hans/ and /vi/; the API and admin unprefixed."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from sanxin.common.views import logo
from sanxin.config.api import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", include("sanxin.common.urls")),
    path("media/logos/<str:name>", logo, name="logo"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("sanxin.directory.views.account_urls")),
    path("projects/", include("sanxin.projects.views.urls")),
    path("notifications/", include("sanxin.projects.views.inbox_urls")),
    path("events/", include("sanxin.events.views.urls")),
    path("appraisals/", include("sanxin.appraisals.views.urls")),
    path("matching/", include("sanxin.matching.views.urls")),
    path("chains/", include("sanxin.chains.views.urls")),
    path("insights/", include("sanxin.insights.views.urls")),
    path("", include("sanxin.directory.views.urls")),
    prefix_default_language=True,
)
