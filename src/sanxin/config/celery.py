"""The Celery app; eager (in-process) when SANXIN_BROKER_URL is empty."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxin.config.settings")
app = Celery("sanxin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
