"""The notifications inbox, mounted at ``/<lang>/notifications/`` (``config/urls.py``).

The names are global like every other app's (``notification_list``…): the site uses no URL
namespaces, and the access matrix walks the names as they are.
"""

from django.urls import path

from sanxin.projects.views import inbox

urlpatterns = [
    path("", inbox.notification_list, name="notification_list"),
    path("read/", inbox.notification_read_all, name="notification_read_all"),
    path("<int:pk>/read/", inbox.notification_read, name="notification_read"),
]
