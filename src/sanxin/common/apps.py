from celery.signals import task_postrun
from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from sanxin.common import freshness


class CommonConfig(AppConfig):
    name = "sanxin.common"
    label = "common"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Any change to the data moves the generation of cached pages on (common/freshness.py).
        for name, signal in (
            ("save", post_save),
            ("delete", post_delete),
            ("m2m", m2m_changed),
        ):
            signal.connect(freshness.on_model_change, dispatch_uid=f"sanxin-fresh-{name}")
        task_postrun.connect(freshness.on_task_done, dispatch_uid="sanxin-fresh-task")
