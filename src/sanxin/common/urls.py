from django.urls import path

from sanxin.common.views import healthz

urlpatterns = [path("", healthz, name="healthz")]
