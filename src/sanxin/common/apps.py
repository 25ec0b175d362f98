from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from sanxin.common import freshness


class CommonConfig(AppConfig):
    name = "sanxin.common"
    label = "common"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Every statement is watched: writes move their tables' generations on, and the tables
        # a cached page reads are noted (common/freshness.py, common/page_cache.py).
        connection_created.connect(freshness.install, dispatch_uid="sanxin-freshness")
