"""Provinces of China and Vietnam (both Vietnam's 34 since July 2025 and its 63 before)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.common.i18n import localized
from sanxin.directory.enums import RegionScheme


class Region(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    country = models.CharField(_("country"), max_length=2, db_index=True)
    scheme = models.CharField(_("scheme"), max_length=10, choices=RegionScheme.choices)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )

    class Meta:
        ordering = ("country", "scheme", "name_en")
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def is_current(self) -> bool:
        return self.scheme != RegionScheme.VN_LEGACY
